// A registry outage, for real: the client's Redis connections go through our fault-injecting TCP
// proxy, which is partitioned (blackhole), then cut and refused, then healed. The shared Redis
// itself is never touched; the instances keep writing to it directly, as they would from another
// network segment.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';
import { roundRobin } from '../balancers/index.js';
import { DiscoveryClient } from '../discovery-client.js';
import type { ServiceInstance } from '../instance.js';
import { RedisRegistry } from './redis-registry.js';

const redis = await findService('redis');
const runId = `${process.pid}x${Math.floor(Math.random() * 1e9)}`;
let suites = 0;
const service = 'payments';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (let waitedMs = 0; !check(); waitedMs += 10) {
    if (waitedMs > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

const setups = [
  {
    name: 'an ioredis client with a command timeout',
    // What a client should configure for a registry it must not hang on: a command timeout (a
    // partition drops bytes without closing the socket) and fast, bounded reconnect attempts.
    client: (proxy: TcpProxy) => new Redis({ host: proxy.host, port: proxy.port, commandTimeout: 200, maxRetriesPerRequest: 1, retryStrategy: () => 50 }),
    readTimeoutMs: undefined,
  },
  {
    name: 'a default ioredis client (the registry\'s own read timeout notices the partition)',
    client: (proxy: TcpProxy) => new Redis({ host: proxy.host, port: proxy.port }),
    readTimeoutMs: 300,
  },
];

describe.skipIf(!redis).each(setups)('RedisRegistry through a registry outage (fail-static), with $name', (setup) => {
  let proxy: TcpProxy;
  let direct: Redis;
  let proxied: Redis;
  let instances: RedisRegistry;
  let clientSide: RedisRegistry;
  let client: DiscoveryClient;
  const prefix = `pacelc:test:outage:${runId}:${++suites}`;

  beforeAll(async () => {
    proxy = await startTcpProxy({ target: { host: redis?.host ?? '127.0.0.1', port: redis?.port ?? 6379 } });
    direct = new Redis(redis?.url ?? '');
    proxied = setup.client(proxy);
    proxied.on('error', () => {});
    instances = new RedisRegistry({ redis: direct, prefix, resyncIntervalMs: 50 });
    clientSide = new RedisRegistry({ redis: proxied, prefix, resyncIntervalMs: 50, ...(setup.readTimeoutMs === undefined ? {} : { readTimeoutMs: setup.readTimeoutMs }), runtime: createSystemRuntime() });
    for (const id of ['p1', 'p2', 'p3']) await instances.register({ service, id, address: `10.0.0.${id.slice(1)}:80` }, { ttlMs: 30_000 });
    client = new DiscoveryClient({
      registry: clientSide,
      service,
      balancer: roundRobin(),
      outlierDetection: { consecutiveFailures: 3, baseEjectionMs: 60_000 },
      runtime: createSystemRuntime(),
    });
    await client.start();
  });

  afterAll(async () => {
    await client?.close();
    await clientSide?.close();
    await instances?.close();
    const keys = (await direct?.keys(`${prefix}:*`)) ?? [];
    if (keys.length > 0) await direct.del(...keys);
    direct?.disconnect();
    proxied?.disconnect();
    await proxy?.close();
  });

  const ids = (): string[] => client.snapshot().instances.map((instance) => instance.id);

  /** Makes `count` calls; an instance in `dead` fails like a crashed process would. Returns calls per instance. */
  async function traffic(count: number, dead: ReadonlySet<string> = new Set()): Promise<Map<string, number>> {
    const served = new Map<string, number>();
    for (let call = 0; call < count; call++) {
      await client
        .call(async (instance: ServiceInstance) => {
          if (dead.has(instance.id)) throw new Error(`connect ECONNREFUSED ${instance.address}`);
          served.set(instance.id, (served.get(instance.id) ?? 0) + 1);
        })
        .catch((error: unknown) => {
          // The only failures allowed are the dead instance's own, never the registry's.
          expect(String(error)).toMatch(/ECONNREFUSED 10\.0\.0\.\d:80/);
        });
    }
    return served;
  }

  it('keeps routing on the last snapshot while Redis is unreachable, and says so; recovers when it is back', async () => {
    expect(ids()).toEqual(['p1', 'p2', 'p3']);
    expect(client.snapshot().registryReachable).toBe(true);

    // A partition: open connections stay up but every byte is lost.
    proxy.setMode('blackhole');
    await until('the client notices the registry is unreachable', () => !client.snapshot().registryReachable);
    const during = client.snapshot();
    expect(during.lastError).toBeDefined();
    expect(during.instances.map((instance) => instance.id)).toEqual(['p1', 'p2', 'p3']);
    expect([...(await traffic(300)).entries()].sort()).toEqual([['p1', 100], ['p2', 100], ['p3', 100]]);

    // The partition ends the connections; reconnects are refused for a while.
    proxy.cutConnections();
    proxy.setMode('refuse');
    await sleep(300);
    expect(client.snapshot().registryReachable).toBe(false);
    expect((await traffic(30)).size).toBe(3);

    // Nothing changed meanwhile: back to reachable, same set, fresh snapshot.
    proxy.heal();
    await until('the client hears from the registry again', () => client.snapshot().registryReachable);
    expect(ids()).toEqual(['p1', 'p2', 'p3']);
    expect(client.snapshot().ageMs).toBeLessThan(1_000);
  });

  it('routes around an instance that dies during the outage (outlier ejection), then converges to the registry\'s current set', async () => {
    proxy.setMode('blackhole');
    await until('unreachable', () => !client.snapshot().registryReachable);
    proxy.cutConnections();
    proxy.setMode('refuse');

    // While the client is cut off: p3 dies and is deregistered, p4 joins.
    const dead = new Set(['p3']);
    await instances.deregister(service, 'p3');
    await instances.register({ service, id: 'p4', address: '10.0.0.4:80' }, { ttlMs: 30_000 });
    expect((await instances.instances(service)).map((instance) => instance.id)).toEqual(['p1', 'p2', 'p4']);

    // The client still believes in p3; its failures eject it, and no call fails for lack of a registry.
    const first = await traffic(30, dead);
    expect(first.get('p3')).toBeUndefined();
    expect(client.snapshot().registryReachable).toBe(false);
    expect(client.snapshot().available).toBe(2);
    const afterEjection = await traffic(100, dead);
    expect([...afterEjection.entries()].sort()).toEqual([['p1', 50], ['p2', 50]]);
    expect(ids()).toEqual(['p1', 'p2', 'p3']);

    proxy.heal();
    await until('the client converges to the registry\'s set', () => client.snapshot().registryReachable && ids().join() === 'p1,p2,p4');
    const healed = await traffic(90, dead);
    expect([...healed.entries()].sort()).toEqual([['p1', 30], ['p2', 30], ['p4', 30]]);
  });

  it('a client that starts during an outage says so (nothing to route to yet), and fills in once the registry is back', async () => {
    proxy.setMode('blackhole');
    await until('unreachable', () => !client.snapshot().registryReachable);
    proxy.cutConnections();
    proxy.setMode('refuse');
    const late = new DiscoveryClient({ registry: clientSide, service, runtime: createSystemRuntime() });
    try {
      await late.start();
      expect(late.snapshot()).toMatchObject({ instances: [], available: 0, registryReachable: false });
      expect(() => late.pick()).toThrow(/none registered/);
      proxy.heal();
      await until('the late client hears the registry', () => late.snapshot().registryReachable && late.snapshot().instances.length === 3);
      expect(late.snapshot().instances.map((instance) => instance.id)).toEqual(['p1', 'p2', 'p4']);
    } finally {
      await late.close();
    }
  });
});
