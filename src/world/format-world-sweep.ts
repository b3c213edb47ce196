import { relative } from 'node:path';
import { describeWorldFault, withMagnitude } from './fault-schedule.js';
import type { WorldRunResult } from './run-world.js';
import type { WorldSweepReport } from './sweep-world.js';

/** How many trace lines of the failing run a report shows. */
const TAIL_LINES = 8;

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The command that replays a run: the seed, the kept faults when they are not all of them, and the sizes shrinking gave them. */
export function replayCommand(report: Pick<WorldSweepReport, 'module' | 'exportName'>, result: WorldRunResult, keptFaults: readonly number[] | undefined, cwd: string, magnitudes: Readonly<Record<number, number>> = {}): string {
  const app = report.module === undefined ? '<your world module>' : relative(cwd, report.module.replace(/^file:\/\//, '')) || report.module;
  const keep = keptFaults === undefined || keptFaults.length === result.schedule.length ? '' : ` --keep-faults ${keptFaults.length === 0 ? 'none' : keptFaults.join(',')}`;
  const sizes = Object.entries(magnitudes).map(([index, size]) => `${index}=${size}`);
  return `npx pacelc simulate --app ${app}${report.exportName === undefined ? '' : ` --export ${report.exportName}`} --seed ${result.seed}${keep}${sizes.length === 0 ? '' : ` --magnitudes ${sizes.join(',')}`}`;
}

/** The violations of one run, one line each. */
export function formatViolations(result: WorldRunResult): string[] {
  return result.violations.map((violation) => `${violation.kind} "${violation.invariant}" broke at ${ms(violation.atMs)}: ${violation.message}`);
}

/**
 * A sweep's report as text: the tally, the first failing seed with its faults, the shrunk
 * schedule and the command that replays it, the end of its trace, and the coverage of the
 * `sometimes` properties (those no seed reached first).
 *
 * @example
 * ```ts
 * console.log(formatWorldSweep(await sweepWorld(source, { seeds: [1, 20] })));
 * ```
 */
export function formatWorldSweep(report: WorldSweepReport, cwd: string = process.cwd()): string {
  const lines: string[] = [];
  const [first, last] = report.seeds;
  lines.push(`world ${report.world}: seeds ${first}..${last}, ${plural(report.runs, 'run')}${report.stoppedEarly ? ' (stopped at the first failing seed)' : ''}`);
  const failure = report.firstFailure;
  if (failure === undefined) lines.push(`every invariant held on every seed`);
  else {
    lines.push(`violated on ${plural(report.violatedSeeds.length, 'seed')}: ${report.violatedSeeds.join(', ')}`);
    lines.push('');
    lines.push(`seed ${failure.seed}: ${formatViolations(failure).join('; ')}`);
    lines.push(`  faults of seed ${failure.seed} (${failure.schedule.length}):`);
    failure.schedule.forEach((fault, index) => lines.push(`    [${index}] ${describeWorldFault(fault)}`));
    const shrunk = report.shrunk;
    if (shrunk !== undefined) {
      lines.push(`  shrunk to ${plural(shrunk.faults.length, 'fault')} in ${plural(shrunk.runs, 'run')}:${shrunk.faults.length === 0 ? ' it fails without any fault' : ''}`);
      shrunk.keptFaults.forEach((index, position) => lines.push(`    [${index}] ${describeWorldFault(shrunk.faults[position] as WorldRunResult['schedule'][number])}${index in shrunk.magnitudes ? ' (made smaller)' : ''}`));
      lines.push(`  ${formatViolations(shrunk.result)[0] ?? ''}`);
      lines.push(`  replay: ${replayCommand(report, failure, shrunk.keptFaults, cwd, shrunk.magnitudes)}`);
      lines.push(`  last steps of the shrunk run:`);
      for (const line of shrunk.result.traceTail.slice(-TAIL_LINES)) lines.push(`    ${line}`);
    } else {
      lines.push(`  replay: ${replayCommand(report, failure, undefined, cwd)}`);
    }
  }
  const names = Object.keys(report.coverage);
  if (names.length > 0) {
    lines.push('');
    lines.push('sometimes (coverage):');
    const never = names.filter((name) => report.coverage[name] === 0);
    for (const name of never) lines.push(`  NEVER REACHED  ${name}`);
    for (const name of names) if (!never.includes(name)) lines.push(`  ${String(report.coverage[name]).padStart(3)}/${report.runs} seeds  ${name}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One run as text: its verdict, violations, faults and trace tail.
 *
 * @example
 * ```ts
 * console.log(formatWorldRun(await runWorld(world, { seed: 3 })));
 * ```
 */
export function formatWorldRun(result: WorldRunResult): string {
  const lines = [`world ${result.world}, seed ${result.seed}: ${result.verdict === 'ok' ? 'every invariant held' : 'VIOLATED'}`];
  for (const line of formatViolations(result)) lines.push(`  ${line}`);
  lines.push(`  faults (${result.keptFaults.length} of the seed's ${result.schedule.length}):`);
  for (const index of result.keptFaults) {
    const fault = result.schedule[index] as WorldRunResult['schedule'][number];
    const size = result.magnitudes?.[index];
    lines.push(`    [${index}] ${describeWorldFault(size === undefined ? fault : withMagnitude(fault, size))}${size === undefined ? '' : ' (made smaller)'}`);
  }
  lines.push(`  clock drift (ppm): ${Object.entries(result.driftPpm).map(([name, ppm]) => `${name} ${ppm > 0 ? '+' : ''}${ppm}`).join(', ')}`);
  lines.push(`  ${result.steps} steps, ${ms(result.virtualMs)} virtual, ${result.messagesSent} messages (${result.messagesDropped} lost or dropped), ${plural(result.crashes, 'crash', 'crashes')}`);
  lines.push(`  trace sha256 ${result.traceSha256}`);
  const reached = Object.entries(result.sometimes);
  if (reached.length > 0) lines.push(`  sometimes: ${reached.map(([name, hit]) => `${hit ? '✓' : '✗'} ${name}`).join('; ')}`);
  if (result.trace !== undefined) for (const line of result.trace) lines.push(`    ${line}`);
  else if (result.verdict === 'violated') {
    lines.push('  last steps:');
    for (const line of result.traceTail.slice(-TAIL_LINES)) lines.push(`    ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
