// The contract every Registry backend passes: leases, duplicates, status, watches, isolation.
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { DuplicateInstanceError, InstanceNotFoundError } from './errors.js';
import type { ServiceInstance } from './instance.js';
import type { Registry } from './registry.js';

export interface RegistryHarness {
  readonly registry: Registry;
  /**
   * A TTL the backend handles well. On a real server the lease runs on the server's clock while
   * the test sleeps on a shared, possibly loaded machine: the heartbeats come every ttlMs / 8, so
   * ttlMs must leave room for event-loop stalls (1 s leaves 875 ms between heartbeats).
   */
  readonly ttlMs: number;
  /**
   * The most a watch may lag a change (0 for push-only in-process backends). Waits for a change to
   * arrive end as soon as it has; only "nothing more arrives" waits the whole delay, so a generous
   * bound (a loaded machine starves the resync timer) costs little.
   */
  readonly watchDelayMs: number;
  /** Lets time pass: virtual time for in-process backends, real time for servers. */
  readonly pass: (ms: number) => Promise<void>;
  /** A service name no other test uses. */
  readonly service: (name: string) => string;
  readonly close: () => Promise<void>;
}

/** Lets time pass until `done()` holds, at most `watchDelayMs` of it (in steps of 10 ms). */
async function watchCatchesUp({ watchDelayMs, pass }: Pick<RegistryHarness, 'watchDelayMs' | 'pass'>, done: () => boolean): Promise<void> {
  for (let waitedMs = 0; waitedMs < watchDelayMs && !done(); waitedMs += 10) await pass(10);
}

export function registryContract(name: string, create: () => Promise<RegistryHarness>): void {
  describe(`${name} (Registry contract)`, () => {
    const withHarness = (test: (harness: RegistryHarness) => Promise<void>) => async () => {
      const harness = await create();
      try {
        await test(harness);
      } finally {
        await harness.close();
      }
    };

    it('registers instances with defaults and lists them sorted by id', withHarness(async ({ registry, ttlMs, service }) => {
      const api = service('api');
      await registry.register({ service: api, id: 'b', address: '10.0.0.2:80', zone: 'z1' }, { ttlMs });
      const registered = await registry.register({ service: api, id: 'a', address: '[::1]:8080', weight: 3, metadata: { build: '42' } }, { ttlMs });
      expect(registered).toMatchObject({ host: '::1', port: 8080, weight: 3, status: 'passing' });
      const listed = await registry.instances(api);
      expect(listed.map((instance) => instance.id)).toEqual(['a', 'b']);
      expect(listed[0]).toMatchObject({ address: '[::1]:8080', weight: 3, metadata: { build: '42' }, status: 'passing' });
      expect(listed[1]).toMatchObject({ weight: 1, zone: 'z1' });
      expect(await registry.instances(service('other'))).toEqual([]);
    }));

    it('re-registering the same id and address renews it; another address is a DuplicateInstanceError', withHarness(async ({ registry, ttlMs, service }) => {
      const api = service('dup');
      await registry.register({ service: api, id: 'a', address: '10.0.0.1:80' }, { ttlMs });
      await registry.register({ service: api, id: 'a', address: '10.0.0.1:80' }, { ttlMs });
      await expect(registry.register({ service: api, id: 'a', address: '10.0.0.9:80' }, { ttlMs })).rejects.toBeInstanceOf(DuplicateInstanceError);
      expect((await registry.instances(api)).map((instance) => instance.address)).toEqual(['10.0.0.1:80']);
    }));

    it('rejects malformed instances with every problem named, and changes nothing', withHarness(async ({ registry, ttlMs, service }) => {
      const api = service('bad');
      const error = await registry.register({ service: api, id: 'x', address: 'no-port', weight: -1 }, { ttlMs }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems.map((problem) => problem.path)).toEqual([`instance ${api}/x.address`, `instance ${api}/x.weight`]);
      await expect(registry.register({ service: api, id: 'y', address: '1.2.3.4:99999' }, { ttlMs })).rejects.toBeInstanceOf(InputError);
      expect(await registry.instances(api)).toEqual([]);
    }));

    it('keeps an instance alive with heartbeats and drops it within TTL + watch delay when they stop', withHarness(async ({ registry, ttlMs, watchDelayMs, pass, service }) => {
      const api = service('lease');
      const seen: string[][] = [];
      const watch = await registry.watch(api, (instances) => seen.push(instances.map((instance) => instance.id)));
      await registry.register({ service: api, id: 'alive', address: '10.0.0.1:80' }, { ttlMs });
      await registry.register({ service: api, id: 'crashed', address: '10.0.0.2:80' }, { ttlMs });
      for (let elapsed = 0; elapsed < ttlMs * 2; elapsed += ttlMs / 8) {
        await pass(ttlMs / 8);
        await registry.heartbeat(api, 'alive');
      }
      // 'crashed' has missed two whole leases by now; the watch may lag by watchDelayMs at most.
      await watchCatchesUp({ watchDelayMs, pass }, () => seen.at(-1)?.join() === 'alive');
      expect((await registry.instances(api)).map((instance) => instance.id)).toEqual(['alive']);
      expect(seen.at(-1)).toEqual(['alive']);
      expect(seen.some((ids) => ids.includes('crashed'))).toBe(true);
      await watch.close();
      await expect(registry.heartbeat(api, 'crashed')).rejects.toBeInstanceOf(InstanceNotFoundError);
    }));

    it('tells watchers about status changes and deregistration; closed watches hear nothing', withHarness(async ({ registry, ttlMs, watchDelayMs, pass, service }) => {
      const api = service('status');
      let latest: readonly ServiceInstance[] = [];
      let calls = 0;
      const watch = await registry.watch(api, (instances) => {
        latest = instances;
        calls++;
      });
      expect(calls).toBe(1);
      await registry.register({ service: api, id: 'a', address: '10.0.0.1:80' }, { ttlMs: ttlMs * 10 });
      await registry.register({ service: api, id: 'b', address: '10.0.0.2:80' }, { ttlMs: ttlMs * 10 });
      await registry.setStatus(api, 'a', 'draining');
      await watchCatchesUp({ watchDelayMs, pass }, () => latest.map((instance) => `${instance.id}:${instance.status}`).join() === 'a:draining,b:passing');
      expect(latest.map((instance) => `${instance.id}:${instance.status}`)).toEqual(['a:draining', 'b:passing']);
      await registry.deregister(api, 'a');
      await registry.deregister(api, 'never-registered');
      await watchCatchesUp({ watchDelayMs, pass }, () => latest.map((instance) => instance.id).join() === 'b');
      expect(latest.map((instance) => instance.id)).toEqual(['b']);
      await watch.close();
      const before = calls;
      await registry.deregister(api, 'b');
      await pass(watchDelayMs);
      expect(calls).toBe(before);
      await expect(registry.setStatus(api, 'gone', 'critical')).rejects.toBeInstanceOf(InstanceNotFoundError);
    }));

    it('rejects a nonsensical TTL', withHarness(async ({ registry, service }) => {
      await expect(registry.register({ service: service('ttl'), id: 'a', address: '10.0.0.1:80' }, { ttlMs: -5 })).rejects.toThrow(/ttlMs/);
    }));
  });
}
