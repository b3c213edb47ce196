// Discovery: balancer pick cost, proxy added latency against a direct call, and how fast a removal reaches 100 clients.
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import {
  consistentHashing,
  DiscoveryClient,
  type Endpoint,
  leastOutstanding,
  MemoryRegistry,
  normalizeInstance,
  powerOfTwoChoices,
  randomChoice,
  roundRobin,
  startDiscoveryProxy,
  weightedRoundRobin,
  zoneAware,
} from '../src/discovery/index.js';
import { connect as connectNats } from 'nats';
import { NatsRegistry } from '../src/discovery/nats/index.js';
import { RedisRegistry } from '../src/discovery/redis/index.js';
import type { Registry } from '../src/discovery/index.js';
import { createSystemRuntime } from '../src/runtime/index.js';
import { type BenchSuite, type BenchTable, casesTable, formatNumber, measureCases } from './harness.js';

function endpoints(count: number): Endpoint[] {
  return Array.from({ length: count }, (_, index) => {
    const endpoint: Endpoint = {
      instance: normalizeInstance({ service: 'api', id: `i${index}`, address: `10.0.${index >> 8}.${index & 255}:80`, zone: index % 3 === 0 ? 'a' : 'b', weight: 1 + (index % 3) }),
      outstanding: index % 7,
      ewmaLatencyMs: 1 + (index % 5),
      consecutiveFailures: 0,
      ejections: 0,
      ejectedUntilMs: 0,
    };
    return endpoint;
  });
}

