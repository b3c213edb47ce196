import { ManualRuntime } from '../runtime/index.js';
import { MemoryRegistry } from './memory-registry.js';
import { registryContract } from './registry.contract.js';

registryContract('MemoryRegistry', async () => {
  const runtime = new ManualRuntime();
  const registry = new MemoryRegistry({ runtime });
  return {
    registry,
    ttlMs: 10_000,
    watchDelayMs: 0,
    pass: (ms) => runtime.advance(ms),
    service: (name) => name,
    close: () => registry.close(),
  };
});
