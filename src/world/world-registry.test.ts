import { describe, expect, it } from 'vitest';
import { DiscoveryClient } from '../discovery/discovery-client.js';
import { ServiceRegistration } from '../discovery/service-registration.js';
import { defineWorld, runWorld } from './run-world.js';
import type { WorldFault } from './fault-schedule.js';

const quiet = { crashes: 0, partitions: 0, clockSkews: 0, lossProbability: 0, duplicateProbability: 0 } as const;

/** Two instances of `api` (b always fails) registered with leases, and a caller that discovers them, with outlier ejection. */
function registryWorld() {
  const seen: Array<{ atMs: number; reachable: boolean; instances: string; available: number }> = [];
  const answers: string[] = [];
  const registryCalls: string[] = [];
  const world = defineWorld({
    name: 'registry',
    durationMs: 4_000,
    quiesceMs: 2_000,
    faults: quiet,
    setup(w) {
      for (const id of ['a', 'b']) {
        w.process(id, async (p) => {
          p.serve('hello', () => {
            if (id === 'b') throw new Error('b is sick');
            return id;
          });
          await ServiceRegistration.start({ registry: p.registry, instance: { service: 'api', id, address: `${id}:80` }, ttlMs: 1_500, heartbeatIntervalMs: 300, runtime: p.runtime });
        });
      }
      w.process('caller', async (p) => {
        const api = new DiscoveryClient({ registry: p.registry, service: 'api', outlierDetection: { consecutiveFailures: 2, baseEjectionMs: 10_000 }, runtime: p.runtime });
        await api.start();
        for (let tick = 0; tick < 55; tick++) {
          await p.runtime.sleep(100);
          answers.push(await api.call((instance) => p.call<string>(instance.id, 'hello')).catch(() => 'failed'));
          const snapshot = api.snapshot();
          seen.push({ atMs: p.runtime.clock.monotonicMs(), reachable: snapshot.registryReachable, instances: snapshot.instances.map((instance) => instance.id).join(','), available: snapshot.available });
          if (tick === 10) {
            await p.registry.instances('api').then(
              (instances) => registryCalls.push(`instances ok: ${instances.length}`),
              (error: unknown) => registryCalls.push(`instances ${(error as Error).name}`),
            );
          }
        }
      });
    },
  });
  return { world, seen, answers, registryCalls };
}

describe('the world registry', () => {
  it('cut from the registry, a discovery client routes on its last set, says so, and still ejects the failing instance', async () => {
    const { world, seen, answers, registryCalls } = registryWorld();
    const schedule: WorldFault[] = [{ kind: 'partition', groups: [['caller'], ['broker']], atMs: 500, durationMs: 2_000 }];
    const result = await runWorld(world, { seed: 1, schedule });
    expect(result.violations).toEqual([]);
    const during = seen.filter((entry) => entry.atMs > 600 && entry.atMs < 2_400);
    expect(during.length).toBeGreaterThan(10);
    for (const entry of during) expect(entry).toMatchObject({ reachable: false, instances: 'a,b' });
    // Outlier ejection works without the registry: b is ejected, a serves.
    expect(during.at(-1)?.available).toBe(1);
    expect(answers.slice(-10).every((answer) => answer === 'a')).toBe(true);
    // A registry call from the cut-off process times out (the call at tick 10, about 1.1 s in).
    expect(registryCalls).toEqual(['instances WorldTimeoutError']);
    expect(seen.at(-1)).toMatchObject({ reachable: true, instances: 'a,b' });
  });

  it('without the partition, the registry answers and the client never goes stale', async () => {
    const { world, seen, registryCalls } = registryWorld();
    await runWorld(world, { seed: 1, schedule: [] });
    expect(seen.every((entry) => entry.reachable && entry.instances === 'a,b')).toBe(true);
    expect(registryCalls).toEqual(['instances ok: 2']);
  });

  it('an instance cut from the registry past its lease drops out of the set, and registers again once the partition heals', async () => {
    const { world, seen } = registryWorld();
    const schedule: WorldFault[] = [{ kind: 'partition', groups: [['a'], ['broker']], atMs: 500, durationMs: 2_500 }];
    const a = await runWorld(world, { seed: 2, schedule });
    expect(a.violations).toEqual([]);
    expect(seen.some((entry) => entry.atMs > 2_000 && entry.atMs < 3_000 && entry.instances === 'b')).toBe(true); // the lease (1.5 s) ran out
    expect(seen.at(-1)?.instances).toBe('a,b');
    const again = registryWorld();
    const b = await runWorld(again.world, { seed: 2, schedule });
    expect(b.traceSha256).toBe(a.traceSha256);
  });
});
