import type { Design } from '../advisor/design-types.js';
import type { HandFault, LabRunRequest } from './lab-api.js';
import { createProtocol } from '../replication/index.js';
import type { ScheduledFault } from '../sim/index.js';
import { ThreadPool } from '../sweep/thread-pool.js';
import { planVerification } from '../verify/plan.js';
import { EntityRuns, prepareVerification, type RunVerdict, type VerificationReport, type VerificationSetup, verificationJobs, verificationReport } from '../verify/verify-design.js';
import type { VerifyRunJob, VerifyRunResult } from '../verify/verify-run.js';

export type { HandFault } from './lab-api.js';

/** The kinds of {@link HandFault}. */
export const handFaultKinds: readonly HandFault['kind'][] = ['partition', 'crash', 'pause'];

/** What a lab run verifies: a design, how many seeds from which, how many operations, which entity, and a fault by hand. */
export interface LabVerifyOptions extends Omit<LabRunRequest, 'text' | 'file'> {
  /** Worker threads the runs spread over. */
  readonly threads: number;
  /** After each run, in the order they finish. */
  readonly onRun?: (progress: { readonly done: number; readonly total: number; readonly entity: string; readonly seed: number; readonly verdict: RunVerdict }) => void;
  /** Stops the runs not yet finished (the report then covers none: the run failed). */
  readonly signal?: AbortSignal;
}

/** The most seeds, operations and fault duration the lab runs at once (`pacelc verify` has the large sweeps). */
export const labLimits = { seeds: 1_000, operations: 100_000, faultEndMs: 3_600_000 } as const;

/**
 * Turns a hand fault into the simulator's schedule, for an entity's cluster of `nodeCount` nodes.
 *
 * @throws RangeError naming the field and the value when the fault is not one the cluster can have.
 *
 * @example
 * ```ts
 * scheduleOf({ kind: 'partition', nodes: [0], fromMs: 200, toMs: 1_500 }, 3);
 * // [{ atMs: 200, durationMs: 1300, fault: { kind: 'partition', groups: [[0], [1, 2]] } }]
 * ```
 */
export function scheduleOf(fault: HandFault, nodeCount: number): ScheduledFault[] {
  if (!handFaultKinds.includes(fault.kind)) throw new RangeError(`Invalid option fault.kind: expected one of ${handFaultKinds.join(', ')}, received ${JSON.stringify(fault.kind)}`);
  if (!Array.isArray(fault.nodes) || fault.nodes.length === 0) throw new RangeError(`Invalid option fault.nodes: expected at least one node from 0 to ${nodeCount - 1}, received ${JSON.stringify(fault.nodes)}`);
  for (const node of fault.nodes) {
    if (!Number.isInteger(node) || node < 0 || node >= nodeCount) throw new RangeError(`Invalid option fault.nodes: expected nodes from 0 to ${nodeCount - 1} (the entity's cluster has ${nodeCount}), received ${JSON.stringify(node)}`);
  }
  if (!Number.isFinite(fault.fromMs) || fault.fromMs < 0) throw new RangeError(`Invalid option fault.fromMs: expected a time in ms >= 0, received ${JSON.stringify(fault.fromMs)}`);
  if (!Number.isFinite(fault.toMs) || fault.toMs <= fault.fromMs || fault.toMs > labLimits.faultEndMs) {
    throw new RangeError(`Invalid option fault.toMs: expected a time in ms after fault.fromMs (${fault.fromMs}) and at most ${labLimits.faultEndMs}, received ${JSON.stringify(fault.toMs)}`);
  }
  const nodes = [...new Set(fault.nodes)].sort((a, b) => a - b);
  const timing = { atMs: fault.fromMs, durationMs: fault.toMs - fault.fromMs };
  switch (fault.kind) {
    case 'partition': {
      const rest = Array.from({ length: nodeCount }, (_, node) => node).filter((node) => !nodes.includes(node));
      if (rest.length === 0) throw new RangeError(`Invalid option fault.nodes: a partition needs nodes on both sides; all ${nodeCount} are listed`);
      return [{ ...timing, fault: { kind: 'partition', groups: [nodes, rest] } }];
    }
    case 'crash':
      return [{ ...timing, fault: { kind: 'crash', nodes } }];
    case 'pause':
      return [{ ...timing, fault: { kind: 'pause', nodes } }];
  }
}

