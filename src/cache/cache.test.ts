import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { Cache } from './cache.js';
import { cacheContract } from './cache.contract.js';
import { MemoryLock } from './distributed-lock.js';
import { MemoryInvalidationBus, type InvalidationBus, type InvalidationMessage } from './invalidation-bus.js';
import { MemoryTier } from './memory-tier.js';

cacheContract('L1 (LRU)', async () => {
  const runtime = new ManualRuntime({ seed: 1 });
  return { runtime, create: (options = {}) => new Cache({ ...options, runtime }), io: () => runtime.settle(), cleanup: async () => {} };
});

cacheContract('L1 (W-TinyLFU, entry and byte bounds)', async () => {
  const runtime = new ManualRuntime({ seed: 2 });
  return {
    runtime,
    create: (options = {}) => new Cache({ ...options, runtime, l1: { policy: 'w-tinylfu', maxEntries: 5_000, maxBytes: 2 ** 20 } }),
    io: () => runtime.settle(),
    cleanup: async () => {},
  };
});

cacheContract('L2 only (a MemoryTier standing in for a shared tier)', async () => {
  const runtime = new ManualRuntime({ seed: 3 });
  const shared = new MemoryTier({ runtime });
  return { runtime, create: (options = {}) => new Cache({ ...options, runtime, l1: false, l2: shared }), io: () => runtime.settle(), cleanup: async () => {} };
});

cacheContract('L1 + L2 (a MemoryTier standing in for a shared tier)', async () => {
  const runtime = new ManualRuntime({ seed: 4 });
  const shared = new MemoryTier({ runtime });
  return { runtime, create: (options = {}) => new Cache({ ...options, runtime, l2: shared }), io: () => runtime.settle(), cleanup: async () => {} };
});

