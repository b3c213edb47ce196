import type { Design } from '../advisor/design-types.js';
import {
  EntityRuns,
  prepareVerification,
  type VerificationReport,
  verificationJobs,
  verificationReport,
  type VerifyOptions,
} from '../verify/verify-design.js';
import { verifyRun } from '../verify/verify-run.js';
import { runSweep, type SweepOptions } from './run-sweep.js';

/** Options of {@link sweepVerification}: what to verify, and how the sweep runs. */
export interface VerifySweepOptions extends Omit<VerifyOptions, 'onRun'>, SweepOptions {
  /** Stop at the first run that refutes a claim (in entity order, then seed order). */
  readonly failFast?: boolean;
  /** Re-run each entity's first refuting seed here to attach its history (for `--out`): histories never travel through a sweep. */
  readonly withViolationHistory?: boolean;
}

/**
 * {@link verifyDesign}, its runs spread over worker threads or `pacelc worker`s. The report is
 * the one `verifyDesign` gives, whatever `jobs` or `queue` say: the runs are the same jobs, run by
 * the same function, put back in seed order. Only results are kept, never histories, so a sweep of
 * many thousand seeds runs in bounded memory.
 *
 * @example
 * ```ts
 * const report = await sweepVerification(design, { seeds: 10_000, jobs: 8, failFast: true });
 * ```
 */
export async function sweepVerification(design: Design, options: VerifySweepOptions = {}): Promise<VerificationReport> {
  const setup = prepareVerification(design, options);
  const jobs = setup.plans.flatMap((plan) => verificationJobs(setup, plan));
  const byEntity = new Map(setup.plans.map((plan) => [plan.entity, new EntityRuns(plan)]));
  let done = 0;
  let stoppedAt: string | undefined;
  for await (const result of runSweep(jobs, options)) {
    done++;
    byEntity.get(result.entity)?.add(result);
    if (options.failFast === true && result.outcome.verdict === 'violated') {
      stoppedAt = result.entity;
      break;
    }
  }
  const stoppedIndex = stoppedAt === undefined ? -1 : setup.plans.findIndex((plan) => plan.entity === stoppedAt);
  const reached = stoppedAt === undefined ? setup.plans : setup.plans.filter((plan, index) => index <= stoppedIndex || plan.protocol === undefined);
  const entities = reached.map((plan) => {
    const runs = byEntity.get(plan.entity) as EntityRuns;
    const violation = runs.firstViolation;
    if (violation !== undefined && options.withViolationHistory === true) {
      // Histories never travel through a sweep: the refuting seed runs again here, deterministically.
      const job = verificationJobs(setup, plan).find((candidate) => candidate.seed === violation.seed);
      const history = job === undefined ? undefined : verifyRun({ ...job, keepHistory: true }).history;
      if (history !== undefined) runs.attachHistory(history);
    }
    return runs.verification();
  });
  const stopped =
    stoppedAt === undefined
      ? undefined
      : { reason: 'fail-fast' as const, runsDone: done, runsPlanned: jobs.length, entitiesNotRun: setup.plans.filter((plan) => !reached.includes(plan)).map((plan) => plan.entity) };
  return verificationReport(setup, entities, stopped);
}
