// Programmatic use of the simulator: the same partitions, five seeds, three quorum settings.
// Run: npx tsx examples/scenarios/compare-quorums.ts
import { simulate, type ProtocolOptions } from 'pacelc/replication';

const settings: Array<[string, ProtocolOptions]> = [
  ['N=3 W=1 R=1', { kind: 'leaderless', n: 3, w: 1, r: 1 }],
  ['N=3 W=2 R=2', { kind: 'leaderless', n: 3, w: 2, r: 2 }],
  ['N=3 W=2 R=2 + ABD', { kind: 'leaderless', n: 3, w: 2, r: 2, writeBackOnRead: true }],
];

export function main(): string[] {
  const lines: string[] = [];
  for (const [name, protocol] of settings) {
    const verdicts: string[] = [];
    let stale = 0;
    let reads = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const report = simulate({ seed, protocol, workload: { operations: 500, clients: 6, keys: 2 }, faults: { random: { kinds: ['partition'], meanIntervalMs: 300, meanDurationMs: 600 } } });
      verdicts.push(report.verdict);
      stale += report.freshness.staleReads;
      reads += report.freshness.readsChecked;
    }
    lines.push(`${name.padEnd(18)} ${verdicts.join(' ')}  stale reads ${stale}/${reads}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
