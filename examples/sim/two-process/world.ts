// The smallest world with a bug: an adder calls a counter and retries when the answer is late,
// but "add 1" is not idempotent, so a retry after a lost reply adds twice.
//   npx pacelc simulate --app examples/sim/two-process/world.ts --seeds 1..20
import { defineWorld } from 'pacelc/world';

export const twoProcess = defineWorld({
  name: 'two-process',
  durationMs: 2_000,
  quiesceMs: 1_000,
  faults: { crashes: 1, partitions: 1, lossProbability: 0.05 },
  setup(world) {
    world.process('counter', (p) => {
      const db = p.database();
      p.serve('add', (payload) => db.transaction((tx) => {
        const { amount } = payload as { amount: number };
        const sum = (tx.get<number>('counter', 'sum') ?? 0) + amount;
        tx.put('counter', 'sum', sum);
        return sum;
      }));
    });
    world.process('adder', (p) => {
      p.serve('addOne', async () => {
        for (let attempt = 1; attempt <= 5; attempt++) {
          try {
            return await p.call('counter', 'add', { amount: 1 }, { timeoutMs: 50 });
          } catch {
            await p.runtime.sleep(10);
          }
        }
        throw new Error('counter unreachable');
      });
    });
    let acknowledged = 0;
    world.client(async (c) => {
      for (let i = 0; i < 20; i++) {
        try {
          await c.call('adder', 'addOne', null, { timeoutMs: 1_000 });
          acknowledged++;
        } catch {
          // unknown outcome
        }
        await c.sleep(50);
      }
    });
    world.always('the sum never exceeds the adds requested', () => (world.database('counter').get<number>('counter', 'sum') ?? 0) <= 20 || 'sum > 20');
    world.eventually('every acknowledged add is counted', () => (world.database('counter').get<number>('counter', 'sum') ?? 0) >= acknowledged || 'lost an add');
    world.sometimes('the counter reached 10', () => (world.database('counter').get<number>('counter', 'sum') ?? 0) >= 10);
  },
});
