// Checking a history from code: parse it, check linearizability and a session guarantee, and measure
// how stale the reads were. Run: npx tsx examples/histories/check-in-code.ts
import { readFileSync } from 'node:fs';
import { checkHistory, measureStaleness, parseHistory, renderCheckResult } from 'pacelc/check';

/** Checks `stale-read.jsonl` and returns the report as text. */
export function report(): string {
  const file = 'stale-read.jsonl';
  const events = parseHistory(readFileSync(new URL(file, import.meta.url), 'utf8'), file);
  const linearizable = checkHistory(events, { model: 'register' });
  const monotonicReads = checkHistory(events, { model: 'register', consistency: 'monotonic-reads' });
  const staleness = measureStaleness(events);
  return [
    `linearizable: ${linearizable.verdict}`,
    `monotonic reads: ${monotonicReads.verdict}`,
    `stale reads: ${staleness.staleReads} of ${staleness.reads}, up to ${staleness.versionsBehind?.max ?? 0} version(s) and ${staleness.stalenessMs?.max ?? 0} ms behind`,
    '',
    renderCheckResult(linearizable, { file }),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(report());
