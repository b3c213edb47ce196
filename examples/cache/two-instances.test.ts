import { describe, expect, it } from 'vitest';
import { findService } from '../../src/testing/services.js';
import { main } from './two-instances.js';

const redis = await findService('redis');

describe.skipIf(!redis)('examples/cache/two-instances.ts (docs/cache.md)', () => {
  it('loads once across three instances and delivers the update to the other L1', async () => {
    const lines = await main(redis?.url);
    expect(lines[0]).toMatch(/^3 instances x 500 concurrent cold requests: 1 loader call \(lock waits: /);
    expect(lines[1]).toMatch(/^update on api-1 reached api-2's L1 after [\d.]+ ms \(\d+ stale reads meanwhile\); then 100\/100 reads saw the new price$/);
  });
});
