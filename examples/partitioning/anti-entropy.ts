// Two replicas of one ring partition drift apart; a Merkle tree comparison finds the few divergent
// ranges and they repair only those keys. Run: npx tsx examples/partitioning/anti-entropy.ts
import { MerkleTree, diffTrees } from 'pacelc/antientropy';

export function main(options: { readonly divergent?: number; readonly keys?: number } = {}): string[] {
  const divergent = options.divergent ?? 3;
  const replicaA = new Map<string, number>();
  const replicaB = new Map<string, number>();
  for (let i = 0; i < (options.keys ?? 100_000); i++) {
    replicaA.set(`order:${i}`, 1);
    replicaB.set(`order:${i}`, 1);
  }
  for (let i = 0; i < divergent; i++) replicaA.set(`order:${i * 7919}`, 2); // writes that missed replica B
  const build = (replica: Map<string, number>): MerkleTree => MerkleTree.from([...replica].map(([key, version]) => [key, String(version)] as const), { depth: 14 });
  const treeA = build(replicaA);
  const treeB = build(replicaB);
  const diff = diffTrees(treeA, treeB);
  const toExchange = [...replicaA.keys()].filter((key) => diff.contains(key));
  const lines = [
    `roots equal: ${treeA.root === treeB.root}`,
    `divergent leaves: ${diff.leaves} of ${treeA.leafCount}, found with ${diff.comparisons} hash comparisons`,
    `keys to exchange: ${toExchange.length} of ${replicaA.size}`,
  ];
  for (const key of toExchange) {
    const version = Math.max(replicaA.get(key) ?? 0, replicaB.get(key) ?? 0);
    replicaA.set(key, version);
    replicaB.set(key, version);
    treeA.set(key, String(version));
    treeB.set(key, String(version));
  }
  lines.push(`after repair, roots equal: ${treeA.root === treeB.root}`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
