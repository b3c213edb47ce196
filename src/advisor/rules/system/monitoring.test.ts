import { describe, expect, it } from 'vitest';
import { design } from '../../design.js';
import { specOf } from '../../testing/builders.js';
import { monitoringFromDesign } from './monitoring.js';

describe('monitoring.derived', () => {
  it('derives a signal from each decision: lag, quorum health, conflicts, partitions, caches, breakers, sagas', () => {
    const result = design(
      specOf({
        system: { regions: ['us-east-1', 'eu-west-1'], availability: 99.99 },
        entities: [
          { name: 'catalog', staleness: { maxMs: 1000 } },
          { name: 'likes', readWriteRatio: 0.2 },
          { name: 'cart', writes: 'multi-region', conflicts: 'merge' },
        ],
        caches: [{ name: 'page', entity: 'catalog', freshness: { maxMs: 1000 } }],
        calls: [{ from: 'a', to: 'b', latency: { p99Ms: 10 }, idempotent: true }],
        workflows: [{ name: 'w', steps: [{ name: 's', service: 'a' }, { name: 't', service: 'b' }] }],
      }),
    );
    const monitors = monitoringFromDesign.decide({ entities: result.entities, calls: result.calls, workflows: result.workflows })?.choice ?? [];
    const signals = monitors.map((monitor) => `${monitor.subject}: ${monitor.signal}`).join('\n');
    expect(signals).toContain('entities.catalog: replication lag');
    expect(signals).toContain('entities.likes: quorum health');
    expect(signals).toContain('entities.cart: conflict rate');
    expect(signals).toContain('caches.page: cache hit ratio');
    expect(signals).toContain('calls.a→b: circuit-breaker state');
    expect(signals).toContain('workflows.w: saga progress');
    expect(monitors.find((monitor) => monitor.subject === 'entities.catalog')?.alertWhen).toContain('staleness bound');
  });
});
