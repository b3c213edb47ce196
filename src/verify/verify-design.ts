import type { Design } from '../advisor/design-types.js';
import { checkHistory, type CheckResult, type ConsistencyName, type HistoryEvent } from '../check/index.js';
import { invalidOption } from '../errors.js';
import { simulate } from '../replication/index.js';
import type { FaultKind } from '../sim/index.js';
import { type EntityPlan, planVerification } from './plan.js';

/** Faults drawn by default: what production does to replication (lag spikes and skewed clocks included). */
export const defaultFaults: readonly FaultKind[] = ['partition', 'crash', 'latency-spike', 'clock-skew'];

/** Options of {@link verifyDesign}. */
export interface VerifyOptions {
  /** Simulated runs per entity, each with its own seed. Default 5. */
  readonly seeds?: number;
  /** The first seed; runs use firstSeed, firstSeed + 1, ... Default 1. */
  readonly firstSeed?: number;
  /** Client operations per run. Default 1000. */
  readonly operations?: number;
  /** Concurrent clients per run. Default 5. */
  readonly clients?: number;
  /** The faults drawn during each run. Default {@link defaultFaults}. */
  readonly faults?: readonly FaultKind[];
  /** Only these entities (by name). Default all. */
  readonly entities?: readonly string[];
  /** Staleness bounds (ms) the spec gives, by entity, for bounded-staleness claims. */
  readonly stalenessBoundsMs?: ReadonlyMap<string, number>;
  /** Search steps the checker may take per history before answering `unknown`. Default 20 million. */
  readonly maxCheckSteps?: number;
  /** Called after each run. */
  readonly onRun?: (entity: string, seed: number, verdict: RunVerdict) => void;
}

export type RunVerdict = 'holds' | 'violated' | 'unknown';

/** One simulated run of one entity. */
export interface RunOutcome {
  readonly seed: number;
  readonly verdict: RunVerdict;
  /** Why the verdict is not `holds`, one sentence each. */
  readonly findings: readonly string[];
  readonly availability: number;
  readonly staleReads: number;
  readonly readsChecked: number;
  readonly maxStaleMs: number;
  readonly lostWrites: number;
  readonly acknowledgedWrites: number;
  readonly faults: readonly string[];
}

/**
 * The verdict on one entity's claim: `holds` (every run passed every check), `violated` (a run
 * refuted it: see `firstViolation`), `unknown` (a check could not decide), `not-modelled` (no
 * simulator model for the chosen replication), or `measured` (the claim, e.g. eventual
 * consistency, makes no safety promise a finite history can refute: figures only).
 */
export type EntityVerdict = RunVerdict | 'not-modelled' | 'measured';

export interface EntityVerification {
  readonly entity: string;
  readonly plan: EntityPlan;
  readonly verdict: EntityVerdict;
  readonly runs: readonly RunOutcome[];
  /** The first run that refuted the claim, with its history (JSON lines via formatJsonLinesHistory) and checker results. */
  readonly firstViolation?: { readonly seed: number; readonly findings: readonly string[]; readonly history?: readonly HistoryEvent[]; readonly checks: readonly CheckResult[] };
  readonly notes: readonly string[];
  /** Raft entities: how long each election took (ms), over every run. */
  readonly elections?: readonly number[];
  /** By fault kind: the share of operations (%) that did not succeed during each window of that fault, over every run. */
  readonly unavailabilityByFault?: Readonly<Record<string, readonly number[]>>;
}

export interface VerificationReport {
  readonly system: string;
  readonly settings: { readonly seeds: number; readonly firstSeed: number; readonly operations: number; readonly clients: number; readonly faults: readonly FaultKind[] };
  readonly entities: readonly EntityVerification[];
  /** `violated` if any entity is, else `unknown` if any is, else `holds`. */
  readonly verdict: RunVerdict;
}

/**
 * Verifies a design's claims: for each entity, simulates the replication the design chose under
 * drawn partitions and crashes, over several seeds, and checks each history against the chosen
 * consistency model (and against losing acknowledged writes when the design promises RPO 0).
 * Deterministic: the same design and options give the same report.
 *
 * @example
 * ```ts
 * import { design, parseSpec } from 'pacelc/advisor';
 * import { verifyDesign } from 'pacelc/verify';
 * const report = verifyDesign(design(parseSpec(yamlText, { file: 'bank.yaml' })), { seeds: 3 });
 * report.entities.map((entity) => `${entity.entity}: ${entity.verdict}`); // ['ledger: holds', ...]
 * ```
 */
export function verifyDesign(design: Design, options: VerifyOptions = {}): VerificationReport {
  const settings = {
    seeds: positiveInteger('seeds', options.seeds ?? 5, 1_000),
    firstSeed: options.firstSeed ?? 1,
    operations: positiveInteger('operations', options.operations ?? 1_000, 1_000_000),
    clients: positiveInteger('clients', options.clients ?? 5, 100),
    faults: options.faults ?? defaultFaults,
  };
  if (!Number.isSafeInteger(settings.firstSeed) || settings.firstSeed < 0) throw invalidOption('firstSeed', options.firstSeed, 'a safe integer >= 0');
  const plans = planVerification(design, options.stalenessBoundsMs);
  const unknownEntities = (options.entities ?? []).filter((name) => !plans.some((plan) => plan.entity === name));
  if (unknownEntities.length > 0) throw invalidOption('entities', unknownEntities, `names of entities in the design (${plans.map((plan) => plan.entity).join(', ')})`);
  const selected = options.entities === undefined ? plans : plans.filter((plan) => options.entities?.includes(plan.entity));
  const entities = selected.map((plan) => verifyEntity(plan, settings, options));
  const verdicts = entities.map((entity) => entity.verdict);
  const verdict: RunVerdict = verdicts.includes('violated') ? 'violated' : verdicts.includes('unknown') ? 'unknown' : 'holds';
  return { system: design.system.name, settings, entities, verdict };
}

