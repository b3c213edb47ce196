import { describe, expect, it } from 'vitest';
import { defineWorld, runWorld } from './run-world.js';

const quiet = { crashes: 0, partitions: 0, clockSkews: 0, lossProbability: 0, duplicateProbability: 0 } as const;

/** A publisher and a consumer; the consumer fails its first `failFirst` deliveries. */
function busWorld(options: { failFirst: number; maxDeliveries?: number }) {
  const handled: Array<{ id: string; deliveryCount: number }> = [];
  const world = defineWorld({
    name: 'bus',
    durationMs: 100,
    quiesceMs: 3_000,
    ackWaitMs: 200,
    faults: quiet,
    setup(w) {
      w.process('publisher', async (p) => {
        const bus = p.bus();
        await bus.publish({ id: 'm1', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o1', payload: { n: 1 }, headers: {} });
        await bus.publish({ id: 'm2', subject: 'orders.other', type: 'Other', aggregateId: 'o1', payload: null, headers: {} });
      });
      w.process('consumer', async (p) => {
        await p.bus().subscribe({
          consumer: 'c',
          subjects: 'orders.placed',
          redeliveryDelayMs: 50,
          ...(options.maxDeliveries === undefined ? {} : { maxDeliveries: options.maxDeliveries }),
          handle: (message) => {
            handled.push({ id: message.id, deliveryCount: message.deliveryCount });
            if (handled.length <= options.failFirst) throw new Error('not yet');
          },
        });
      });
    },
  });
  return { world, handled };
}

describe('the world broker', () => {
  it('delivers matching messages to a durable consumer and redelivers after a failure', async () => {
    const { world, handled } = busWorld({ failFirst: 2 });
    const result = await runWorld(world, { seed: 1, schedule: [] });
    expect(result.verdict).toBe('ok');
    expect(handled).toEqual([
      { id: 'm1', deliveryCount: 1 },
      { id: 'm1', deliveryCount: 2 },
      { id: 'm1', deliveryCount: 3 },
    ]);
  });

  it('gives a message up after maxDeliveries', async () => {
    const { world, handled } = busWorld({ failFirst: 100, maxDeliveries: 3 });
    const result = await runWorld(world, { seed: 1, schedule: [], keepTrace: true });
    expect(handled.map((entry) => entry.deliveryCount)).toEqual([1, 2, 3]);
    expect(result.trace?.some((line) => line.includes('broker gives up m1 for c after 3 deliveries'))).toBe(true);
  });

  it('redelivers to the restarted consumer what its crashed incarnation never acked', async () => {
    const { world, handled } = busWorld({ failFirst: 0 });
    // The consumer crashes as the first delivery is in flight (delivery latency is about 1 ms).
    const result = await runWorld(world, { seed: 1, schedule: [{ kind: 'crash', process: 'consumer', atMs: 0.5, downMs: 50 }] });
    expect(result.crashes).toBe(1);
    expect(handled.map((entry) => entry.id)).toEqual(['m1']);
    expect(handled[0]?.deliveryCount).toBeGreaterThan(1);
  });
});
