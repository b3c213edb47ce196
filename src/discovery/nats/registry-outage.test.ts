// A registry outage on NATS: the client's connection goes through our fault-injecting TCP proxy,
// which is partitioned (blackhole), then cut and refused, then healed. The shared NATS server is
// never touched; the instances keep writing to it over their own connection.
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';
import { roundRobin } from '../balancers/index.js';
import { DiscoveryClient } from '../discovery-client.js';
import { NatsRegistry } from './nats-registry.js';

const nats = await findService('nats');
const bucket = `pacelc_test_outage_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
const service = 'payments';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  for (let waitedMs = 0; !check(); waitedMs += 10) {
    if (waitedMs > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

describe.skipIf(!nats)('NatsRegistry through a registry outage (fail-static)', () => {
  let proxy: TcpProxy;
  let direct: NatsConnection;
  let proxied: NatsConnection;
  let instances: NatsRegistry;
  let clientSide: NatsRegistry;
  let client: DiscoveryClient;

  beforeAll(async () => {
    proxy = await startTcpProxy({ target: { host: nats?.host ?? '127.0.0.1', port: nats?.port ?? 4222 } });
    direct = await connect({ servers: `${nats?.host}:${nats?.port}` });
    proxied = await connect({ servers: `${proxy.host}:${proxy.port}`, maxReconnectAttempts: -1, reconnectTimeWait: 50, pingInterval: 1_000 });
    instances = await NatsRegistry.create({ connection: direct, bucket, maxLeaseMs: 60_000, resyncIntervalMs: 50 });
    clientSide = await NatsRegistry.create({ connection: proxied, bucket, maxLeaseMs: 60_000, resyncIntervalMs: 50, readTimeoutMs: 300, runtime: createSystemRuntime() });
    for (const id of ['p1', 'p2', 'p3']) await instances.register({ service, id, address: `10.0.0.${id.slice(1)}:80` }, { ttlMs: 30_000 });
    client = new DiscoveryClient({ registry: clientSide, service, balancer: roundRobin(), runtime: createSystemRuntime() });
    await client.start();
  });

  afterAll(async () => {
    await client?.close();
    await clientSide?.close();
    await instances?.destroy();
    await proxied?.close().catch(() => undefined);
    await direct?.close();
    await proxy?.close();
  });

  const ids = (): string => client.snapshot().instances.map((instance) => instance.id).join();

  it('keeps routing on its last snapshot while NATS is unreachable, says so, and converges to the current set after recovery', async () => {
    expect(ids()).toBe('p1,p2,p3');
    proxy.setMode('blackhole');
    await until('the client notices the registry is unreachable', () => !client.snapshot().registryReachable);
    proxy.cutConnections();
    proxy.setMode('refuse');

    await instances.deregister(service, 'p3');
    await instances.register({ service, id: 'p4', address: '10.0.0.4:80' }, { ttlMs: 30_000 });
    const picked = new Set(Array.from({ length: 30 }, () => client.pick().instance.id));
    expect(picked).toEqual(new Set(['p1', 'p2', 'p3'])); // the last known set, no pick failed
    expect(client.snapshot().registryReachable).toBe(false);

    proxy.heal();
    await until('the client converges to the registry\'s set', () => client.snapshot().registryReachable && ids() === 'p1,p2,p4');
    // Later changes reach it again.
    await instances.setStatus(service, 'p1', 'draining');
    await until('a status change reaches the client', () => client.snapshot().instances[0]?.status === 'draining');
  }, 40_000);

  it('a client that starts during an outage says so, and fills in once the registry is back', async () => {
    proxy.setMode('blackhole');
    await until('unreachable', () => !client.snapshot().registryReachable);
    proxy.cutConnections();
    proxy.setMode('refuse');
    const late = new DiscoveryClient({ registry: clientSide, service, runtime: createSystemRuntime() });
    try {
      await late.start();
      expect(late.snapshot()).toMatchObject({ instances: [], registryReachable: false });
      proxy.heal();
      await until('the late client hears the registry', () => late.snapshot().registryReachable && late.snapshot().instances.length === 3);
      expect(late.snapshot().instances.map((instance) => instance.id)).toEqual(['p1', 'p2', 'p4']);
    } finally {
      await late.close();
    }
  }, 40_000);
});
