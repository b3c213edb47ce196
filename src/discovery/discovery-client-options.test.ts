// Issue 20, item 10: a discovery client's options are checked when it is built.
import { expect, it } from 'vitest';
import { createSystemRuntime } from '../runtime/index.js';
import { DiscoveryClient } from './discovery-client.js';
import { MemoryRegistry } from './memory-registry.js';

it('refuses options of the wrong type at construction, naming the option and the value', async () => {
  const registry = new MemoryRegistry({ runtime: createSystemRuntime({ seed: 1 }) });
  const bad = <T>(value: unknown): T => value as T;
  expect(() => new DiscoveryClient({ registry: bad(undefined), service: 'a' })).toThrow(/Invalid option registry/);
  expect(() => new DiscoveryClient({ registry, service: bad(7) })).toThrow(/Invalid option service: .*received 7/);
  expect(() => new DiscoveryClient({ registry, service: 'a', balancer: bad('round-robin') })).toThrow(TypeError);
  expect(() => new DiscoveryClient({ registry, service: 'a', instancePolicy: bad({}) })).toThrow(/instancePolicy/);
  expect(() => new DiscoveryClient({ registry, service: 'a', latencyEwmaWeight: bad('0.3') })).toThrow(/latencyEwmaWeight.*"0.3"/);
  expect(() => new DiscoveryClient(bad(null))).toThrow(/expected an object, received null/);
  await registry.close();
});
