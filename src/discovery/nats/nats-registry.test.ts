import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { findService } from '../../testing/services.js';
import { DuplicateInstanceError } from '../errors.js';
import { registryContract } from '../registry.contract.js';
import { NatsRegistry } from './nats-registry.js';

const nats = await findService('nats');
const runId = `${process.pid}_${Math.floor(Math.random() * 1e9)}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!nats)('NatsRegistry', () => {
  let connection: NatsConnection;
  const registries: NatsRegistry[] = [];
  const bucket = `pacelc_test_discovery_${runId}`;
  const open = async (options: { resyncIntervalMs?: number } = {}): Promise<NatsRegistry> => {
    const registry = await NatsRegistry.create({ connection, bucket, maxLeaseMs: 60_000, resyncIntervalMs: options.resyncIntervalMs ?? 50, runtime: createSystemRuntime() });
    registries.push(registry);
    return registry;
  };

  beforeAll(async () => {
    connection = await connect({ servers: `${nats?.host}:${nats?.port}` });
  });
  afterAll(async () => {
    const [first] = registries;
    for (const registry of registries) await registry.close();
    await first?.destroy();
    await connection.close();
  });

  let counter = 0;
  registryContract('NatsRegistry', async () => {
    const registry = await open();
    const suffix = ++counter;
    return {
      registry,
      ttlMs: 1_000, // heartbeats every 125 ms: a loaded machine's stalls must not expire the live lease
      watchDelayMs: 1_000, // resyncs every 50 ms; the bound leaves room for a loaded machine's stalls
      pass: sleep,
      service: (name) => `${name}-${suffix}`,
      close: () => registry.close(),
    };
  });

  it('creates the bucket with max_age as garbage collection and refuses leases longer than it', async () => {
    const registry = await open();
    const status = await connection.jetstream().views.kv(bucket, { bindOnly: true }).then((kv) => kv.status());
    expect(status.ttl).toBe(60_000);
    expect(status.history).toBe(1);
    await expect(registry.register({ service: 'long', id: 'a', address: '10.0.0.1:80' }, { ttlMs: 120_000 })).rejects.toThrow(/maxLeaseMs/);
  });

  it('lets exactly one of two racing registrations of one id at different addresses win', async () => {
    const [a, b] = [await open(), await open()];
    const service = `race-${runId.replaceAll('_', '-')}`;
    const results = await Promise.allSettled([
      a.register({ service, id: 'x', address: '10.0.0.1:80' }, { ttlMs: 5_000 }),
      b.register({ service, id: 'x', address: '10.0.0.2:80' }, { ttlMs: 5_000 }),
    ]);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateInstanceError);
    const winner = results.findIndex((result) => result.status === 'fulfilled');
    expect((await a.instances(service)).map((instance) => instance.address)).toEqual([winner === 0 ? '10.0.0.1:80' : '10.0.0.2:80']);
  });

  it('keys service and id names with dots apart (a.b/c is not a/b.c), and lets an expired id move to another address', async () => {
    const registry = await open();
    const prefix = `dots${counter}`;
    await registry.register({ service: `${prefix}.a.b`, id: 'c', address: '10.0.0.1:80' }, { ttlMs: 5_000 });
    await registry.register({ service: `${prefix}.a`, id: 'b.c', address: '10.0.0.2:80' }, { ttlMs: 200 });
    expect((await registry.instances(`${prefix}.a.b`)).map((instance) => instance.id)).toEqual(['c']);
    expect((await registry.instances(`${prefix}.a`)).map((instance) => instance.id)).toEqual(['b.c']);
    await sleep(300);
    await registry.register({ service: `${prefix}.a`, id: 'b.c', address: '10.0.0.3:80' }, { ttlMs: 5_000 });
    expect((await registry.instances(`${prefix}.a`)).map((instance) => instance.address)).toEqual(['10.0.0.3:80']);
  });

  it('many watchers of one registry share reads, and every one of them sees each change', async () => {
    const registry = await open({ resyncIntervalMs: 60_000 }); // pushes only
    const service = `shared${counter}`;
    await registry.register({ service, id: 'a', address: '10.0.0.1:80' }, { ttlMs: 10_000 });
    const seen: string[][] = Array.from({ length: 20 }, () => []);
    const watches = await Promise.all(seen.map((_, index) => registry.watch(service, (instances) => void (seen[index] = instances.map((instance) => instance.id)))));
    for (const step of [['a', 'b'], ['b'], ['b', 'c']]) {
      if (step.join() === 'a,b') await registry.register({ service, id: 'b', address: '10.0.0.2:80' }, { ttlMs: 10_000 });
      if (step.join() === 'b') await registry.deregister(service, 'a');
      if (step.join() === 'b,c') await registry.register({ service, id: 'c', address: '10.0.0.3:80' }, { ttlMs: 10_000 });
      for (let waitedMs = 0; seen.some((ids) => ids.join() !== step.join()) && waitedMs < 5_000; waitedMs += 10) await sleep(10);
      expect(seen.map((ids) => ids.join())).toEqual(seen.map(() => step.join()));
    }
    for (const watch of watches) await watch.close();
  });

  it('a crash seen by one watcher is pushed to the others at once (the first reader deletes the expired entry)', async () => {
    const reader = await open({ resyncIntervalMs: 50 });
    const slow = await open({ resyncIntervalMs: 60_000 }); // hears only pushes
    const service = `push${counter}`;
    await reader.register({ service, id: 'gone', address: '10.0.0.1:80' }, { ttlMs: 200 });
    await reader.register({ service, id: 'kept', address: '10.0.0.2:80' }, { ttlMs: 10_000 });
    let seen: string[] = [];
    const watch = await slow.watch(service, (instances) => void (seen = instances.map((instance) => instance.id)));
    expect(seen).toEqual(['gone', 'kept']);
    const active = await reader.watch(service, () => undefined);
    await sleep(450);
    expect(seen).toEqual(['kept']);
    await active.close();
    await watch.close();
  });
});
