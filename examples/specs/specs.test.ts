// Runs every example spec through `pacelc design` (as a user would, through the CLI in-process)
// and checks the decisions docs/design.md documents for it.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design, EntityDesign } from '../../src/advisor/design-types.js';
import { commands } from '../../src/cli/commands.js';
import { bufferIo, type CliIo } from '../../src/cli/io.js';
import { main as cliMain } from '../../src/cli/main.js';

// The registry loads commands by a computed path, which vitest cannot follow: load design directly.
const registry = commands.map((entry) => (entry.name === 'design' ? { ...entry, load: () => import('../../src/cli/commands/design.js') } : entry));
const main = (args: readonly string[], io: CliIo) => cliMain(args, io, registry);

const directory = new URL('.', import.meta.url).pathname;

async function designOf(file: string): Promise<{ code: number; design: Design }> {
  const io = bufferIo({ cwd: directory });
  const code = await main(['design', file, '--format', 'json'], io);
  expect(io.err()).toBe('');
  return { code, design: JSON.parse(io.out()) as Design };
}

function entity(design: Design, name: string): EntityDesign {
  const found = design.entities.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no entity ${name}`);
  return found;
}

const replicationKind = (found: EntityDesign) => found.replication.choice.choice.kind;

describe('example specs', () => {
  it('every example designs without conflicts', async () => {
    const files = readdirSync(directory).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const { code, design } = await designOf(file);
      expect(code, file).toBe(0);
      expect(design.schemaVersion).toBe(1);
      expect(design.conflicts, file).toEqual([]);
      for (const made of design.entities) expect(made.engines.length, `${file} ${made.name}`).toBe(11);
    }
  });

  it('bank ledger: linearizable, synchronous replication, PC/EC, RPO 0, orchestrated transfer', async () => {
    const { design } = await designOf('bank-ledger.yaml');
    const account = entity(design, 'account');
    expect(account.consistency.ruleId).toBe('consistency.money');
    expect(account.consistency.choice).toBe('linearizable');
    expect(account.replication.choice.choice).toMatchObject({ kind: 'leader-follower', mode: 'synchronous', consensusFailover: true });
    expect(account.pacelc.choice.label).toBe('PC/EC');
    expect(account.failover.choice.rpoMsNodeLoss).toBe(0);
    expect(account.replication.choice.crossRegionSynchronous).toBe(true);
    expect(account.failover.choice.rpoMsRegionLoss).toBe(0);
    expect(entity(design, 'ledger-entry').partitioning.choice.strategy).toBe('range');
    expect(entity(design, 'statement').pacelc.choice.label).toBe('PA/EL');
    const transfer = design.workflows[0];
    expect(transfer?.coordination.choice).toBe('orchestration');
    expect(transfer?.compensation.choice).toEqual({ order: ['credit-source'], pivot: 'credit-destination' });
    const notify = design.calls.find((call) => call.to === 'notifications');
    expect(notify?.retry.choice.attempts).toBe(1);
    expect(notify?.retry.ruleId).toBe('call.retry-not-idempotent');
    expect(account.engines.find((engine) => engine.engine === 'postgresql')?.meetsRequest).toBe(true);
  });

  it('e-commerce: stock linearizable, cart multi-leader with CRDT merge (PA/EL), catalog bounded staleness cached, checkout saga', async () => {
    const { design } = await designOf('e-commerce.yaml');
    expect(entity(design, 'stock').consistency.choice).toBe('linearizable');
    expect(entity(design, 'stock').pacelc.choice.label).toBe('PC/EC');
    const cart = entity(design, 'cart');
    expect(cart.replication.choice.choice).toEqual({ kind: 'multi-leader', conflictResolution: 'crdt' });
    expect(cart.pacelc.choice.label).toBe('PA/EL');
    const product = entity(design, 'product');
    expect(product.consistency.choice).toBe('bounded-staleness');
    expect(product.caching[0]?.choice).toMatchObject({ strategy: 'cache-aside', ttlMs: 48_000 });
    expect(product.caching[0]?.choice.stampedeProtection).toContain('request-coalescing');
    const checkout = design.workflows[0];
    expect(checkout?.coordination.choice).toBe('orchestration');
    expect(checkout?.compensation.choice.order).toEqual(['refund-payment', 'release-stock', 'cancel-order']);
    expect(checkout?.steps.at(-1)?.kind).toBe('retriable');
    const charge = design.calls.find((call) => call.operation === 'charge');
    expect(charge?.timeout.choice.timeoutMs).toBe(600);
    expect(charge?.bulkhead.choice.maxConcurrent).toBe(120); // 150/s × 0.4 s × 2
    // Stock is read at p99 ≤ 20 ms from both regions, but its leader is in us-east-1; flash sales make SKUs hot.
    expect(design.warnings.map((warning) => `${warning.ruleId} ${warning.subject}`)).toEqual([
      'warning.remote-linearizable-reads entities.stock',
      'warning.hot-key-contention entities.stock',
    ]);
  });

  it('chat: causal messages, range-partitioned by channel; presence leaderless', async () => {
    const { design } = await designOf('chat.yaml');
    const message = entity(design, 'message');
    expect(message.consistency.choice).toBe('causal');
    expect(message.partitioning.choice.strategy).toBe('range');
    expect(entity(design, 'presence').replication.choice.choice).toMatchObject({ kind: 'leaderless', n: 3, w: 2, r: 1 });
    expect(entity(design, 'presence').quorum?.readWriteOverlap).toBe(false);
    expect(entity(design, 'channel-membership').consistency.choice).toBe('read-your-writes');
  });

  it('social feed: eventual timelines (LWW, warned), leaderless like counters with write-behind', async () => {
    const { design } = await designOf('social-feed.yaml');
    expect(entity(design, 'timeline').consistency.choice).toBe('eventual');
    expect(replicationKind(entity(design, 'like-count'))).toBe('leaderless');
    expect(entity(design, 'like-count').caching[0]?.choice.strategy).toBe('write-behind');
    expect(entity(design, 'post').caching).toEqual([]);
    expect(design.warnings.map((warning) => warning.ruleId)).toContain('warning.lww-under-clock-skew');
  });

  it('airline: seats linearizable PC/EC, search bounded-staleness, booking saga with the ticket as pivot, client-side discovery', async () => {
    const { design } = await designOf('airline-booking.yaml');
    expect(entity(design, 'seat').consistency.ruleId).toBe('consistency.no-double-booking');
    expect(entity(design, 'seat').pacelc.choice.label).toBe('PC/EC');
    expect(entity(design, 'fare-search').partitioning.choice.strategy).toBe('range');
    expect(design.workflows[0]?.compensation.choice).toEqual({ order: ['void-authorization', 'release-seat'], pivot: 'issue-ticket' });
    expect(design.systemDecisions.discovery.choice).toBe('client-side');
  });

  it('SaaS with EU residency: geographic partitioning by jurisdiction, copies kept in the EU', async () => {
    const { design } = await designOf('saas-eu-residency.yaml');
    const document = entity(design, 'document');
    expect(document.partitioning.ruleId).toBe('partitioning.residency');
    expect(document.partitioning.choice.key).toBe('(home_jurisdiction, document_id)');
    expect(document.replication.summary).toContain('EU: eu-central-1, eu-west-1');
    expect(document.consistency.choice).toBe('causal');
    expect(entity(design, 'subscription').pacelc.choice.label).toBe('PC/EC');
    expect(entity(design, 'audit-event').replication.choice.choice).toMatchObject({ kind: 'leader-follower', mode: 'semi-synchronous' });
  });

  it('ride-hailing: driver locations partitioned by geocell, assignments linearizable, mesh, retry warning', async () => {
    const { design } = await designOf('ride-hailing.yaml');
    const location = entity(design, 'driver-location');
    expect(location.partitioning.choice).toMatchObject({ strategy: 'geographic', key: '(region, geocell)' });
    expect(entity(design, 'trip-assignment').consistency.choice).toBe('linearizable');
    expect(design.systemDecisions.discovery.choice).toBe('service-mesh');
    expect(design.warnings.map((warning) => warning.ruleId)).toContain('warning.retry-non-idempotent');
  });
});

describe('broken specs', () => {
  it('a malformed spec lists every problem as file:line:col and exits 2', async () => {
    const io = bufferIo({ cwd: directory });
    expect(await main(['design', 'broken/malformed.yaml'], io)).toBe(2);
    const err = io.err();
    expect(err).toContain('10 problems in the input');
    expect(err).toContain('broken/malformed.yaml:21:13: caches[0].entity: no entity named "statment"; entities declares: ledger, statement (did you mean "statement"?)');
    expect(err).toContain('broken/malformed.yaml:5:3: system.availabilty: unknown field "availabilty"');
    expect(err).toContain('(did you mean "availability"?)');
    expect(err).toContain('broken/malformed.yaml:10:12: entities[0].money: expected true or false, found "yes please"');
    expect(err).toContain('broken/malformed.yaml:12:13: entities[0].writes: expected one of "single-region", "multi-region", "per-jurisdiction", found "multi-regoin" (did you mean "multi-region"?)');
    expect(err).toContain('broken/malformed.yaml:14:19: entities[0].latency.writeP99Ms: expected a number more than 0, found -5');
    expect(err).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });

  it('contradictory requirements are reported as conflicts with the physics, and exit 1', async () => {
    const io = bufferIo({ cwd: directory });
    expect(await main(['design', 'broken/contradictory.yaml', '--format', 'json'], io)).toBe(1);
    const design = JSON.parse(io.out()) as Design;
    const byRule = Object.fromEntries(design.conflicts.map((conflict) => [conflict.ruleId, conflict]));
    expect(byRule['conflict.stale-reads-on-money-or-claims']?.requirements).toEqual(['money: true', 'staleness: any']);
    const physics = byRule['conflict.write-slo-below-cross-region-round-trip'];
    expect(physics?.subject).toBe('entities.transfer');
    expect(physics?.explanation).toContain('148 ms');
    expect(physics?.explanation).toContain('10 ms p99 write objective is below that physical floor');
    expect(byRule['conflict.claims-resolved-after-the-fact']?.subject).toBe('entities.seat');
    expect(design.conflicts).toHaveLength(3);
    // Never silently resolved: the entity still records the strong choice the conflict is about.
    expect(design.entities.find((found) => found.name === 'balance')?.consistency.choice).toBe('linearizable');
  });
});
