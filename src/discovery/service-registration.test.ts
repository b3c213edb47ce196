import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSystemRuntime, ManualRuntime } from '../runtime/index.js';
import { functionCheck, httpCheck, runWithTimeout, tcpCheck } from './health-check.js';
import { InstanceNotFoundError } from './errors.js';
import { normalizeInstance } from './instance.js';
import { MemoryRegistry } from './memory-registry.js';
import { ServiceRegistration } from './service-registration.js';

const instance = { service: 'api', id: 'a1', address: '127.0.0.1:9' };

describe('ServiceRegistration', () => {
  it('keeps the lease alive with heartbeats, far past the TTL', async () => {
    const runtime = new ManualRuntime();
    const registry = new MemoryRegistry({ runtime });
    const registration = await ServiceRegistration.start({ registry, instance, ttlMs: 3_000, runtime });
    await runtime.advance(60_000);
    expect((await registry.instances('api')).map((entry) => entry.id)).toEqual(['a1']);
    await registration.stop();
    expect(await registry.instances('api')).toEqual([]);
    expect(runtime.pendingTimers).toBe(0);
  });

  it('marks the instance critical after repeated check failures, deregisters it after a bounded time, and re-registers on recovery', async () => {
    const runtime = new ManualRuntime();
    const registry = new MemoryRegistry({ runtime });
    let healthy = true;
    const statuses: string[] = [];
    await registry.watch('api', (instances) => statuses.push(instances.map((entry) => entry.status).join(',') || 'absent'));
    const registration = await ServiceRegistration.start({
      registry,
      instance,
      runtime,
      checks: [{ check: functionCheck('flag', async () => healthy), intervalMs: 1_000, failuresToCritical: 2, successesToPassing: 2 }],
      deregisterCriticalAfterMs: 5_000,
    });
    await runtime.advance(3_000);
    expect(registration.status).toBe('passing');
    healthy = false;
    await runtime.advance(2_000);
    expect(registration.status).toBe('critical');
    expect((await registry.instances('api'))[0]?.status).toBe('critical');
    await runtime.advance(5_000);
    expect(registration.isRegistered).toBe(false);
    expect(await registry.instances('api')).toEqual([]);
    healthy = true;
    await runtime.advance(2_000);
    expect(registration.isRegistered).toBe(true);
    expect((await registry.instances('api'))[0]?.status).toBe('passing');
    expect(statuses).toEqual(['absent', 'passing', 'critical', 'absent', 'passing']);
    await registration.stop();
  });

  it('re-registers when its lease was lost (a long pause), instead of dying silently', async () => {
    const runtime = new ManualRuntime();
    const registry = new MemoryRegistry({ runtime });
    const registration = await ServiceRegistration.start({ registry, instance, ttlMs: 3_000, runtime });
    await registry.deregister('api', 'a1'); // as if the lease expired during a pause
    await runtime.advance(1_000);
    expect((await registry.instances('api')).map((entry) => entry.id)).toEqual(['a1']);
    await registration.stop();
  });

  it('re-registers when the registry says INSTANCE_NOT_FOUND with an error of another copy of pacelc (its own class)', async () => {
    const runtime = new ManualRuntime();
    const registry = new MemoryRegistry({ runtime });
    // A registry from another copy of the library: same code, another class (a second copy of the modules).
    const otherCopy = (await import(/* @vite-ignore */ `${new URL('./errors.ts', import.meta.url).href}?second-copy`)) as typeof import('./errors.js');
    expect(otherCopy.InstanceNotFoundError).not.toBe(InstanceNotFoundError);
    const foreign = Object.assign(Object.create(registry) as MemoryRegistry, {
      heartbeat: async (service: string, id: string) => {
        if ((await registry.instances(service)).some((entry) => entry.id === id)) return registry.heartbeat(service, id);
        throw new otherCopy.InstanceNotFoundError(service, id);
      },
    });
    const registration = await ServiceRegistration.start({ registry: foreign, instance, ttlMs: 3_000, runtime });
    await registry.deregister('api', 'a1'); // as if the lease expired while the registry was out of reach
    await runtime.advance(1_000);
    expect((await registry.instances('api')).map((entry) => entry.id)).toEqual(['a1']);
    await registration.stop();
  });

  it('drains: marks draining, waits for work in flight, then deregisters', async () => {
    const runtime = new ManualRuntime();
    const registry = new MemoryRegistry({ runtime });
    const registration = await ServiceRegistration.start({ registry, instance, runtime });
    const work = registration.track(() => runtime.sleep(500));
    const drained = registration.drain({ timeoutMs: 10_000 });
    await runtime.settle();
    expect((await registry.instances('api'))[0]?.status).toBe('draining');
    await runtime.advance(500);
    await work;
    expect(await drained).toEqual({ unfinished: 0 });
    expect(await registry.instances('api')).toEqual([]);
  });

  it('drain gives up waiting at its timeout and reports the unfinished work', async () => {
    const runtime = new ManualRuntime();
    const registry = new MemoryRegistry({ runtime });
    const registration = await ServiceRegistration.start({ registry, instance, runtime });
    void registration.track(() => runtime.sleep(60_000));
    const drained = registration.drain({ timeoutMs: 1_000 });
    await runtime.advance(1_000);
    expect(await drained).toEqual({ unfinished: 1 });
  });

  it('rejects a heartbeat interval that cannot keep the lease', async () => {
    const registry = new MemoryRegistry({ runtime: new ManualRuntime() });
    await expect(ServiceRegistration.start({ registry, instance, ttlMs: 1_000, heartbeatIntervalMs: 2_000 })).rejects.toThrow(/heartbeatIntervalMs/);
  });
});

describe('health checks against a real server', () => {
  const withServer = async (status: number, test: (port: number) => Promise<void>) => {
    const server: Server = createServer((_, response) => response.writeHead(status).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await test((server.address() as AddressInfo).port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  };
  const runtime = createSystemRuntime();

  it('http: 2xx passes, 5xx fails; tcp: an open port passes, a closed one fails', async () => {
    await withServer(204, async (port) => {
      const target = normalizeInstance({ service: 'api', id: 'a', address: `127.0.0.1:${port}` });
      await expect(runWithTimeout(httpCheck({ path: '/healthz' }), target, 2_000, runtime)).resolves.toBeUndefined();
      await expect(runWithTimeout(tcpCheck(), target, 2_000, runtime)).resolves.toBeUndefined();
    });
    await withServer(503, async (port) => {
      const target = normalizeInstance({ service: 'api', id: 'a', address: `127.0.0.1:${port}` });
      await expect(runWithTimeout(httpCheck(), target, 2_000, runtime)).rejects.toThrow(/answered 503/);
    });
    const closed = normalizeInstance({ service: 'api', id: 'a', address: '127.0.0.1:1' });
    await expect(runWithTimeout(tcpCheck(), closed, 2_000, runtime)).rejects.toThrow();
  });

  it('a check that hangs fails at its timeout', async () => {
    const virtual = new ManualRuntime();
    const target = normalizeInstance(instance);
    const hanging = runWithTimeout(functionCheck('hang', () => new Promise(() => {})), target, 100, virtual).then(
      () => 'passed',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await virtual.advance(100);
    expect(await hanging).toBe('hang timed out after 100 ms');
  });
});