function verifyEntity(plan: EntityPlan, settings: VerificationReport['settings'], options: VerifyOptions): EntityVerification {
  if (plan.protocol === undefined) {
    return { entity: plan.entity, plan, verdict: 'not-modelled', runs: [], notes: [plan.notModelled ?? 'no simulator model for this replication'] };
  }
  const runs: RunOutcome[] = [];
  const elections: number[] = [];
  const unavailability: Record<string, number[]> = {};
  let firstViolation: EntityVerification['firstViolation'];
  const notes: string[] = [];
  const checksStaleness = plan.claim.consistency === 'bounded-staleness' && plan.claim.stalenessBoundMs !== undefined;
  const refutable = plan.checks.length > 0 || plan.claim.noLostAcknowledgedWrites || checksStaleness;
  for (let index = 0; index < settings.seeds; index++) {
    const seed = settings.firstSeed + index;
    const report = simulate({
      seed,
      protocol: plan.protocol,
      workload: { operations: settings.operations, clients: settings.clients },
      faults: { random: { kinds: settings.faults } },
      claim: { consistency: 'none', noLostWrites: plan.claim.noLostAcknowledgedWrites },
      keepHistory: plan.checks.length > 0,
    });
    const findings = [...report.findings];
    let verdict: RunVerdict = report.verdict;
    if (plan.protocol.kind === 'raft') {
      elections.push(...(report.protocolDistributions.electionMs ?? []));
      for (const window of report.faultWindows) {
        if (window.operations === 0) continue;
        const kind = window.description.split(' ')[0] as string;
        (unavailability[kind] ??= []).push(Math.round((1 - window.availability) * 1000) / 10);
      }
    }
    const checks: CheckResult[] = [];
    for (const consistency of plan.checks) {
      if (report.history === undefined) break;
      const check = checkHistory(report.history, { model: 'cas-register', consistency, budget: { maxSteps: options.maxCheckSteps ?? 20_000_000 } });
      checks.push(check);
      if (check.verdict === 'violated') {
        if (plan.checksStrongerThanClaim) {
          if (verdict === 'holds') verdict = 'unknown';
          findings.push(`not ${consistency}, which ${plan.claim.consistency} does not require: the ${plan.claim.consistency} claim is undecided`);
        } else {
          verdict = 'violated';
          findings.push(describeViolation(consistency, check));
        }
      } else if (check.verdict === 'unknown' && verdict === 'holds') {
        verdict = 'unknown';
        findings.push(`the ${consistency} check could not decide: ${check.reason ?? 'budget exhausted'}`);
      }
    }
    const bound = plan.claim.stalenessBoundMs;
    if (checksStaleness && bound !== undefined && report.freshness.staleMs.max > bound) {
      verdict = 'violated';
      findings.push(`a read was ${report.freshness.staleMs.max} ms stale, over the ${bound} ms bound`);
    }
    runs.push({
      seed,
      verdict,
      findings,
      availability: report.totals.availability,
      staleReads: report.freshness.staleReads,
      readsChecked: report.freshness.readsChecked,
      maxStaleMs: report.freshness.staleMs.max,
      lostWrites: report.freshness.lostWrites,
      acknowledgedWrites: report.freshness.acknowledgedWrites,
      faults: report.faultsInjected.map((fault) => fault.fault.kind),
    });
    options.onRun?.(plan.entity, seed, verdict);
    if (verdict === 'violated' && firstViolation === undefined) {
      firstViolation = { seed, findings, ...(report.history === undefined ? {} : { history: report.history }), checks };
    }
  }
  const verdicts = runs.map((run) => run.verdict);
  let verdict: EntityVerdict = verdicts.includes('violated') ? 'violated' : verdicts.includes('unknown') ? 'unknown' : 'holds';
  if (!refutable && verdict === 'holds') {
    verdict = 'measured';
    notes.push(`${plan.claim.consistency} makes no promise a finite history can refute${plan.claim.consistency === 'bounded-staleness' ? ' without a bound in the spec' : ''}: staleness and availability are measured, not judged`);
  }
  if (plan.checksStrongerThanClaim) notes.push('sequential consistency is checked as linearizability, which implies it: a pass proves the claim, a failure leaves it undecided');
  const raft = plan.protocol.kind === 'raft' ? { elections, unavailabilityByFault: Object.fromEntries(Object.entries(unavailability).sort(([a], [b]) => a.localeCompare(b))) } : {};
  return { entity: plan.entity, plan, verdict, runs, ...(firstViolation === undefined ? {} : { firstViolation }), notes, ...raft };
}

function describeViolation(consistency: ConsistencyName, check: CheckResult): string {
  const counterexample = check.counterexample;
  if (counterexample?.kind === 'session') {
    const first = counterexample.violations[0];
    return `${consistency} broken ${counterexample.total} time${counterexample.total === 1 ? '' : 's'}${first === undefined ? '' : `, first: ${first.explanation}`}`;
  }
  return `the history is not ${consistency}${check.violatedKeys === undefined ? '' : ` (keys ${check.violatedKeys.join(', ')})`}`;
}

function positiveInteger(option: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw invalidOption(option, value, `an integer from 1 to ${max}`);
  return value;
}
