import { describe, expect, it } from 'vitest';
import { design } from '../design.js';
import { specOf } from '../testing/builders.js';
import { mermaidDiagrams, renderMermaid } from './mermaid.js';

const result = design(
  specOf({
    system: { regions: ['us-east-1', 'eu-west-1'] },
    entities: [
      { name: 'ledger', service: 'payments', money: true, latency: { writeP99Ms: 500 } },
      { name: 'cart', service: 'carts', writes: 'multi-region', conflicts: 'merge' },
      { name: 'presence', service: 'presence', readWriteRatio: 0.1 },
    ],
    workflows: [
      {
        name: 'checkout',
        deadlineMs: 5000,
        steps: [
          { name: 'reserve', service: 'stock', compensation: 'release' },
          { name: 'charge', service: 'payments', compensation: 'refund' },
          { name: 'ship', service: 'shipping', retriable: true },
        ],
      },
    ],
    calls: [{ from: 'carts', to: 'payments', operation: 'charge', latency: { p99Ms: 100 }, idempotent: false }],
  }),
);

describe('mermaid diagrams', () => {
  const [services, replication, saga] = mermaidDiagrams(result);

  it('services and stores, with each call’s timeout and retries', () => {
    expect(services?.source).toContain('db_ledger[("ledger<br>linearizable, PC/EC")]');
    expect(services?.source).toContain('svc_payments --> db_ledger');
    expect(services?.source).toContain('svc_carts -- "charge: 150 ms, no retry" --> svc_payments');
  });

  it('replication across regions: a synchronous cross-region ack, multi-leader links, a leaderless ring', () => {
    expect(replication?.source).toContain('subgraph region_eu_west_1["eu-west-1"]');
    expect(replication?.source).toContain('ledger_leader_us_east_1 == "synchronous (1 ack)" ==> ledger_replica_eu_west_1');
    expect(replication?.source).toContain('cart_leader_us_east_1 <-. "crdt" .-> cart_leader_eu_west_1');
    expect(replication?.source).toContain('N=3 W=2 R=1 sloppy');
  });

  it('each saga: steps, compensations chained in reverse, and the dead-letter queue', () => {
    expect(saga?.title).toBe('Saga: checkout (orchestration)');
    expect(saga?.source).toContain('undo_charge -.-> undo_reserve');
    expect(saga?.source).toContain('dlq_checkout[("checkout.dead-letter")]');
    expect(saga?.source).toContain('deadline 5000 ms');
  });

  it('ids are Mermaid-safe', () => {
    for (const diagram of mermaidDiagrams(result)) {
      for (const line of diagram.source.split('\n').slice(1)) {
        const id = /^\s+(?:subgraph )?([^\s[({"]+)/.exec(line)?.[1];
        if (id !== undefined && id !== 'end') expect(id).toMatch(/^[A-Za-z0-9_]+$/);
      }
    }
  });

  it('renders as Markdown with one mermaid block per diagram', () => {
    expect(renderMermaid(result).match(/```mermaid/g)).toHaveLength(3);
  });

  it('residency: each jurisdiction\'s leader and replicas are drawn in its own regions only', () => {
    const resident = design(
      specOf({
        system: { regions: ['us-east-1', 'ap-northeast-1', 'eu-central-1', 'eu-west-1'] },
        entities: [{ name: 'profile', readYourWrites: true, residency: [{ jurisdiction: 'EU', regions: ['eu-central-1', 'eu-west-1'] }] }],
      }),
    );
    const source = mermaidDiagrams(resident)[1]?.source ?? '';
    expect(source).toContain('profile_EU_leader_eu_central_1["profile EU leader"]');
    expect(source).toContain('profile_EU_leader_eu_central_1 -. "async" .-> profile_EU_replica_eu_west_1');
    // No EU copy outside the EU: no edge from the EU leader to a US or Tokyo node.
    expect(source).not.toMatch(/profile_EU_leader_\w+ .*(us_east_1|ap_northeast_1)/);
    expect(source).toContain('profile_other_leader_us_east_1');
  });
});

