import type { Design } from '../advisor/design-types.js';
import type { CheckResult, HistoryEvent } from '../check/index.js';
import { invalidOption } from '../errors.js';
import type { FaultKind, ScheduledFault } from '../sim/index.js';
import { type EntityPlan, planVerification } from './plan.js';
import { type RunOutcome, type RunVerdict, type VerifyRunJob, type VerifyRunResult, judged, verifyRun } from './verify-run.js';

export type { RunOutcome, RunVerdict } from './verify-run.js';

/** Faults drawn by default: what production does to replication (lag spikes and skewed clocks included). */
export const defaultFaults: readonly FaultKind[] = ['partition', 'crash', 'latency-spike', 'clock-skew'];

/** Options of {@link verifyDesign}. */
export interface VerifyOptions {
  /** Simulated runs per entity, each with its own seed. Default 5, at most {@link maxSeeds}. */
  readonly seeds?: number;
  /** The first seed; runs use firstSeed, firstSeed + 1, ... Default 1. */
  readonly firstSeed?: number;
  /** Client operations per run. Default 1000. */
  readonly operations?: number;
  /** Concurrent clients per run. Default 5. */
  readonly clients?: number;
  /** The faults drawn during each run. Default {@link defaultFaults}. */
  readonly faults?: readonly FaultKind[];
  /** Faults at fixed times added to every run, on top of the drawn ones (node numbers are each entity's cluster's). */
  readonly schedule?: readonly ScheduledFault[];
  /** Only these entities (by name). Default all. */
  readonly entities?: readonly string[];
  /** Staleness bounds (ms) the spec gives, by entity, for bounded-staleness claims. */
  readonly stalenessBoundsMs?: ReadonlyMap<string, number>;
  /** Search steps the checker may take per history before answering `unknown`. Default 20 million. */
  readonly maxCheckSteps?: number;
  /** Called after each run. */
  readonly onRun?: (entity: string, seed: number, verdict: RunVerdict) => void;
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
  /** What the verdict covers: each part of the claim that every run checked. */
  readonly checked: readonly string[];
  /** Parts of the claim, or figures, that were measured and reported but not judged. */
  readonly notChecked: readonly string[];
  readonly notes: readonly string[];
  /** Raft entities: how long each election took (ms), over every run. */
  readonly elections?: readonly number[];
  /** By fault kind: the share of operations (%) that did not succeed during each window of that fault, over every run. */
  readonly unavailabilityByFault?: Readonly<Record<string, readonly number[]>>;
}

export interface VerificationReport {
  readonly system: string;
  readonly settings: {
    readonly seeds: number;
    readonly firstSeed: number;
    readonly operations: number;
    readonly clients: number;
    readonly faults: readonly FaultKind[];
    /** Faults at fixed times added to every run (the lab's faults added by hand). */
    readonly schedule?: readonly ScheduledFault[];
  };
  readonly entities: readonly EntityVerification[];
  /** `violated` if any entity is, else `unknown` if any is, else `holds`. */
  readonly verdict: RunVerdict;
  /** Present when a sweep stopped at its first refutation (`--fail-fast`): what ran, and the entities never reached. */
  readonly stopped?: { readonly reason: 'fail-fast'; readonly runsDone: number; readonly runsPlanned: number; readonly entitiesNotRun: readonly string[] };
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
  const setup = prepareVerification(design, options);
  const entities = setup.plans.map((plan) => {
    const runs = new EntityRuns(plan);
    for (const job of verificationJobs(setup, plan)) {
      const result = verifyRun({ ...job, keepHistory: runs.firstViolation === undefined });
      runs.add(result);
      options.onRun?.(plan.entity, job.seed, result.outcome.verdict);
    }
    return runs.verification();
  });
  return verificationReport(setup, entities);
}

/** The validated settings and the selected entities' plans of a verification: what its runs are made from. */
export interface VerificationSetup {
  readonly system: string;
  readonly settings: VerificationReport['settings'];
  readonly plans: readonly EntityPlan[];
  readonly maxCheckSteps: number;
}

/**
 * Validates `options` and plans each selected entity: the first step of {@link verifyDesign},
 * shared with seed sweeps that run the same jobs elsewhere (worker threads, a queue).
 *
 * @example
 * ```ts
 * const setup = prepareVerification(design, { seeds: 100 });
 * const jobs = setup.plans.flatMap((plan) => verificationJobs(setup, plan));
 * ```
 */
