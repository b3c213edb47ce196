// Issue 20, item 14 (fault half) for the NATS invalidation bus: two cache instances sharing an L2,
// one of them behind the fault-injecting TCP proxy in front of the shared NATS (never stopped).
// A connection cut or blackholed mid-stream, and a server "restart" (connections reset, new ones
// refused, then accepted again), must give typed errors, keep the process alive and wedge
// nothing; the subscriber drops its whole L1 on reconnect (core NATS does not replay), and what
// was acknowledged reaches the other instance afterwards.
import { connect, type NatsConnection } from 'nats';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../resilience/redis/testing/redis-support.js';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';
import { CacheBusTimeoutError } from '../cache-errors.js';
import { Cache } from '../cache.js';
import { MemoryTier } from '../memory-tier.js';
import { NatsInvalidationBus } from './nats-invalidation-bus.js';

const natsService = await findService('nats');

describe.skipIf(!natsService)('NATS invalidation bus under faults', () => {
  const target = { host: natsService?.host as string, port: natsService?.port as number };
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function twoInstances(proxied: 'a' | 'b'): Promise<{ a: Cache; b: Cache; proxy: TcpProxy; errors: unknown[] }> {
    const subject = `pacelc.test.busfaults.${process.pid}.${Math.floor(Math.random() * 1e9)}`;
    const proxy = await startTcpProxy({ target });
    const runtime = createSystemRuntime({ seed: 9 });
    const shared = new MemoryTier({ runtime });
    const errors: unknown[] = [];
    const open = async (viaProxy: boolean): Promise<NatsConnection> => {
      const address = viaProxy ? `${proxy.host}:${proxy.port}` : `${target.host}:${target.port}`;
      const connection = await connect({ servers: address, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
      cleanup.push(() => connection.close().catch(() => undefined));
      return connection;
    };
    const cache = async (name: 'a' | 'b'): Promise<Cache> =>
      new Cache({ runtime, name, l2: shared, ttlMs: 600_000, busTimeoutMs: 200, bus: new NatsInvalidationBus(await open(proxied === name), { subject }), onError: (error) => errors.push(error) });
    const a = await cache('a');
    const b = await cache('b');
    cleanup.push(() => proxy.close(), () => a.close(), () => b.close());
    await a.ready();
    await b.ready();
    return { a, b, proxy, errors };
  }

  it('a subscriber whose connection is reset misses what is sent meanwhile, drops its whole L1 on reconnect, then receives again', async () => {
    const { a, b, proxy } = await twoInstances('b');
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1');
    await b.getOrSet('other', () => 'cached in b');
    proxy.setMode('blackhole');
    await a.set('k', 'v2'); // acknowledged by the server; b's connection hears nothing
    expect(await b.get('k')).toBe('v1'); // the documented window: stale during the cut
    proxy.cutConnections();
    proxy.heal();
    expect(await eventually(() => b.l1?.size === 0, 10_000)).toBe(true);
    expect(await b.get('k')).toBe('v2');
    const received = b.stats().busReceived;
    await a.set('k', 'v3');
    expect(await eventually(() => b.stats().busReceived > received)).toBe(true);
    expect(await b.get('k')).toBe('v3');
  }, 20_000);

  it('a publisher whose connection is blackholed: writes return (CacheBusTimeoutError), and the invalidation reaches the other instance once the connection is back', async () => {
    const { a, b, proxy, errors } = await twoInstances('a');
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1');
    proxy.setMode('blackhole');
    await a.set('k', 'v2'); // the flush never answers: without busTimeoutMs this write waited for the connection
    expect(errors.find((error) => error instanceof CacheBusTimeoutError)).toMatchObject({ code: 'CACHE_BUS_TIMEOUT', outcome: 'unknown' });
    expect(await b.get('k')).toBe('v1');
    proxy.cutConnections();
    proxy.heal();
    expect(await eventually(async () => (await b.get('k')) === 'v2', 10_000)).toBe(true);
    await a.idle();
  }, 20_000);

  it('a server restart (connections reset, new ones refused, then accepted): both sides recover, and nothing acknowledged after it is lost', async () => {
    const { a, b, proxy } = await twoInstances('b');
    await a.set('k', 'v1');
    expect(await b.getOrSet('k', () => 'never')).toBe('v1');
    proxy.setMode('refuse');
    proxy.cutConnections();
    await a.set('k', 'v2');
    await b.set('mine', 'written while my bus is down');
    expect(await b.get('mine')).toBe('written while my bus is down');
    proxy.heal();
    expect(await eventually(async () => (await b.get('k')) === 'v2', 10_000)).toBe(true);
    for (const value of ['v3', 'v4']) {
      await a.set('k', value);
      expect(await eventually(async () => (await b.get('k')) === value)).toBe(true);
    }
    await b.idle();
  }, 20_000);
});
