import { expect, it } from 'vitest';
import { main as engineSettings } from './engine-settings.js';
import { main as quorumTable } from './quorum-table.js';

it("checks the seed's quorum table: Balanced and Write-heavy are wrong, Strong is only regular (docs/quorum.md)", () => {
  const lines = quorumTable();
  expect(lines).toHaveLength(6);
  expect(lines[1]).toMatch(/^Strong +3 +3 +5 +yes +yes +2 \/ 2 +Strong +regular \(not linearizable\) +imprecise$/);
  expect(lines[2]).toMatch(/^Balanced +3 +2 +5 +no +yes +2 \/ 3 +Strong +no guarantee \(eventual\) +WRONG$/);
  expect(lines[3]).toMatch(/^Write-heavy +2 +3 +5 +no +no +3 \/ 2 +Strong +no guarantee \(eventual\) +WRONG$/);
  expect(lines[4]).toMatch(/^Read-heavy +3 +1 +5 +no +yes +2 \/ 4 +Eventual +no guarantee \(eventual\) +right$/);
  expect(lines[5]).toMatch(/^Max Avail +1 +1 +5 +no +no +4 \/ 4 +Eventual +no guarantee \(eventual\) +right$/);
});

it('prints the engine settings for linearizable + synchronous leader-follower (docs/engines.md)', () => {
  const lines = engineSettings();
  expect(lines).toContain('  [server] synchronous_standby_names = ANY 1 (standby1, standby2)');
  expect(lines.find((line) => line.startsWith('redis '))).toMatch(/eventual +NO/);
  expect(lines.find((line) => line.startsWith('kafka '))).toMatch(/sequential +NO/);
  expect(lines.find((line) => line.startsWith('etcd '))).toMatch(/linearizable +yes/);
  expect(lines.filter((line) => /^\w+ +\w/.test(line))).toHaveLength(12);
});

it('prints what every engine delivers for every model (docs/engines.md)', async () => {
  const { main } = await import('./engine-matrix.js');
  const lines = main();
  const row = (section: number, engine: string) => lines.filter((line) => line.startsWith(`${engine} `))[section] ?? '';
  expect(row(0, "redis")).toMatch(/^redis +(✗ eventual\* +){6}/); // durable writes: Redis can lose acknowledged ones
  expect(row(0, 'cassandra')).toMatch(/✗ read-your-writes/); // causal is not met without LWT
  expect(row(1, 'cosmosdb')).toMatch(/^cosmosdb +✗ causal\* +✗ causal\* +✓ causal +✓ causal +✗ causal\* +✓ eventual/);
  expect(row(1, 'dynamodb')).toMatch(/^dynamodb +✓ linearizable /);
});

it('refuses Strong with multiple write regions on Cosmos DB and picks MRSC on DynamoDB (docs/engines.md)', async () => {
  const { main } = await import('./multi-region-writes.js');
  const lines = main();
  expect(lines).toContain('cosmosdb: delivers causal, meetsRequest false');
  expect(lines).toContain('  [cluster] defaultConsistencyLevel = Session');
  expect(lines).toContain('dynamodb: delivers linearizable, meetsRequest true');
  expect(lines).toContain('  [table] MultiRegionConsistency = STRONG');
});