export function prepareVerification(design: Design, options: VerifyOptions = {}): VerificationSetup {
  const settings = {
    seeds: positiveInteger('seeds', options.seeds ?? 5, maxSeeds),
    firstSeed: options.firstSeed ?? 1,
    operations: positiveInteger('operations', options.operations ?? 1_000, 1_000_000),
    clients: positiveInteger('clients', options.clients ?? 5, 100),
    faults: options.faults ?? defaultFaults,
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
  };
  if (!Number.isSafeInteger(settings.firstSeed) || settings.firstSeed < 0 || settings.firstSeed + settings.seeds > Number.MAX_SAFE_INTEGER) {
    throw invalidOption('firstSeed', options.firstSeed, 'a safe integer >= 0');
  }
  const maxCheckSteps = options.maxCheckSteps ?? 20_000_000;
  if (!Number.isSafeInteger(maxCheckSteps) || maxCheckSteps < 1) throw invalidOption('maxCheckSteps', options.maxCheckSteps, 'a whole number >= 1');
  const plans = planVerification(design, options.stalenessBoundsMs);
  const unknownEntities = (options.entities ?? []).filter((name) => !plans.some((plan) => plan.entity === name));
  if (unknownEntities.length > 0) throw invalidOption('entities', unknownEntities, `names of entities in the design (${plans.map((plan) => plan.entity).join(', ')})`);
  const selected = options.entities === undefined ? plans : plans.filter((plan) => options.entities?.includes(plan.entity));
  return { system: design.system.name, settings, plans: selected, maxCheckSteps };
}

/** The most seeds one verification runs per entity. */
export const maxSeeds = 1_000_000;

/** The runs of one entity, in seed order (none when the entity has no simulator model). */
export function verificationJobs(setup: VerificationSetup, plan: EntityPlan): VerifyRunJob[] {
  if (plan.protocol === undefined) return [];
  const { settings } = setup;
  const runSettings = { operations: settings.operations, clients: settings.clients, faults: settings.faults, ...(settings.schedule === undefined ? {} : { schedule: settings.schedule }) };
  return Array.from({ length: settings.seeds }, (_, index) => ({ kind: 'verify', plan, seed: settings.firstSeed + index, settings: runSettings, maxCheckSteps: setup.maxCheckSteps }));
}

/**
 * One entity's runs, added in seed order, and the verdict they give. Keeps each run's figures and
 * the first refutation (with its history when the result carries one), never another history:
 * a sweep of many thousand seeds stays small. A sweep that stopped early has the runs it has:
 * the verdict is then about those.
 *
 * @example
 * ```ts
 * const runs = new EntityRuns(plan);
 * for (const job of verificationJobs(setup, plan)) runs.add(verifyRun(job));
 * runs.verification().verdict; // 'holds' | 'violated' | ...
 * ```
 */
export class EntityRuns {
  readonly plan: EntityPlan;
  private readonly runs: RunOutcome[] = [];
  private readonly elections: number[] = [];
  private readonly unavailability: Record<string, number[]> = {};
  private violation: EntityVerification['firstViolation'];

  constructor(plan: EntityPlan) {
    this.plan = plan;
  }

  /** The first run that refuted the claim so far. */
  get firstViolation(): EntityVerification['firstViolation'] {
    return this.violation;
  }

  /** Adds the next run's result (the runs must come in seed order). */
  add(result: VerifyRunResult): void {
    this.runs.push(result.outcome);
    if (result.consensus !== undefined) {
      this.elections.push(...result.consensus.elections);
      for (const [kind, percent] of result.consensus.unavailability) (this.unavailability[kind] ??= []).push(percent);
    }
    if (result.outcome.verdict === 'violated' && this.violation === undefined) {
      this.violation = { seed: result.outcome.seed, findings: result.outcome.findings, ...(result.history === undefined ? {} : { history: result.history }), checks: result.checks ?? [] };
    }
  }

  /** Attaches a history to the first refutation (re-run where the result came without it). */
  attachHistory(history: readonly HistoryEvent[]): void {
    if (this.violation !== undefined) this.violation = { ...this.violation, history };
  }

