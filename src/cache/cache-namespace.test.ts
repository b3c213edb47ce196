import { expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { Cache } from './cache.js';
import { MemoryInvalidationBus } from './invalidation-bus.js';
import { MemoryTier } from './memory-tier.js';

it('a namespace prefixes keys in every tier and clears only itself, on every instance', async () => {
  const runtime = new ManualRuntime({ seed: 1 });
  const shared = new MemoryTier({ runtime });
  const bus = new MemoryInvalidationBus({ runtime });
  const a = new Cache({ runtime, name: 'a', l2: shared, bus });
  const b = new Cache({ runtime, name: 'b', l2: shared, bus });
  await a.ready();
  await b.ready();
  const users = a.namespace('users:');
  const keys: string[] = [];
  expect(await users.getOrSet('1', ({ key }) => (keys.push(key), 'Ada'))).toBe('Ada');
  await users.namespace('sessions:').set('s1', 'token');
  await a.set('orders:1', 'order');
  expect(keys).toEqual(['users:1']);
  expect(await b.get('users:1')).toBe('Ada');
  expect(await b.get('users:sessions:s1')).toBe('token');
  await users.clear();
  await runtime.settle();
  expect(await b.get('users:1')).toBeUndefined();
  expect(await b.get('users:sessions:s1')).toBeUndefined();
  expect(await b.get('orders:1')).toBe('order');
  expect(b.l1?.peek('users:1')).toBeUndefined();
});
