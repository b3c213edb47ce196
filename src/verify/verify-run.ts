import { checkHistory, type CheckResult, type ConsistencyName, type HistoryEvent } from '../check/index.js';
import type { FaultKind, ScheduledFault } from '../sim/index.js';
import { simulate, type SimulateOptions } from '../replication/index.js';
import { findDoubleBookings } from './double-booking.js';
import type { EntityPlan } from './plan.js';

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
  /** Acknowledged writes the conflict resolution dropped for a concurrent one (last writer wins), when the design accepts that. */
  readonly discardedConcurrent: number;
  /** Whether every replica converged after the faults healed (absent: the model does not say). */
  readonly converged?: boolean;
  /** Entities that claim no double booking: successful claims (compare-and-sets) and double bookings among them. */
  readonly claims?: number;
  readonly doubleBookings?: number;
  readonly faults: readonly string[];
}

/**
 * What a plan's runs judge beyond its consistency checks: lost writes (RPO 0, or every write when
 * the spec requires it), writes dropped by conflict resolution, and convergence of the replicas.
 *
 * @example
 * ```ts
 * const { noLostWrites, checksConvergence } = judged(plan);
 * ```
 */
export function judged(plan: EntityPlan): { readonly noLostWrites: boolean; readonly acceptConcurrentDiscards: boolean; readonly checksConvergence: boolean } {
  const protocol = plan.protocol;
  return {
    // A counter's increments add up (merge: counter): an acknowledged increment missing from the count is lost, whatever the RPO.
    noLostWrites: plan.claim.noLostAcknowledgedWrites || plan.claim.noConcurrentWriteDropped || plan.dataType === 'counter',
    acceptConcurrentDiscards: !plan.claim.noConcurrentWriteDropped,
    checksConvergence: protocol?.kind === 'multi-leader' || (protocol?.kind === 'leaderless' && (protocol.antiEntropyIntervalMs ?? 0) > 0),
  };
}

/** The settings every run of a verification shares. */
export interface RunSettings {
  readonly operations: number;
  readonly clients: number;
  readonly faults: readonly FaultKind[];
  /** Faults at fixed times on top of the drawn ones (a fault added by hand in the lab). */
  readonly schedule?: readonly ScheduledFault[];
}

/**
 * One seed of one entity, as plain data: what a sweep sends to a worker thread or a queue, and
 * what {@link verifyRun} turns into a {@link VerifyRunResult}.
 *
 * @example
 * ```ts
 * const job: VerifyRunJob = { kind: 'verify', plan, seed: 7, settings: { operations: 300, clients: 5, faults: ['partition'] }, maxCheckSteps: 20_000_000 };
 * ```
 */
export interface VerifyRunJob {
  readonly kind: 'verify';
  /** A plan with a protocol (entities without a model are never run). */
  readonly plan: EntityPlan;
  readonly seed: number;
  readonly settings: RunSettings;
  /** Search steps the checker may take per history before answering `unknown`. */
  readonly maxCheckSteps: number;
  /** Keep the history of a violating run in the result (large: the in-process path only). */
  readonly keepHistory?: boolean;
}

/** What one run gives back: its figures, and for a refuting run the checker results (and the history when asked). */
export interface VerifyRunResult {
  readonly kind: 'verify';
  readonly entity: string;
  readonly outcome: RunOutcome;
  /** The checker results, present when the run refuted the claim. */
  readonly checks?: readonly CheckResult[];
  /** The run's history, present when the run refuted the claim and the job asked for it. */
  readonly history?: readonly HistoryEvent[];
  /** Raft entities: how long each election of the run took (ms), and the share of operations (%) that failed in each fault window, by fault kind. */
  readonly consensus?: { readonly elections: readonly number[]; readonly unavailability: ReadonlyArray<readonly [kind: string, percent: number]> };
}

/**
 * The simulation one verify run makes: the same options replay it (the HTML report draws a run
 * this way, with its messages recorded).
 *
 * @example
 * ```ts
 * const report = simulate({ ...verifySimulateOptions(job), messageLog: new MessageLog({ fromMs: 0, toMs: 500 }) });
 * ```
 */
export function verifySimulateOptions(job: Pick<VerifyRunJob, 'plan' | 'seed' | 'settings'>): SimulateOptions {
  const { plan, seed, settings } = job;
  if (plan.protocol === undefined) throw new RangeError(`Invalid plan: entity "${plan.entity}" has no simulator model to run`);
  const { noLostWrites, acceptConcurrentDiscards, checksConvergence } = judged(plan);
  return {
    seed,
    protocol: plan.protocol,
    workload: { operations: settings.operations, clients: settings.clients, dataType: plan.dataType, mix: plan.mix },
    faults: { random: { kinds: settings.faults }, ...(settings.schedule === undefined ? {} : { schedule: settings.schedule }) },
    claim: { consistency: 'none', noLostWrites, acceptConcurrentDiscards, convergence: checksConvergence },
    keepHistory: plan.checks.length > 0 || plan.claim.noDoubleBooking === true,
  };
}

