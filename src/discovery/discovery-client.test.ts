import { describe, expect, it } from 'vitest';
import { circuitBreaker, type CircuitBreaker, consecutiveFailures } from '../resilience/index.js';
import { ManualRuntime } from '../runtime/index.js';
import { leastOutstanding, powerOfTwoChoices, roundRobin } from './balancers/index.js';
import { DiscoveryClient } from './discovery-client.js';
import { NoInstanceAvailableError } from './errors.js';
import { MemoryRegistry } from './memory-registry.js';
import type { Registry } from './registry.js';

async function cluster(count: number, runtime: ManualRuntime): Promise<MemoryRegistry> {
  const registry = new MemoryRegistry({ runtime });
  for (let index = 0; index < count; index++) {
    await registry.register({ service: 'api', id: `i${index}`, address: `10.0.0.${index + 1}:80`, zone: index % 2 === 0 ? 'a' : 'b' }, { ttlMs: 3_000 });
  }
  return registry;
}

describe('DiscoveryClient', () => {
  it('routes around an instance that crashed, within the TTL, on virtual time', async () => {
    const runtime = new ManualRuntime({ seed: 1 });
    const registry = await cluster(3, runtime);
    const client = new DiscoveryClient({ registry, service: 'api', runtime, balancer: roundRobin() });
    await client.start();
    expect(client.snapshot().available).toBe(3);
    // i0 and i1 keep heartbeating; i2 crashed (no deregister).
    for (let second = 0; second < 4; second++) {
      await runtime.advance(1_000);
      await registry.heartbeat('api', 'i0');
      await registry.heartbeat('api', 'i1');
    }
    expect(client.snapshot().instances.map((instance) => instance.id)).toEqual(['i0', 'i1']);
    const picked = new Set(Array.from({ length: 10 }, () => client.pick().instance.id));
    expect(picked).toEqual(new Set(['i0', 'i1']));
    await client.close();
  });

  it('does not route new work to draining instances', async () => {
    const runtime = new ManualRuntime();
    const registry = await cluster(2, runtime);
    const client = new DiscoveryClient({ registry, service: 'api', runtime, balancer: roundRobin() });
    await client.start();
    await registry.setStatus('api', 'i0', 'draining');
    expect(new Set(Array.from({ length: 6 }, () => client.pick().instance.id))).toEqual(new Set(['i1']));
  });

  it('counts requests in flight, and ejects an instance after consecutive failures, then takes it back', async () => {
    const runtime = new ManualRuntime({ seed: 2 });
    const registry = await cluster(4, runtime);
    const client = new DiscoveryClient({ registry, service: 'api', runtime, balancer: roundRobin(), outlierDetection: { consecutiveFailures: 3, baseEjectionMs: 1_000 } });
    await client.start();
    const failing = async (instance: { id: string }) => {
      if (instance.id === 'i1') throw new Error('500');
      return instance.id;
    };
    for (let call = 0; call < 12; call++) await client.call(failing).catch(() => undefined);
    expect(client.snapshot().available).toBe(3);
    for (let call = 0; call < 30; call++) expect(await client.call(failing)).not.toBe('i1');
    await runtime.advance(1_000);
    expect(client.snapshot().available).toBe(4);
    let inFlight = 0;
    const probe = client.pick();
    const slow = client.call(async () => {
      inFlight = probe.outstanding;
      await runtime.sleep(10);
    });
    await runtime.advance(10);
    await slow;
    expect(inFlight).toBeGreaterThanOrEqual(0);
    expect(client.snapshot().instances).toHaveLength(4);
  });

  it('least-outstanding and P2C never route to an ejected instance (many picks)', async () => {
    const runtime = new ManualRuntime({ seed: 4 });
    const registry = await cluster(5, runtime);
    for (const balancer of [leastOutstanding({ runtime }), powerOfTwoChoices({ runtime })]) {
      const client = new DiscoveryClient({ registry, service: 'api', runtime, balancer, outlierDetection: { consecutiveFailures: 1, baseEjectionMs: 60_000 } });
      await client.start();
      await client.call(async (instance) => { if (instance) throw new Error('fail'); }).catch(() => undefined);
      const ejected = client.snapshot().instances.find((instance) => !Array.from({ length: 200 }, () => client.pick().instance.id).includes(instance.id));
      expect(ejected).toBeDefined();
      expect(client.snapshot().available).toBe(4);
      await client.close();
    }
  });

  it('keeps routing on its last snapshot while the registry is unreachable, and says so (fail-static)', async () => {
    const runtime = new ManualRuntime();
    const inner = await cluster(2, runtime);
    let fail: ((error: unknown) => void) | undefined;
    const flaky: Registry = {
      ...inner,
      register: inner.register.bind(inner),
      heartbeat: inner.heartbeat.bind(inner),
      setStatus: inner.setStatus.bind(inner),
      deregister: inner.deregister.bind(inner),
      instances: inner.instances.bind(inner),
      close: inner.close.bind(inner),
      watch: (service, onChange, onError) => {
        fail = onError;
        return inner.watch(service, onChange);
      },
    };
    const client = new DiscoveryClient({ registry: flaky, service: 'api', runtime });
    await client.start();
    fail?.(new Error('connection refused'));
    await runtime.advance(2_000);
    const snapshot = client.snapshot();
    expect(snapshot.registryReachable).toBe(false);
    expect(snapshot.ageMs).toBe(2_000);
    expect(['i0', 'i1']).toContain(client.pick().instance.id);
  });

  it('a confirmation from the registry resets the snapshot age and marks it reachable again', async () => {
    const runtime = new ManualRuntime();
    const inner = await cluster(1, runtime);
    let confirm: (() => void) | undefined;
    let fail: ((error: unknown) => void) | undefined;
    const registry: Registry = {
      register: inner.register.bind(inner),
      heartbeat: inner.heartbeat.bind(inner),
      setStatus: inner.setStatus.bind(inner),
      deregister: inner.deregister.bind(inner),
      instances: inner.instances.bind(inner),
      close: inner.close.bind(inner),
      watch: (service, onChange, onError, onConfirm) => {
        fail = onError;
        confirm = onConfirm;
        return inner.watch(service, onChange);
      },
    };
    const client = new DiscoveryClient({ registry, service: 'api', runtime });
    await client.start();
    await runtime.advance(1_000);
    fail?.(new Error('timeout'));
    expect(client.snapshot()).toMatchObject({ ageMs: 1_000, registryReachable: false });
    confirm?.();
    expect(client.snapshot()).toMatchObject({ ageMs: 0, registryReachable: true });
  });

  it('runs each call through a per-instance circuit breaker and stops picking an instance whose circuit is open', async () => {
    const runtime = new ManualRuntime({ seed: 5 });
    const registry = await cluster(3, runtime);
    const client = new DiscoveryClient({
      registry,
      service: 'api',
      runtime,
      balancer: roundRobin(),
      outlierDetection: false,
      instancePolicy: () => circuitBreaker({ runtime, trip: consecutiveFailures(2), openMs: 1_000 }),
    });
    await client.start();
    const sick = async (instance: { id: string }) => {
      if (instance.id === 'i2') throw new Error('503');
      return instance.id;
    };
    for (let call = 0; call < 9; call++) await client.call(sick).catch(() => undefined);
    const breaker = client.policyOf(client.snapshot().instances[2] as never) as CircuitBreaker;
    expect(breaker.state.kind).toBe('open');
    const served = await Promise.all(Array.from({ length: 12 }, () => client.call(sick)));
    expect(served).not.toContain('i2');
    await runtime.advance(1_000); // the open period ends: i2 may be probed again
    expect(Array.from({ length: 3 }, () => client.pick().instance.id)).toContain('i2');
  });

  it('says clearly when nothing can take a request', async () => {
    const runtime = new ManualRuntime();
    const client = new DiscoveryClient({ registry: new MemoryRegistry({ runtime }), service: 'empty', runtime });
    await client.start();
    expect(() => client.pick()).toThrow(NoInstanceAvailableError);
    expect(() => client.pick()).toThrow(/none registered/);
  });
});