/**
 * Verifies a design for the lab: the same jobs `pacelc verify` runs (with the hand fault added to
 * each), always on worker threads so the lab's server stays responsive, reporting each run as it
 * finishes. The report is the one `verifyDesign` gives for the same jobs; each refuted entity's
 * first refuting seed is run again with its history kept, for the pictures.
 *
 * @throws RangeError for bad options (seeds, operations, entity, fault).
 *
 * @example
 * ```ts
 * const report = await labVerify(design, { seeds: 5, firstSeed: 1, operations: 300, threads: 2, onRun: (progress) => console.log(progress) });
 * ```
 */
export async function labVerify(design: Design, options: LabVerifyOptions): Promise<VerificationReport> {
  return runLabVerify(prepareLabVerify(design, options), options);
}

/** A lab run's validated setup and jobs: {@link prepareLabVerify} checks everything before anything runs. */
export interface PreparedLabVerify {
  readonly setup: VerificationSetup;
  readonly jobs: readonly VerifyRunJob[];
}

/**
 * The first half of {@link labVerify}: validates the options and makes the jobs, synchronously,
 * so a caller can refuse bad input before it starts anything.
 *
 * @throws RangeError for bad options (seeds, operations, entity, fault).
 */
export function prepareLabVerify(design: Design, options: Omit<LabVerifyOptions, 'threads' | 'onRun' | 'signal'>): PreparedLabVerify {
  if (!Number.isSafeInteger(options.seeds) || options.seeds < 1 || options.seeds > labLimits.seeds) throw new RangeError(`Invalid option seeds: expected a whole number from 1 to ${labLimits.seeds}, received ${JSON.stringify(options.seeds)}`);
  if (!Number.isSafeInteger(options.operations) || options.operations < 1 || options.operations > labLimits.operations) {
    throw new RangeError(`Invalid option operations: expected a whole number from 1 to ${labLimits.operations}, received ${JSON.stringify(options.operations)}`);
  }
  if (options.fault !== undefined && options.entity === undefined) throw new RangeError('Invalid option entity: a fault added by hand needs the entity whose cluster it hits, received undefined');
  // A hand fault names nodes of one entity's cluster: it becomes that verification's fixed schedule.
  const faulted = options.entity === undefined ? undefined : planVerification(design).find((plan) => plan.entity === options.entity);
  if (options.fault !== undefined && faulted !== undefined && faulted.protocol === undefined) throw new RangeError(`Invalid option entity: "${faulted.entity}" has no simulator model to run a fault on`);
  const schedule = options.fault === undefined || faulted?.protocol === undefined ? undefined : scheduleOf(options.fault, createProtocol(faulted.protocol).nodeCount);
  const setup = prepareVerification(design, {
    seeds: options.seeds,
    firstSeed: options.firstSeed,
    operations: options.operations,
    ...(options.drawnFaults === undefined ? {} : { faults: options.drawnFaults }),
    ...(schedule === undefined ? {} : { schedule }),
    ...(options.entity === undefined ? {} : { entities: [options.entity] }),
  });
  const jobs: VerifyRunJob[] = setup.plans.flatMap((plan) => verificationJobs(setup, plan));
  return { setup, jobs };
}

/** The second half of {@link labVerify}: runs prepared jobs on worker threads. */
export async function runLabVerify(prepared: PreparedLabVerify, options: Pick<LabVerifyOptions, 'threads' | 'onRun' | 'signal'>): Promise<VerificationReport> {
  const { setup, jobs } = prepared;
  const pool = new ThreadPool(Math.max(1, Math.min(options.threads, jobs.length)));
  const stop = (): void => void pool.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    options.signal?.throwIfAborted();
    let done = 0;
    const results = await Promise.all(
      jobs.map(async (job) => {
        const result = await pool.run(job);
        done++;
        options.onRun?.({ done, total: jobs.length, entity: job.plan.entity, seed: job.seed, verdict: result.outcome.verdict });
        return result;
      }),
    );
    const byEntity = new Map<string, VerifyRunResult[]>();
    for (const result of results) byEntity.set(result.entity, [...(byEntity.get(result.entity) ?? []), result]);
    const entities = [];
    for (const plan of setup.plans) {
      const runs = new EntityRuns(plan);
      for (const result of byEntity.get(plan.entity) ?? []) runs.add(result);
      const violation = runs.firstViolation;
      if (violation !== undefined) {
        const job = jobs.find((candidate) => candidate.plan.entity === plan.entity && candidate.seed === violation.seed);
        const again = job === undefined ? undefined : await pool.run({ ...job, keepHistory: true });
        if (again?.history !== undefined) runs.attachHistory(again.history);
      }
      entities.push(runs.verification());
    }
    return verificationReport(setup, entities);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await pool.close();
  }
}