/**
 * Simulates one seed of one entity's plan and checks its history against the claim.
 * Deterministic: the same job gives the same result, wherever it runs.
 *
 * @example
 * ```ts
 * const result = verifyRun({ kind: 'verify', plan, seed: 2, settings, maxCheckSteps: 20_000_000 });
 * result.outcome.verdict; // 'holds' | 'violated' | 'unknown'
 * ```
 */
export function verifyRun(job: VerifyRunJob): VerifyRunResult {
  const { plan, seed } = job;
  if (plan.protocol === undefined) throw new RangeError(`Invalid plan: entity "${plan.entity}" has no simulator model to run`);
  const checksStaleness = plan.claim.consistency === 'bounded-staleness' && plan.claim.stalenessBoundMs !== undefined;
  const { acceptConcurrentDiscards } = judged(plan);
  const collection = plan.dataType !== 'register';
  const report = simulate(verifySimulateOptions(job));
  const findings = [...report.findings];
  let verdict: RunVerdict = report.verdict;
  const doubleBookings = plan.claim.noDoubleBooking === true && report.history !== undefined ? findDoubleBookings(report.history) : undefined;
  if (doubleBookings !== undefined && doubleBookings.count > 0) {
    verdict = 'violated';
    findings.push(`${doubleBookings.count} double booking${doubleBookings.count === 1 ? '' : 's'}, first: ${doubleBookings.first ?? ''}`);
  }
  const checks: CheckResult[] = [];
  // Sets and logs: the session guarantees come from the audit by data type.
  for (const consistency of collection ? plan.checks : []) {
    const session = (report.data?.sessions as Record<string, { violations: number; first?: string } | undefined> | undefined)?.[consistency];
    if (session === undefined) {
      if (verdict === 'holds') verdict = 'unknown';
      findings.push(`no ${consistency} checker for a ${plan.dataType}`);
    } else if (session.violations > 0) {
      verdict = 'violated';
      findings.push(`${consistency} broken ${session.violations} time${session.violations === 1 ? '' : 's'}, first: ${session.first ?? ''}`);
    }
  }
  for (const consistency of collection ? [] : plan.checks) {
    if (report.history === undefined) break;
    const check = checkHistory(report.history, { model: 'cas-register', consistency, budget: { maxSteps: job.maxCheckSteps } });
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
  const outcome: RunOutcome = {
    seed,
    verdict,
    findings,
    availability: report.totals.availability,
    staleReads: report.freshness.staleReads,
    readsChecked: report.freshness.readsChecked,
    maxStaleMs: report.freshness.staleMs.max,
    lostWrites: report.data === undefined ? report.freshness.lostWrites : report.data.lost + (acceptConcurrentDiscards ? 0 : report.data.discardedConcurrent),
    acknowledgedWrites: report.data?.acknowledgedWrites ?? report.freshness.acknowledgedWrites,
    discardedConcurrent: acceptConcurrentDiscards ? (report.data?.discardedConcurrent ?? 0) : 0,
    ...(doubleBookings === undefined ? {} : { claims: doubleBookings.claims, doubleBookings: doubleBookings.count }),
    ...(report.data?.converged === undefined ? {} : { converged: report.data.converged }),
    faults: report.faultsInjected.map((fault) => fault.fault.kind),
  };
  const consensus =
    plan.protocol.kind === 'raft'
      ? {
          consensus: {
            elections: report.protocolDistributions.electionMs ?? [],
            unavailability: report.faultWindows.filter((window) => window.operations > 0).map((window) => [window.description.split(' ')[0] as string, Math.round((1 - window.availability) * 1000) / 10] as const),
          },
        }
      : {};
  if (verdict !== 'violated') return { kind: 'verify', entity: plan.entity, outcome, ...consensus };
  return { kind: 'verify', entity: plan.entity, outcome, checks, ...(job.keepHistory === true && report.history !== undefined ? { history: report.history } : {}), ...consensus };
}

function describeViolation(consistency: ConsistencyName, check: CheckResult): string {
  const counterexample = check.counterexample;
  if (counterexample?.kind === 'session') {
    const first = counterexample.violations[0];
    return `${consistency} broken ${counterexample.total} time${counterexample.total === 1 ? '' : 's'}${first === undefined ? '' : `, first: ${first.explanation}`}`;
  }
  return `the history is not ${consistency}${check.violatedKeys === undefined ? '' : ` (keys ${check.violatedKeys.join(', ')})`}`;
}
