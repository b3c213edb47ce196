import type { SimulateRunResult } from './simulate-run.js';

const colours = { holds: '32', violated: '31', unknown: '33' } as const;

/**
 * One line of a `simulate --seeds` sweep: the seed, its verdict, its headline figures, the first
 * characters of its trace hash (equal wherever the seed runs), and why it is not `holds`.
 *
 * @example
 * ```ts
 * formatSweepLine(simulateRun(job), { color: false });
 * // 'seed 3  VIOLATED  availability 100% · stale reads 12/75 · lost writes 0/74 · trace 3f2a9c1b — the history is not linearizable (keys k0)'
 * ```
 */
export function formatSweepLine(result: SimulateRunResult, options: { readonly color: boolean; readonly seedWidth?: number }): string {
  const verdict = result.verdict.toUpperCase().padEnd(8);
  const painted = options.color ? `\u001b[${colours[result.verdict]}m${verdict}\u001b[0m` : verdict;
  const figures = [
    `availability ${(result.availability * 100).toFixed(0)}%`,
    `stale reads ${result.staleReads}/${result.readsChecked}`,
    `lost writes ${result.lostWrites}/${result.acknowledgedWrites}`,
    `trace ${result.traceSha256.slice(0, 8)}`,
  ].join(' · ');
  const why = result.findings.length === 0 ? '' : ` — ${result.findings.join('; ')}`;
  return `seed ${String(result.seed).padEnd(options.seedWidth ?? 0)}  ${painted}  ${figures}${why}`;
}

/** Tallies of a sweep so far, and where it stopped. */
export interface SweepTally {
  readonly runs: number;
  readonly planned: number;
  readonly holds: number;
  readonly violated: number;
  readonly unknown: number;
  /** The first seed that refuted the claim, with the command that replays it. */
  readonly firstViolation?: { readonly seed: number; readonly replay: string };
  /** True when `--fail-fast` stopped the sweep at its first refutation. */
  readonly stoppedEarly: boolean;
}

/**
 * The closing lines of a `simulate --seeds` sweep: the tally, and the first refutation with its
 * replay command.
 *
 * @example
 * ```ts
 * formatSweepSummary({ runs: 6, planned: 6, holds: 4, violated: 2, unknown: 0, stoppedEarly: false, firstViolation: { seed: 3, replay: 'pacelc simulate ... --seed 3' } });
 * ```
 */
export function formatSweepSummary(tally: SweepTally): string {
  const lines = [`${tally.runs} run${tally.runs === 1 ? '' : 's'}: ${tally.holds} hold, ${tally.violated} violated, ${tally.unknown} undecided`];
  if (tally.stoppedEarly) lines.push(`stopped at the first refutation (--fail-fast) after ${tally.runs} of ${tally.planned} seeds`);
  if (tally.firstViolation !== undefined) lines.push(`first refutation: seed ${tally.firstViolation.seed} (replay: ${tally.firstViolation.replay})`);
  return `${lines.join('\n')}\n`;
}
