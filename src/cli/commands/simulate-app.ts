import { resolve } from 'node:path';
import { formatWorldRun, formatWorldSweep } from '../../world/format-world-sweep.js';
import { loadWorld } from '../../world/load-world.js';
import { runWorld } from '../../world/run-world.js';
import { sweepWorld } from '../../world/sweep-world.js';
import { parseArguments, wholeNumberFlag } from '../arguments.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

/** The help of `pacelc simulate --app`. */
export const appHelp = `usage: pacelc simulate --app FILE [--export NAME] [--seed S | --seeds A..B] [options]

Runs your own services in a simulated world (a module whose export was made by defineWorld from
pacelc/world): processes built from pacelc parts, crashes and restarts, partitions, message loss
and duplication, clock skew, and your invariants. The same seed replays the same run, byte for byte.
A .ts module is loaded through tsx (npm install --save-dev tsx) unless Node can load it itself.

  --app FILE            the module that exports the world
  --export NAME         which of its worlds (default: the only one)
  --seed S              run one seed and print its verdict, faults and trace fingerprint (default 1)
  --keep-faults LIST    with --seed: only these faults of the seed's schedule (indices, or none):
                        what a shrunk schedule's replay line passes
  --magnitudes LIST     with --seed: faults made smaller, INDEX=SIZE,... (a crash's or partition's ms,
                        a clock jump's ms, a loss or duplication probability): shrinking prints them
  --trace               with --seed: print every step of the run
  --seeds A..B          sweep the seeds A to B; stops at the first failing seed and shrinks its faults
  --all                 with --seeds: run every seed (report every failing one), do not stop at the first
  --no-shrink           with --seeds: do not shrink the failing seed's faults
  --jobs J              worker threads for --seeds (default: one per core)

exit status: 0 every invariant held, 1 an invariant broke, 2 bad input`;

const options = {
  app: { type: 'string' },
  export: { type: 'string' },
  seed: { type: 'string' },
  seeds: { type: 'string' },
  'keep-faults': { type: 'string' },
  magnitudes: { type: 'string' },
  trace: { type: 'boolean' },
  all: { type: 'boolean' },
  'no-shrink': { type: 'boolean' },
  jobs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;


function seedRange(text: string): [number, number] {
  const match = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  const first = match === null ? Number.NaN : Number(match[1]);
  const last = match === null ? Number.NaN : Number(match[2]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last < first || last - first >= 1_000_000) {
    throw new UsageError(`--seeds must be a range A..B of whole numbers with A <= B and at most 1,000,000 seeds, e.g. --seeds 1..100, received "${text}"`);
  }
  return [first, last];
}

/**
 * `pacelc simulate --app FILE`: one seed of a user's world, or a sweep of seeds with the failing
 * seed's faults shrunk and its replay printed.
 *
 * @example
 * ```sh
 * pacelc simulate --app examples/sim/order-system/world.ts --export consumerWithoutInbox --seeds 1..20
 * ```
 */
export async function runApp(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runAppUnchecked(args, io);
  } catch (error) {
    // A world's options and a module that cannot be loaded are the user's input, not a pacelc bug.
    if (error instanceof RangeError) throw new UsageError(error.message);
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ENOENT' || code === 'ERR_UNKNOWN_FILE_EXTENSION') throw new UsageError(`cannot load the world module: ${(error as Error).message}`);
    throw error;
  }
}

async function runAppUnchecked(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArguments(args, options);
  if (values.help === true) {
    io.stdout(`${appHelp}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`--app takes no scenario file, received ${positionals.join(' ')}`);
  if (values.app === undefined || values.app === '') throw new UsageError('--app needs the module that exports the world');
  if (values.seed !== undefined && values.seeds !== undefined) throw new UsageError('--seed and --seeds exclude each other');
  const module = resolve(io.cwd, values.app);
  if (values.seeds !== undefined) {
    for (const flag of ['keep-faults', 'magnitudes', 'trace'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to one seed: use --seed S`);
    const report = await sweepWorld(
      { module, ...(values.export === undefined ? {} : { exportName: values.export }) },
      {
        seeds: seedRange(values.seeds),
        failFast: values.all !== true,
        shrink: values['no-shrink'] !== true,
        ...(values.jobs === undefined ? {} : { jobs: wholeNumberFlag('--jobs', values.jobs, 1, 1_024) }),
      },
    );
    io.stdout(formatWorldSweep(report, io.cwd));
    return report.firstFailure === undefined ? ExitCode.ok : ExitCode.violated;
  }
  for (const flag of ['all', 'no-shrink', 'jobs'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to a sweep: use --seeds A..B`);
  const { world } = await loadWorld(module, values.export);
  const seed = values.seed === undefined ? 1 : wholeNumberFlag('--seed', values.seed, 0);
  const keep = values['keep-faults'];
  const keepFaults = keep === undefined ? undefined : keep.trim() === 'none' ? [] : keep.split(',').map((part) => wholeNumberFlag('--keep-faults', part, 0, 1_000));
  const magnitudes = values.magnitudes === undefined ? undefined : parseMagnitudes(values.magnitudes);
  const result = await runWorld(world, { seed, ...(keepFaults === undefined ? {} : { keepFaults }), ...(magnitudes === undefined ? {} : { magnitudes }), ...(values.trace === true ? { keepTrace: true } : {}) });
  io.stdout(formatWorldRun(result));
  return result.verdict === 'ok' ? ExitCode.ok : ExitCode.violated;
}

/** `2=245,0=0.005` → { 2: 245, 0: 0.005 }. */
function parseMagnitudes(text: string): Record<number, number> {
  const magnitudes: Record<number, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)=(\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(part);
    if (match === null) throw new UsageError(`--magnitudes: expected INDEX=SIZE,... (e.g. 2=245,0=0.005), received ${JSON.stringify(text)}`);
    magnitudes[Number(match[1])] = Number(match[2]);
  }
  return magnitudes;
}