async function pickCosts(count: number, context: Parameters<BenchSuite['run']>[0]): Promise<BenchTable> {
  const runtime = createSystemRuntime({ seed: 1 });
  const pool = endpoints(count);
  const balancers = [
    roundRobin(),
    randomChoice({ runtime }),
    weightedRoundRobin(),
    leastOutstanding({ runtime }),
    powerOfTwoChoices({ runtime }),
    powerOfTwoChoices({ runtime, by: 'ewma' }),
    zoneAware({ zone: 'a', within: powerOfTwoChoices({ runtime }) }),
    consistentHashing(),
  ];
  let sink = 0;
  const keys = Array.from({ length: 1024 }, (_, index) => ({ key: `user:${index}` }));
  let next = 0;
  const results = await measureCases(
    balancers.map((balancer, index) => ({
      name: balancer.name,
      subject: index === 4,
      fn: () => {
        sink += balancer.pick(pool, keys[next++ & 1023] as { key: string }).outstanding;
      },
    })),
    context,
  );
  if (sink === -1) context.log('');
  return casesTable(`balancer pick, ${count} instances`, results, ['Goal: a pick under 100 ns for 10 instances. Ratios are against P2C (least outstanding).']);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

async function proxyLatency(context: Parameters<BenchSuite['run']>[0]): Promise<BenchTable> {
  const server: Server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const runtime = createSystemRuntime({ seed: 2 });
  const registry = new MemoryRegistry({ runtime });
  await registry.register({ service: 'echo', id: 'b0', address: `127.0.0.1:${port}` }, { ttlMs: 600_000 });
  const proxy = await startDiscoveryProxy({ registry, runtime });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const requests = context.quick ? 200 : 20_000;
  const concurrency = 8;
  const run = async (url: string): Promise<{ latencies: number[]; seconds: number }> => {
    const latencies: number[] = [];
    let issued = 0;
    const started = process.hrtime.bigint();
    const worker = async (): Promise<void> => {
      while (issued < requests) {
        issued++;
        const begin = process.hrtime.bigint();
        await new Promise<void>((resolve, reject) => {
          const outgoing = request(url, { agent }, (response) => {
            response.resume();
            response.on('end', () => resolve());
          });
          outgoing.on('error', reject);
          outgoing.end();
        });
        latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { latencies: latencies.sort((a, b) => a - b), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  // Open loop at a fixed, moderate rate: requests leave on schedule whether or not earlier ones returned.
  const paced = async (url: string, ratePerSecond: number, count: number): Promise<{ latencies: number[]; seconds: number }> => {
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    const inFlight: Promise<void>[] = [];
    for (let index = 0; index < count; index++) {
      const dueNs = started + BigInt(Math.round((index * 1e9) / ratePerSecond));
      const waitMs = Number(dueNs - process.hrtime.bigint()) / 1e6;
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      const begin = process.hrtime.bigint();
      inFlight.push(
        new Promise<void>((resolve, reject) => {
          const outgoing = request(url, { agent }, (response) => {
            response.resume();
            response.on('end', () => {
              latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
              resolve();
            });
          });
          outgoing.on('error', reject);
          outgoing.end();
        }),
      );
    }
    await Promise.all(inFlight);
    return { latencies: latencies.sort((a, b) => a - b), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  const rate = 1_000;
  const pacedCount = context.quick ? 100 : 10_000;
  await run(`http://127.0.0.1:${port}/`);
  await run(`${proxy.url}/echo/`);
  const directPaced = await paced(`http://127.0.0.1:${port}/`, rate, pacedCount);
  const proxiedPaced = await paced(`${proxy.url}/echo/`, rate, pacedCount);
  const direct = await run(`http://127.0.0.1:${port}/`);
  const proxied = await run(`${proxy.url}/echo/`);
  agent.destroy();
  await proxy.close();
  await new Promise((resolve) => server.close(resolve));
  const row = (name: string, result: { latencies: number[]; seconds: number }) => [
    name,
    formatNumber(percentile(result.latencies, 0.5)),
    formatNumber(percentile(result.latencies, 0.99)),
    formatNumber(result.latencies.length / result.seconds),
  ];
  return {
    title: `HTTP proxy: ${requests} GETs closed-loop (${concurrency} concurrent keep-alive connections, as fast as they go), then ${pacedCount} paced at ${rate}/s; one backend, same process`,
    columns: ['path', 'p50 ms', 'p99 ms', 'requests/s'],
    rows: [
      row('direct to the backend', direct),
      row('through startDiscoveryProxy', proxied),
      ['added by the proxy', formatNumber(percentile(proxied.latencies, 0.5) - percentile(direct.latencies, 0.5)), formatNumber(percentile(proxied.latencies, 0.99) - percentile(direct.latencies, 0.99)), ''],
      row(`direct, paced at ${rate}/s (moderate load)`, directPaced),
      row(`through the proxy, paced at ${rate}/s`, proxiedPaced),
      ['added by the proxy at moderate load', formatNumber(percentile(proxiedPaced.latencies, 0.5) - percentile(directPaced.latencies, 0.5)), formatNumber(percentile(proxiedPaced.latencies, 0.99) - percentile(directPaced.latencies, 0.99)), ''],
    ],
    notes: ['Goal: under 1 ms added at p99 at moderate load (the paced rows). The closed-loop rows saturate the core: load generator, proxy and backend share one process.'],
  };
}

async function removalReach(context: Parameters<BenchSuite['run']>[0]): Promise<BenchTable> {
  const clients = context.quick ? 10 : 100;
  const rows: string[][] = [];
  // Memory registry: push to every watcher synchronously.
  {
    const runtime = createSystemRuntime({ seed: 3 });
    const registry = new MemoryRegistry({ runtime });
    await registry.register({ service: 'api', id: 'gone', address: '10.0.0.1:80' }, { ttlMs: 600_000 });
    await registry.register({ service: 'api', id: 'stays', address: '10.0.0.2:80' }, { ttlMs: 600_000 });
    const watchers = await Promise.all(Array.from({ length: clients }, async () => {
      const client = new DiscoveryClient({ registry, service: 'api', runtime });
      await client.start();
      return client;
    }));
    const begin = process.hrtime.bigint();
    await registry.deregister('api', 'gone');
    const ms = Number(process.hrtime.bigint() - begin) / 1e6;
    const reached = watchers.filter((client) => client.snapshot().instances.length === 1).length;
    rows.push(['MemoryRegistry, deregister', String(clients), String(reached), formatNumber(ms)]);
    await registry.close();
  }
  // Redis registry: one pub/sub notification, each client re-reads.
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const prefix = `pacelc:bench:${process.pid}`;
    const registry = new RedisRegistry({ redis, prefix, resyncIntervalMs: 1_000 });
    rows.push(await reach('RedisRegistry, deregister (pub/sub + re-read)', registry, clients));
    await registry.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } catch (error) {
    rows.push(['RedisRegistry', String(clients), 'skipped', `Redis unavailable: ${String(error)}`]);
  } finally {
    redis.disconnect();
  }
  // NATS JetStream KV registry: a KV watch per client, shared re-reads.
  try {
    const connection = await connectNats({ servers: '127.0.0.1:4222' });
    const registry = await NatsRegistry.create({ connection, bucket: `pacelc_bench_${process.pid}`, resyncIntervalMs: 1_000 });
    try {
      rows.push(await reach('NatsRegistry, deregister (KV watch + re-read)', registry, clients));
    } finally {
      await registry.destroy();
      await connection.close();
    }
  } catch (error) {
    rows.push(['NatsRegistry', String(clients), 'skipped', `NATS unavailable: ${String(error)}`]);
  }
  return { title: `time for a removal to reach ${clients} clients`, columns: ['registry', 'clients', 'clients updated', 'ms until all updated'], rows };
}

async function reach(name: string, registry: Registry, clients: number): Promise<string[]> {
  await registry.register({ service: 'api', id: 'gone', address: '10.0.0.1:80' }, { ttlMs: 60_000 });
  await registry.register({ service: 'api', id: 'stays', address: '10.0.0.2:80' }, { ttlMs: 60_000 });
  const watchers = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new DiscoveryClient({ registry, service: 'api' });
      await client.start();
      return client;
    }),
  );
  const begin = process.hrtime.bigint();
  await registry.deregister('api', 'gone');
  let ms = 0;
  while (watchers.some((client) => client.snapshot().instances.length !== 1) && ms < 5_000) {
    await new Promise((resolve) => setImmediate(resolve));
    ms = Number(process.hrtime.bigint() - begin) / 1e6;
  }
  const reached = watchers.filter((client) => client.snapshot().instances.length === 1).length;
  for (const client of watchers) await client.close();
  return [name, String(clients), String(reached), formatNumber(ms)];
}

const suite: BenchSuite = {
  name: 'discovery',
  description: 'Balancer pick cost (10 and 1,000 instances), HTTP proxy latency against a direct call, removal propagation to 100 clients.',
  async run(context) {
    return [await pickCosts(10, context), await pickCosts(1_000, context), await proxyLatency(context), await removalReach(context)];
  },
};

export default suite;