  /** The entity's verdict from the runs added so far. */
  verification(): EntityVerification {
    const plan = this.plan;
    if (plan.protocol === undefined) {
      return { entity: plan.entity, plan, verdict: 'not-modelled', runs: [], checked: [], notChecked: [], notes: [plan.notModelled ?? 'no simulator model for this replication'] };
    }
    const runs = this.runs;
    const firstViolation = this.violation;
    const notes: string[] = [];
    const checksStaleness = plan.claim.consistency === 'bounded-staleness' && plan.claim.stalenessBoundMs !== undefined;
    const { noLostWrites, acceptConcurrentDiscards, checksConvergence } = judged(plan);
    const refutable = plan.checks.length > 0 || noLostWrites || checksStaleness || checksConvergence || plan.claim.noDoubleBooking;
    const verdicts = runs.map((run) => run.verdict);
    let verdict: EntityVerdict = verdicts.includes('violated') ? 'violated' : verdicts.includes('unknown') ? 'unknown' : 'holds';
    if (!refutable && verdict === 'holds') {
      verdict = 'measured';
      notes.push(`${plan.claim.consistency} makes no promise a finite history can refute${plan.claim.consistency === 'bounded-staleness' ? ' without a bound in the spec' : ''}: staleness and availability are measured, not judged`);
    }
    if (plan.checksStrongerThanClaim) notes.push('sequential consistency is checked as linearizability, which implies it: a pass proves the claim, a failure leaves it undecided');
    const raft = plan.protocol.kind === 'raft' ? { elections: this.elections, unavailabilityByFault: Object.fromEntries(Object.entries(this.unavailability).sort(([a], [b]) => a.localeCompare(b))) } : {};
    const collection = plan.dataType !== 'register';
    const checked = [
      ...plan.checks.map((check) => (plan.checksStrongerThanClaim ? `${check} (stronger than the ${plan.claim.consistency} claim)` : check)),
      ...(checksStaleness ? [`staleness ≤ ${plan.claim.stalenessBoundMs} ms`] : []),
      ...(noLostWrites
        ? [
            plan.claim.noConcurrentWriteDropped
              ? 'no acknowledged write lost (the spec requires every one kept)'
              : plan.dataType === 'counter'
                ? 'no acknowledged increment lost (a counter’s increments add up)'
                : `no acknowledged write lost${collection ? ` (per ${plan.dataType} operation)` : ''}`,
          ]
        : []),
      ...(plan.claim.noDoubleBooking ? ['no double booking: no two successful claims of one item from the same state'] : []),
      ...(checksConvergence ? ['every replica converges once the faults heal'] : []),
    ];
    const notChecked = [
      ...(noLostWrites ? [] : ['lost acknowledged writes (RPO 0 not claimed): measured only']),
      ...(noLostWrites && acceptConcurrentDiscards && plan.dataType === 'register' && plan.protocol.kind === 'multi-leader' && plan.protocol.conflictResolution === 'last-writer-wins' ? ['writes dropped by last-writer-wins for a concurrent write: the design accepts them, counted only'] : []),
      ...((plan.claim.consistency === 'eventual' || plan.claim.consistency === 'bounded-staleness') && !checksConvergence ? ['convergence of the replicas (this model does not expose them)'] : []),
      ...(plan.claim.consistency === 'bounded-staleness' && !checksStaleness ? ['the staleness bound (the spec gives none): measured only'] : []),
      'stale reads and availability: measured only',
    ];
    return { entity: plan.entity, plan, verdict, runs, ...(firstViolation === undefined ? {} : { firstViolation }), checked, notChecked, notes, ...raft };
  }
}

/** The report of a verification from its entities' verdicts. */
export function verificationReport(setup: VerificationSetup, entities: readonly EntityVerification[], stopped?: VerificationReport['stopped']): VerificationReport {
  const verdicts = entities.map((entity) => entity.verdict);
  const verdict: RunVerdict = verdicts.includes('violated') ? 'violated' : verdicts.includes('unknown') ? 'unknown' : 'holds';
  return { system: setup.system, settings: setup.settings, entities, verdict, ...(stopped === undefined ? {} : { stopped }) };
}

function positiveInteger(option: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw invalidOption(option, value, `an integer from 1 to ${max}`);
  return value;
}
