// The fault scenarios every networked invalidation bus passes (issue 20, item 14): two cache
// instances sharing an L2, one of them behind the fault-injecting TCP proxy (never the shared
// server itself). A connection cut, reset or blackholed mid-stream, and a server "restart"
// (connections reset, new ones refused, then accepted again) must give typed errors, keep the
// process alive and wedge nothing; what the cut loses is made safe (the subscriber drops its whole
// L1 on reconnect, since pub/sub does not replay) and what was acknowledged reaches the other
// instance afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../resilience/redis/testing/redis-support.js';
import { createSystemRuntime } from '../runtime/index.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';
import { CacheBusTimeoutError } from './cache-errors.js';
import { Cache } from './cache.js';
import type { InvalidationBus } from './invalidation-bus.js';
import { MemoryTier } from './memory-tier.js';

/** How a contract run reaches one bus implementation. */
export interface BusFaultHarness {
  /** The real server the proxy forwards to. */
  readonly target: { readonly host: string; readonly port: number };
  /** A channel (subject) name no other run uses. */
  readonly channel: () => string;
  /** A bus on `channel`, connected to `address` (the proxy's or the server's); `cleanup` collects what to close after the test. */
  readonly openBus: (address: { host: string; port: number }, channel: string, cleanup: Array<() => unknown>) => Promise<InvalidationBus>;
}

export function invalidationBusFaultContract(name: string, harness: BusFaultHarness | undefined): void {
  describe.skipIf(harness === undefined)(`${name} under faults (invalidation bus contract)`, () => {
    const cleanup: Array<() => unknown> = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    /** Instances `a` and `b` on one channel and one shared L2; the one named in `proxied` goes through a proxy. */
    async function twoInstances(proxied: 'a' | 'b'): Promise<{ a: Cache; b: Cache; proxy: TcpProxy; errors: unknown[] }> {
      const { target, channel, openBus } = harness as BusFaultHarness;
      const proxy = await startTcpProxy({ target });
      cleanup.push(() => proxy.close());
      const runtime = createSystemRuntime({ seed: 7 });
      const shared = new MemoryTier({ runtime });
      const errors: unknown[] = [];
      const subject = channel();
      const cache = async (instance: 'a' | 'b'): Promise<Cache> => {
        const bus = await openBus(proxied === instance ? proxy : target, subject, cleanup);
        const created = new Cache({ runtime, name: instance, l2: shared, ttlMs: 600_000, busTimeoutMs: 200, bus, onError: (error) => errors.push(error) });
        cleanup.push(() => created.close());
        return created;
      };
      const a = await cache('a');
      const b = await cache('b');
      await a.ready();
      await b.ready();
      return { a, b, proxy, errors };
    }

    it('a subscriber cut mid-stream misses what is sent meanwhile, drops its whole L1 on reconnect, then receives again', async () => {
      const { a, b, proxy } = await twoInstances('b');
      await a.set('k', 'v1');
      expect(await b.getOrSet('k', () => 'never')).toBe('v1'); // now in b's L1
      await b.getOrSet('other', () => 'cached in b');
      proxy.setMode('blackhole'); // b's subscription hears nothing
      await a.set('k', 'v2'); // acknowledged: in L2, published — but b cannot hear it
      expect(await b.get('k')).toBe('v1'); // the documented window: b's L1 is stale during the cut
      proxy.cutConnections(); // the cut connection is reset …
      proxy.heal(); // … and b reconnects
      expect(await eventually(() => b.l1?.size === 0, 10_000)).toBe(true); // its L1 dropped on reconnect, not trusted
      expect(await b.get('k')).toBe('v2'); // from the shared L2
      const received = b.stats().busReceived;
      await a.set('k', 'v3'); // after the reconnect, invalidations reach b again
      expect(await eventually(() => b.stats().busReceived > received)).toBe(true);
      expect(await b.get('k')).toBe('v3');
    }, 20_000);

    it('a publisher whose connection is blackholed: writes do not wait for it (CacheBusTimeoutError), and the invalidation reaches the other instance once the connection is back', async () => {
      const { a, b, proxy, errors } = await twoInstances('a');
      await a.set('k', 'v1');
      expect(await b.getOrSet('k', () => 'never')).toBe('v1');
      proxy.setMode('blackhole');
      await a.set('k', 'v2'); // returns although the bus never answers (it used to wait until the connection came back)
      expect(errors.find((error) => error instanceof CacheBusTimeoutError)).toMatchObject({ code: 'CACHE_BUS_TIMEOUT', outcome: 'unknown', timeoutMs: 200 });
      expect(await b.get('k')).toBe('v1'); // not delivered yet: the connection is still blackholed
      proxy.cutConnections(); // reset …
      proxy.heal(); // … and back: the client resends, the cache retries or re-sends what it kept
      expect(await eventually(async () => (await b.get('k')) === 'v2', 10_000)).toBe(true);
      await a.idle();
    }, 20_000);

    it('a server restart (connections reset, new ones refused, then accepted): both sides recover, and nothing acknowledged after it is lost', async () => {
      const { a, b, proxy } = await twoInstances('b');
      await a.set('k', 'v1');
      expect(await b.getOrSet('k', () => 'never')).toBe('v1');
      proxy.setMode('refuse');
      proxy.cutConnections(); // "the server went down"
      await a.set('k', 'v2'); // lost for b's subscription, which is down
      await b.set('mine', 'written while my bus is down'); // b's own publish cannot go out: the write still returns
      expect(await b.get('mine')).toBe('written while my bus is down');
      proxy.heal(); // "the server is back"
      expect(await eventually(async () => (await b.get('k')) === 'v2', 10_000)).toBe(true); // L1 dropped on reconnect
      for (const value of ['v3', 'v4']) {
        await a.set('k', value);
        expect(await eventually(async () => (await b.get('k')) === value)).toBe(true);
      }
      await b.idle();
    }, 20_000);
  });
}
