// Compare the partitioners on the same 10 nodes and 100,000 keys: balance, movement on a join and
// a leave, and the rebalancing plan of a ring join. Run: npx tsx examples/partitioning/choose.ts
import {
  BoundedLoadRing, HashRing, JumpHash, Maglev, type Partitioner, RangePartitioner, Rendezvous, SlotTable,
  exactBalance, measureBalance, measureMovement, planRebalance,
} from 'pacelc/partitioning';

export function main(): string[] {
  const nodes = Array.from({ length: 10 }, (_, i) => `node-${i}`);
  const keys = Array.from({ length: 100_000 }, (_, i) => `user:${i}`);
  const candidates: Array<[string, Partitioner]> = [
    ['ring (512 vnodes)', HashRing.create(nodes)],
    ['ring (16 vnodes)', HashRing.create(nodes, { vnodes: 16 })],
    ['jump', JumpHash.create(nodes)],
    ['rendezvous', Rendezvous.create(nodes)],
    ['maglev', Maglev.create(nodes)],
    ['bounded-load (eps 0)', BoundedLoadRing.create(nodes)],
    ['redis slots', SlotTable.create(nodes)],
    ['range (from sample)', RangePartitioner.fromSample(nodes, keys.filter((_, i) => i % 10 === 0))],
  ];
  const lines = ['partitioner            CoV    max/mean  exact CoV  join moved  leave moved'];
  for (const [name, partitioner] of candidates) {
    const balance = measureBalance(partitioner, keys);
    const exact = exactBalance(partitioner);
    const join = measureMovement(partitioner, partitioner.withNodes([...nodes, 'node-10']), keys);
    const leave = measureMovement(partitioner, partitioner.withNodes(nodes.filter((node) => node !== 'node-4')), keys);
    lines.push([
      name.padEnd(21),
      pct(balance.coefficientOfVariation).padStart(6),
      balance.maxOverMean.toFixed(3).padStart(9),
      (exact === undefined ? '-' : pct(exact.coefficientOfVariation)).padStart(10),
      `${pct(join.fractionMoved)} ${join.ratioToIdeal.toFixed(2)}x`.padStart(12),
      `${pct(leave.fractionMoved)} ${leave.ratioToIdeal.toFixed(2)}x`.padStart(13),
    ].join(' '));
  }
  const ring = HashRing.create(['a', 'b', 'c']);
  const plan = planRebalance(ring, ring.withNodes(['a', 'b', 'c', 'd']));
  if (plan.unit !== 'hash') throw new Error('a ring plan is in hash ranges');
  lines.push('', `ring a,b,c -> a,b,c,d: ${plan.moves.length} hash ranges move, ${pct(plan.fractionMoved)} of the key space`);
  for (const transfer of plan.summary) lines.push(`  ${transfer.from} -> ${transfer.to}: ${pct(transfer.amount)}`);
  const first = plan.moves[0];
  if (first !== undefined) lines.push(`  first move: hashes [${first.start}, ${first.end}) from ${first.from} to ${first.to}`);
  return lines;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