describe('Cache across instances (in-process shared tier, lock and bus, on virtual time)', () => {
  function cluster(options: { busDelayMs?: number; lock?: boolean } = {}) {
    const runtime = new ManualRuntime({ seed: 9 });
    const shared = new MemoryTier({ runtime });
    const bus = new MemoryInvalidationBus({ runtime, delayMs: options.busDelayMs ?? 0 });
    const lock = options.lock === true ? new MemoryLock({ runtime }) : undefined;
    const instance = (name: string) => new Cache({ runtime, name, l2: shared, bus, ttlMs: 60_000, ...(lock === undefined ? {} : { lock }) });
    return { runtime, instance };
  }

  it('with the distributed lock, 1,000 concurrent cold requests on each of 4 instances cause one load in all', async () => {
    const { runtime, instance } = cluster({ lock: true });
    const caches = ['a', 'b', 'c', 'd'].map(instance);
    let loads = 0;
    const loader = async (): Promise<string> => {
      loads++;
      await runtime.sleep(200);
      return 'value';
    };
    const reads = caches.flatMap((cache) => Array.from({ length: 1_000 }, () => cache.getOrSet('hot', loader)));
    await runtime.advance(1_000);
    expect(new Set(await Promise.all(reads))).toEqual(new Set(['value']));
    expect(loads).toBe(1);
    const waits = caches.reduce((sum, cache) => sum + cache.stats().lockWaits, 0);
    expect(waits).toBe(3);
  });

  it('without the lock, it is one load per instance', async () => {
    const { runtime, instance } = cluster();
    const caches = ['a', 'b', 'c'].map(instance);
    let loads = 0;
    const loader = async (): Promise<string> => {
      loads++;
      await runtime.sleep(200);
      return 'value';
    };
    const reads = caches.flatMap((cache) => Array.from({ length: 1_000 }, () => cache.getOrSet('hot', loader)));
    await runtime.advance(1_000);
    await Promise.all(reads);
    expect(loads).toBe(3);
  });

  it('an update on one instance reaches the other L1 within the bus delay, never later', async () => {
    const { runtime, instance } = cluster({ busDelayMs: 30 });
    const [a, b] = [instance('a'), instance('b')] as [Cache, Cache];
    await a.ready();
    await b.ready();
    await b.getOrSet('k', () => 'v1'); // b's L1 holds v1
    await a.set('k', 'v2');
    const served: string[] = [];
    for (let ms = 0; ms <= 40; ms += 5) {
      served.push(`${ms}:${await b.get<string>('k')}`);
      await runtime.advance(5);
    }
    // Stale for exactly the delivery delay, then the new value from L2.
    expect(served.filter((read) => read.endsWith('v1')).map((read) => read.split(':')[0])).toEqual(['0', '5', '10', '15', '20', '25']);
    expect(served.slice(6).every((read) => read.endsWith('v2'))).toBe(true);
  });

  it('l1MaxTtlMs bounds how long a lost invalidation can matter', async () => {
    const runtime = new ManualRuntime({ seed: 10 });
    const shared = new MemoryTier({ runtime });
    const deaf: InvalidationBus = { publish: async () => {}, subscribe: async () => ({ unsubscribe: async () => {} }) }; // loses everything
    const a = new Cache({ runtime, name: 'a', l2: shared, bus: deaf, ttlMs: 60_000 });
    const b = new Cache({ runtime, name: 'b', l2: shared, bus: deaf, ttlMs: 60_000, l1MaxTtlMs: 5_000 });
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1'); // into b's L1, fresh there for at most 5 s
    await a.set('k', 'v2'); // b never hears of it
    await runtime.advance(4_999);
    expect(await b.getOrSet('k', () => 'never')).toBe('v1');
    await runtime.advance(1);
    expect(await b.getOrSet('k', () => 'never')).toBe('v2'); // L1 copy no longer fresh: re-read from L2
  });

  it('retries a failed publish with backoff and counts what is finally lost', async () => {
    const runtime = new ManualRuntime({ seed: 5 });
    const inner = new MemoryInvalidationBus({ runtime });
    let failuresLeft = 2;
    const flaky: InvalidationBus = {
      publish: async (message: InvalidationMessage) => {
        if (failuresLeft-- > 0) throw new Error('bus down');
        await inner.publish(message);
      },
      subscribe: (handler) => inner.subscribe(handler),
    };
    const a = new Cache({ runtime, bus: flaky, name: 'a' });
    const b = new Cache({ runtime, bus: flaky, name: 'b' });
    await a.ready();
    await b.ready();
    await b.set('k', 'old'); // its publish fails once, then is retried
    await a.delete('k');
    await runtime.advance(10_000);
    await a.idle();
    expect(await b.get('k')).toBeUndefined();
    expect(a.stats().busFailures + b.stats().busFailures).toBe(0);
    failuresLeft = 100;
    await a.delete('other');
    await runtime.advance(60_000);
    await a.idle();
    expect(a.stats().busFailures).toBe(1);
  });

  it('keeps an invalidation the bus refused through every retry and re-sends it until the bus takes it, so the other L1 is not stale forever', async () => {
    const runtime = new ManualRuntime({ seed: 6 });
    const inner = new MemoryInvalidationBus({ runtime });
    let down = false;
    const flaky: InvalidationBus = {
      publish: async (message: InvalidationMessage) => {
        if (down) throw new Error('bus down');
        await inner.publish(message);
      },
      subscribe: (handler) => inner.subscribe(handler),
    };
    const shared = new MemoryTier({ runtime });
    const a = new Cache({ runtime, bus: flaky, name: 'a', l2: shared, busRetries: 2 });
    const b = new Cache({ runtime, bus: flaky, name: 'b', l2: shared });
    await a.ready();
    await b.ready();
    await a.set('k', 'old');
    expect(await b.getOrSet('k', () => 'never')).toBe('old'); // in b's L1
    down = true;
    await a.set('k', 'new');
    await runtime.advance(10_000);
    await a.idle();
    expect(a.stats()).toMatchObject({ busFailures: 1, undeliveredInvalidations: 1, busRedelivered: 0 });
    expect(await b.get('k')).toBe('old'); // the bus is still down: b cannot know yet
    down = false;
    await runtime.advance(2_000); // the next re-send
    await Promise.resolve();
    expect(a.stats()).toMatchObject({ undeliveredInvalidations: 0, busRedelivered: 1 });
    expect(await b.get('k')).toBe('new');
    await a.close();
    await b.close();
  });

  it('an L2 read that straddles a local write is not copied into L1 over the newer value', async () => {
    const runtime = new ManualRuntime({ seed: 8 });
    const shared = new MemoryTier({ runtime });
    const slow = new Proxy(shared, {
      get(target, property, receiver) {
        if (property !== 'get') return Reflect.get(target, property, receiver) as unknown;
        return async (key: string) => {
          const entry = target.get(key);
          const copy = entry === undefined ? undefined : { ...entry }; // read now...
          await runtime.sleep(10); // ...answer later
          return copy;
        };
      },
    });
    await new Cache({ runtime, l2: shared }).set('k', 'v1');
    const cache = new Cache({ runtime, l2: slow });
    const reading = cache.getOrSet('k', () => 'loaded');
    await runtime.advance(1);
    await cache.set('k', 'v2');
    await runtime.advance(10);
    expect(await reading).toBe('v1'); // it was the value when the read began
    expect(await cache.get('k')).toBe('v2');
  });

  it('an L2 that throws never fails a request: L1 and the loader carry on, and missed invalidations are replayed', async () => {
    const runtime = new ManualRuntime({ seed: 6 });
    const shared = new MemoryTier({ runtime });
    let down = false;
    const flaky = new Proxy(shared, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function' || property === 'kind') return value;
        return (...args: unknown[]) => {
          if (down) throw new Error('ECONNREFUSED');
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const errors: string[] = [];
    const cache = new Cache({ runtime, l2: flaky, ttlMs: 60_000, onError: (_error, context) => errors.push(context.operation) });
    await cache.set('k', 'v1');
    down = true;
    expect(await cache.getOrSet('k', () => 'loaded')).toBe('v1'); // L1
    expect(await cache.getOrSet('new', () => 'loaded')).toBe('loaded');
    await cache.set('k', 'v2'); // L2 still holds v1: the write is queued as an invalidation
    expect(cache.stats().pendingL2Invalidations).toBe(1);
    expect(errors).toContain('l2');
    down = false;
    await runtime.advance(1_000); // the breaker lets L2 be tried again
    cache.l1?.clear();
    expect(await cache.getOrSet('k', () => 'reloaded')).toBe('reloaded'); // never the old v1 from L2
    expect(cache.stats().pendingL2Invalidations).toBe(0);
  });
});
