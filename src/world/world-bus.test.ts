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

describe('a crash of the world broker', () => {
  /** A consumer that takes 20 ms per message; the publisher publishes m1 at once and m2 at 50 ms (while the broker is down). */
  function crashWorld() {
    const handled: Array<{ id: string; deliveryCount: number; atMs: number }> = [];
    const publishes: string[] = [];
    const world = defineWorld({
      name: 'broker crash',
      durationMs: 1_000,
      quiesceMs: 2_000,
      ackWaitMs: 200,
      faults: quiet,
      setup(w) {
        w.process('publisher', async (p) => {
          const bus = p.bus();
          const publish = async (id: string): Promise<void> => {
            try {
              await bus.publish({ id, subject: 'orders.placed', type: 'OrderPlaced', aggregateId: id, payload: null, headers: {} });
              publishes.push(`${id} ok at ${p.runtime.clock.monotonicMs().toFixed(0)}`);
            } catch (error) {
              publishes.push(`${id} ${(error as Error).name}`);
            }
          };
          await publish('m1');
          await p.runtime.sleep(50);
          await publish('m2'); // the broker is down: times out (500 ms), outcome unknown to the publisher
          await p.runtime.sleep(100);
          await publish('m2'); // the publisher retries after the restart
        });
        w.process('consumer', async (p) => {
          await p.bus().subscribe({
            consumer: 'c',
            subjects: 'orders.placed',
            handle: async (message) => {
              handled.push({ id: message.id, deliveryCount: message.deliveryCount, atMs: p.runtime.clock.monotonicMs() });
              await p.runtime.sleep(20);
            },
          });
        });
        w.always('the broker keeps every publish it acknowledged', () => {
          const stored = new Set(w.published().map((message) => message.id));
          const lost = publishes.filter((line) => line.includes(' ok ') && !stored.has(line.split(' ')[0] as string));
          return lost.length === 0 || `lost ${lost.join(', ')}`;
        });
      },
    });
    return { world, handled, publishes };
  }

  it('keeps what it stored, loses the delivery in flight and redelivers it after the ack wait; publishes time out while it is down', async () => {
    const { world, handled, publishes } = crashWorld();
    // m1 is stored at about 1 ms and delivered at about 2 ms; its ack would leave the consumer at about 22 ms.
    const result = await runWorld(world, { seed: 1, schedule: [{ kind: 'broker-crash', atMs: 10, downMs: 300 }], keepTrace: true });
    expect(result.violations).toEqual([]);
    expect(result.crashes).toBe(1);
    expect(result.trace).toContain('10.000 fault: crash broker at 10 ms for 300 ms');
    expect(result.trace?.some((line) => line.includes('dropped consumer->broker ack m1 from c (down)'))).toBe(true);
    expect(publishes[0]).toMatch(/^m1 ok/);
    expect(publishes[1]).toBe('m2 WorldTimeoutError');
    expect(publishes[2]).toMatch(/^m2 ok/);
    const m1 = handled.filter((entry) => entry.id === 'm1');
    expect(m1.map((entry) => entry.deliveryCount)).toEqual([1, 2]);
    // Redelivered once the ack wait (200 ms) has run out after the restart at 310 ms (the consumer's clock drifts by at most 100 ppm).
    expect(m1[1]?.atMs).toBeGreaterThan(509);
    expect(handled.filter((entry) => entry.id === 'm2').length).toBeGreaterThan(0);
  });

  it('without the crash, m1 is delivered once and every publish succeeds', async () => {
    const { world, handled, publishes } = crashWorld();
    const result = await runWorld(world, { seed: 1, schedule: [] });
    expect(result.violations).toEqual([]);
    expect(handled.map((entry) => `${entry.id}/${entry.deliveryCount}`)).toEqual(['m1/1', 'm2/1', 'm2/1']);
    expect(publishes.every((line) => line.includes(' ok '))).toBe(true);
  });

  it('is replayed byte for byte', async () => {
    const schedule = [{ kind: 'broker-crash', atMs: 10, downMs: 300 }] as const;
    const a = await runWorld(crashWorld().world, { seed: 3, schedule });
    const b = await runWorld(crashWorld().world, { seed: 3, schedule });
    expect(b.traceSha256).toBe(a.traceSha256);
  });
});
