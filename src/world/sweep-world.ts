import { isAbsolute, resolve } from 'node:path';
import { invalidOption } from '../errors.js';
import { runSweep, type SweepOptions } from '../sweep/run-sweep.js';
import { faultMagnitude, withMagnitude, type WorldFault } from './fault-schedule.js';
import { loadWorld } from './load-world.js';
import { runWorld, type WorldDefinition, type WorldRunResult } from './run-world.js';
import type { WorldRunJob } from './world-run-job.js';

/** Where a sweep's world comes from: a module and its export (runs on worker threads), or a definition in hand (runs here). */
export type WorldSource = { readonly module: string; readonly exportName?: string } | WorldDefinition;

/**
 * Options of {@link sweepWorld}.
 *
 * @example
 * ```ts
 * await sweepWorld({ module: 'world.ts', exportName: 'orderSystem' }, { seeds: [1, 100], jobs: 2 });
 * ```
 */
export interface WorldSweepOptions extends Pick<SweepOptions, 'jobs' | 'onProgress'> {
  /** The first and last seed, both included. */
  readonly seeds: readonly [number, number];
  /** Stop at the first failing seed (in seed order). Default true. */
  readonly failFast?: boolean;
  /** Shrink the first failing seed's fault schedule. Default true. */
  readonly shrink?: boolean;
  /** Most runs shrinking may spend. Default 200. */
  readonly maxShrinkRuns?: number;
}

/** A failing seed's schedule, shrunk to the fewest faults, then to the smallest faults, that still break the same invariant. */
export interface ShrunkFaults {
  readonly keptFaults: readonly number[];
  /** The kept faults, at their shrunk sizes. */
  readonly faults: readonly WorldFault[];
  /** The sizes shrinking made smaller, by index into the seed's schedule (see `WorldRunOptions.magnitudes`). */
  readonly magnitudes: Readonly<Record<number, number>>;
  /** Runs spent shrinking. */
  readonly runs: number;
  /** The last failing run with the kept faults (its trace tail shows how it broke). */
  readonly result: WorldRunResult;
}

/** What a sweep found. */
export interface WorldSweepReport {
  readonly world: string;
  readonly module: string | undefined;
  readonly exportName: string | undefined;
  readonly seeds: readonly [number, number];
  readonly runs: number;
  readonly violatedSeeds: readonly number[];
  readonly firstFailure: WorldRunResult | undefined;
  readonly shrunk: ShrunkFaults | undefined;
  /** For each `sometimes` property: how many seeds reached it. */
  readonly coverage: Readonly<Record<string, number>>;
  readonly steps: number;
  readonly stoppedEarly: boolean;
}

/**
 * Runs a world over a range of seeds — on every core, through the sweep module `pacelc verify`
 * uses, when the world comes from a module — and reports the failing seeds, the first one's fault
 * schedule shrunk to the fewest faults that still fail it, and the `sometimes` properties no seed
 * reached. The report is the same whatever `jobs` says.
 *
 * @example
 * ```ts
 * const report = await sweepWorld({ module: 'examples/sim/order-system/world.ts', exportName: 'consumerWithoutInbox' }, { seeds: [1, 20] });
 * console.log(formatWorldSweep(report));
 * ```
 */
export async function sweepWorld(source: WorldSource, options: WorldSweepOptions): Promise<WorldSweepReport> {
  const [first, last] = options.seeds;
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && first >= 0 && last >= first && last - first < 10_000_000)) throw invalidOption('seeds', options.seeds, 'a range [first, last] of seeds with 0 <= first <= last');
  const failFast = options.failFast ?? true;
  let definition: WorldDefinition;
  let module: string | undefined;
  let exportName: string | undefined;
  if ('module' in source) {
    module = isAbsolute(source.module) || source.module.startsWith('file:') ? source.module : resolve(source.module);
    const loaded = await loadWorld(module, source.exportName);
    definition = loaded.world;
    exportName = loaded.name;
  } else {
    definition = source;
  }
  const seeds = Array.from({ length: last - first + 1 }, (_, index) => first + index);
  const results: AsyncIterable<WorldRunResult> =
    module === undefined
      ? inThisThread(definition, seeds, options.onProgress)
      : runSweep(
          seeds.map((seed): WorldRunJob => ({ kind: 'world', module: module as string, exportName: exportName as string, seed })),
          { ...(options.jobs === undefined ? {} : { jobs: options.jobs }), ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) },
        );
  const violatedSeeds: number[] = [];
  const coverage: Record<string, number> = {};
  let firstFailure: WorldRunResult | undefined;
  let runs = 0;
  let steps = 0;
  let stoppedEarly = false;
  for await (const result of results) {
    runs++;
    steps += result.steps;
    for (const [name, reached] of Object.entries(result.sometimes)) coverage[name] = (coverage[name] ?? 0) + (reached ? 1 : 0);
    if (result.verdict === 'violated') {
      violatedSeeds.push(result.seed);
      firstFailure ??= result;
      if (failFast) {
        stoppedEarly = runs < seeds.length;
        break;
      }
    }
  }
  const shrunk = firstFailure !== undefined && options.shrink !== false ? await shrinkFaults(definition, firstFailure, options.maxShrinkRuns ?? 200) : undefined;
  return { world: definition.name, module, exportName, seeds: [first, last], runs, violatedSeeds, firstFailure, shrunk, coverage, steps, stoppedEarly };
}

