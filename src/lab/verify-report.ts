import { checkHistory } from '../check/check-history.js';
import type { CheckResult } from '../check/result.js';
import { createProtocol, simulate } from '../replication/simulate.js';
import { MessageLog } from '../sim/message-log.js';
import { describeProtocol, formatVerification, replayCommand } from '../verify/format-verification.js';
import type { EntityVerification, VerificationReport } from '../verify/verify-design.js';
import { verifySimulateOptions } from '../verify/verify-run.js';
import { type ReportInput, writeReport } from './render-report.js';
import type { RunReportData, VerifyEntityView } from './run-report-data.js';
import { messageWindow, runView, violationWindow } from './run-report.js';

/** Search steps for the checks of the runs the report draws (as verify's default). */
const maxCheckSteps = 20_000_000;

/**
 * Writes the report of `pacelc verify`: each entity's claim and runs, and for each entity one run
 * drawn in full (the first seed that refuted the claim, else the first seed), made again from its
 * seed with its messages recorded — the same seed and options give the same run (once, when the
 * report kept the refuting run's history and checks; else twice: to find the window, then to
 * record it). Returns the
 * file's size in bytes.
 *
 * @example
 * ```ts
 * writeVerifyReport('verify.html', report);
 * ```
 */
export function writeVerifyReport(path: string, report: VerificationReport): number {
  return writeReport(path, verifyReportInput(report));
}

/**
 * What {@link writeVerifyReport} writes, for `renderReport` (the lab serves it instead of writing it).
 *
 * @example
 * ```ts
 * response.end(renderReport(verifyReportInput(report)));
 * ```
 */
export function verifyReportInput(report: VerificationReport): ReportInput {
  const entities = report.entities.map((entity) => entityView(entity, report.settings));
  const data: RunReportData = { kind: 'verify', verdict: report.verdict, system: report.system, entities, text: formatVerification(report, { color: false }) };
  const verdict = report.verdict === 'holds' ? 'every checked claim holds' : report.verdict === 'violated' ? 'a claim is refuted' : 'undecided';
  return { title: `verify: ${report.system}`, kind: 'run', subtitle: `${verdict}: ${entities.length} ${entities.length === 1 ? 'entity' : 'entities'}, ${report.settings.seeds} seeds each`, data };
}

function entityView(entity: EntityVerification, settings: VerificationReport['settings']): VerifyEntityView {
  const plan = entity.plan;
  const base = {
    entity: entity.entity,
    verdict: entity.verdict,
    protocol: plan.protocol === undefined ? `not modelled${plan.notModelled === undefined ? '' : `: ${plan.notModelled}`}` : describeProtocol(plan.protocol),
    checked: [...entity.checked],
    notChecked: [...entity.notChecked],
    runs: entity.runs.map((run) => ({ seed: run.seed, verdict: run.verdict, availability: run.availability, findings: [...run.findings] })),
  };
  if (plan.protocol === undefined) return base;
  const seed = entity.firstViolation?.seed ?? entity.runs[0]?.seed ?? settings.firstSeed;
  const outcome = entity.runs.find((run) => run.seed === seed);
  const options = verifySimulateOptions({ plan, seed, settings });
  // The messages are recorded in a window around the operation the checks blame, known only once
  // the run is over and checked: so the drawn run is made again with its messages recorded. When
  // verify kept the refuting run's history and checks (verifyDesign and the lab do), the window
  // comes from them and the run is made once here; else it is made, checked, then made again.
  const kept = entity.firstViolation?.seed === seed && plan.dataType === 'register' ? entity.firstViolation : undefined;
  const keptWindow = kept?.history === undefined ? undefined : violationWindow(kept.history, kept.checks);
  let checks: readonly CheckResult[];
  let window: { fromMs: number; toMs: number };
  if (kept !== undefined && keptWindow !== undefined) {
    checks = kept.checks;
    window = keptWindow;
  } else {
    const first = simulate(options);
    checks = plan.dataType === 'register' && first.history !== undefined ? plan.checks.map((consistency) => checkHistory(first.history ?? [], { model: 'cas-register', consistency, budget: { maxSteps: maxCheckSteps } })) : [];
    window = messageWindow(first, checks);
  }
  const failedCheck = checks.find((check) => check.verdict === 'violated')?.consistency;
  const replay = replayCommand(plan, seed, settings, failedCheck);
  const messages = new MessageLog({ ...window, maxMessages: 2_000 });
  const drawn = simulate({ ...options, keepHistory: true, messageLog: messages });
  const run = runView({
    title: `${entity.entity}: ${base.protocol}, seed ${seed}`,
    report: drawn,
    nodeCount: createProtocol(plan.protocol).nodeCount,
    replay,
    checks,
    verdict: outcome?.verdict ?? (failedCheck === undefined ? drawn.verdict : 'violated'),
    findings: outcome?.findings ?? drawn.findings,
    messages,
    withText: false,
  });
  return { ...base, run, replay };
}
