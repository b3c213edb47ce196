// The common "Quorum Configurations" table, row by row, against the arithmetic (docs/quorum.md).
import { analyzeQuorum } from 'pacelc/advisor';

/** The rows as such tables print them: | Configuration | W | R | N | Consistency | Use Case |. */
export const tableRows = [
  { name: 'Strong', w: 3, r: 3, n: 5, claims: 'Strong', useCase: 'Banking' },
  { name: 'Balanced', w: 3, r: 2, n: 5, claims: 'Strong', useCase: 'Default' },
  { name: 'Write-heavy', w: 2, r: 3, n: 5, claims: 'Strong', useCase: 'Logs' },
  { name: 'Read-heavy', w: 3, r: 1, n: 5, claims: 'Eventual', useCase: 'Cache' },
  { name: 'Max Avail', w: 1, r: 1, n: 5, claims: 'Eventual', useCase: 'Analytics' },
] as const;

export function main(): string[] {
  const lines = ['configuration  W  R  N  W+R>N  2W>N  writes/reads survive  table says  actually                    verdict'];
  for (const row of tableRows) {
    const a = analyzeQuorum({ n: row.n, w: row.w, r: row.r });
    const actually = a.guarantee === 'regular' ? 'regular (not linearizable)' : a.guarantee === 'linearizable' ? 'linearizable' : 'no guarantee (eventual)';
    const verdict =
      row.claims === 'Strong' ? (a.guarantee === 'none' ? 'WRONG' : 'imprecise') : a.guarantee === 'none' ? 'right' : 'too weak';
    lines.push(
      `${row.name.padEnd(13)}  ${row.w}  ${row.r}  ${row.n}  ${(a.readWriteOverlap ? 'yes' : 'no').padEnd(5)}  ${(a.writeWriteOverlap ? 'yes' : 'no').padEnd(4)}  ${`${a.writeFailuresTolerated} / ${a.readFailuresTolerated}`.padEnd(20)}  ${row.claims.padEnd(10)}  ${actually.padEnd(26)}  ${verdict}`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