async function* inThisThread(definition: WorldDefinition, seeds: readonly number[], onProgress: SweepOptions['onProgress']): AsyncGenerator<WorldRunResult> {
  for (let index = 0; index < seeds.length; index++) {
    const result = await runWorld(definition, { seed: seeds[index] as number });
    onProgress?.(index + 1, seeds.length);
    yield result;
  }
}

/**
 * Shrinks a failing run's fault schedule: removes one fault at a time and keeps the removal when
 * the run still breaks the same invariant, until no single fault can go (a 1-minimal schedule,
 * as delta debugging's ddmin reaches at its finest granularity); then halves each kept fault's
 * size (a crash's or a partition's length, a clock jump, a loss or duplication probability) while
 * the run still breaks it. Deterministic: each attempt is the same seed with a subset of its
 * faults, at given sizes.
 *
 * @example
 * ```ts
 * const shrunk = await shrinkFaults(world, failing, 200);
 * shrunk.faults; // e.g. [{ kind: 'duplicate', probability: 0.005 }]
 * ```
 */
export async function shrinkFaults(definition: WorldDefinition, failing: WorldRunResult, maxRuns: number): Promise<ShrunkFaults> {
  const broken = failing.violations[0]?.invariant;
  const stillBroken = (attempt: WorldRunResult): boolean => attempt.verdict === 'violated' && attempt.violations.some((violation) => violation.invariant === broken);
  let kept = [...failing.keptFaults];
  let last = failing;
  let runs = 0;
  let changed = true;
  while (changed && runs < maxRuns) {
    changed = false;
    for (let index = kept.length - 1; index >= 0 && runs < maxRuns; index--) {
      const candidate = kept.filter((_, position) => position !== index);
      runs++;
      const attempt = await runWorld(definition, { seed: failing.seed, keepFaults: candidate });
      if (stillBroken(attempt)) {
        kept = candidate;
        last = attempt;
        changed = true;
      }
    }
  }
  const magnitudes: Record<number, number> = {};
  for (const index of kept) {
    const fault = failing.schedule[index] as WorldFault;
    let size = faultMagnitude(fault);
    for (let smaller = halved(fault, size); smaller !== undefined && runs < maxRuns; smaller = halved(fault, size)) {
      runs++;
      const attempt = await runWorld(definition, { seed: failing.seed, keepFaults: kept, magnitudes: { ...magnitudes, [index]: smaller } });
      if (!stillBroken(attempt)) break;
      magnitudes[index] = size = smaller;
      last = attempt;
    }
  }
  return {
    keptFaults: kept,
    faults: kept.map((index) => {
      const fault = failing.schedule[index] as WorldFault;
      const size = magnitudes[index];
      return size === undefined ? fault : withMagnitude(fault, size);
    }),
    magnitudes,
    runs,
    result: last,
  };
}

/** Half a fault's size, or undefined when it is as small as shrinking goes (1 ms, a probability of 0.001). */
function halved(fault: WorldFault, size: number): number | undefined {
  if (fault.kind === 'loss' || fault.kind === 'duplicate') {
    const half = Math.round((size / 2) * 1e6) / 1e6;
    return half >= 0.001 ? half : undefined;
  }
  const half = Math.floor(size / 2);
  return half >= 1 ? half : undefined;
}
