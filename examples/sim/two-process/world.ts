// The smallest world with a bug: an adder calls a counter and retries when the answer is late,
// but "add 1" is not idempotent, so a retry after a lost reply adds twice. `fixed` sends an
// idempotency key with each add, and the counter applies each key once.
//   npx pacelc simulate --app examples/sim/two-process/world.ts --export twoProcess --seeds 1..20
import { defineWorld, type WorldDefinition } from 'pacelc/world';

function counterWorld(fixed: boolean): WorldDefinition {
  return defineWorld({
    name: fixed ? 'two-process (fixed)' : 'two-process',
    durationMs: 2_000,
    quiesceMs: 1_000,
    faults: { crashes: 1, partitions: 1, lossProbability: 0.05 },
    setup(world) {
      world.process('counter', (p) => {
        const db = p.database();
        p.serve('add', (payload) =>
          db.transaction((tx) => {
            const { amount, key } = payload as { amount: number; key: string };
            if (fixed && tx.get('applied', key) !== undefined) return tx.get<number>('counter', 'sum');
            if (fixed) tx.put('applied', key, true);
            const sum = (tx.get<number>('counter', 'sum') ?? 0) + amount;
            tx.put('counter', 'sum', sum);
            return sum;
          }),
        );
      });
      world.process('adder', (p) => {
        p.serve('addOne', async (payload) => {
          const { key } = payload as { key: string };
          for (let attempt = 1; attempt <= 5; attempt++) {
            try {
              return await p.call('counter', 'add', { amount: 1, key }, { timeoutMs: 50 });
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
            await c.call('adder', 'addOne', { key: `add-${i}` }, { timeoutMs: 1_000 });
            acknowledged++;
          } catch {
            // the outcome is unknown: it may or may not have been added
          }
          await c.sleep(50);
        }
      });
      const sum = (): number => world.database('counter').get<number>('counter', 'sum') ?? 0;
      world.always('the sum never exceeds the adds requested', () => sum() <= 20 || `the sum is ${sum()}`);
      world.eventually('every acknowledged add is counted', () => sum() >= acknowledged || `${acknowledged} adds acknowledged, the sum is ${sum()}`);
      world.sometimes('the counter reached 10', () => sum() >= 10);
    },
  });
}

export const twoProcess = counterWorld(false);
export const fixed = counterWorld(true);
