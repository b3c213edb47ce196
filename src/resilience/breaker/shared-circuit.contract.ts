// The contract every SharedCircuitStore passes (memory here, Redis in redis/circuit-store.test.ts).
import { describe, expect, it } from 'vitest';
import type { SharedCircuitStore } from './shared-circuit.js';

export interface SharedCircuitHarness {
  /** A fresh, empty store (a unique key space). */
  store(): Promise<SharedCircuitStore>;
  /** Lets `ms` of the store's time pass. */
  wait(ms: number): Promise<void>;
}

export function describeSharedCircuitStore(name: string, harness: () => SharedCircuitHarness | undefined, skip = false): void {
  describe.skipIf(skip)(`SharedCircuitStore contract: ${name}`, () => {
    const get = (): SharedCircuitHarness => harness() as SharedCircuitHarness;

    it('starts closed, and open() reports the remaining open time', async () => {
      const store = await get().store();
      expect(await store.read()).toEqual({ kind: 'closed' });
      const opened = await store.open(5_000, 1);
      expect(opened.kind).toBe('open');
      const read = await store.read();
      expect(read.kind).toBe('open');
      if (read.kind === 'open') {
        expect(read.remainingMs).toBeGreaterThan(4_000);
        expect(read.remainingMs).toBeLessThanOrEqual(5_000);
        expect(read.opens).toBe(1);
      }
    });

    it('open() never shortens a longer open period', async () => {
      const store = await get().store();
      await store.open(5_000, 1);
      const second = await store.open(100, 1);
      expect(second.kind === 'open' && second.remainingMs > 4_000).toBe(true);
    });

    it('grants exactly one probe lease once the open period has passed', async () => {
      const harness = get();
      const store = await harness.store();
      await store.open(500, 1);
      expect(await store.acquireProbe(10_000)).toBe(false);
      await harness.wait(600);
      const grants = await Promise.all([store.acquireProbe(10_000), store.acquireProbe(10_000), store.acquireProbe(10_000)]);
      expect(grants.filter(Boolean)).toHaveLength(1);
    });

    it('a lapsed probe lease lets another instance probe', async () => {
      const harness = get();
      const store = await harness.store();
      await store.open(1, 1);
      await harness.wait(10);
      expect(await store.acquireProbe(500)).toBe(true);
      expect(await store.acquireProbe(500)).toBe(false);
      await harness.wait(600);
      expect(await store.acquireProbe(500)).toBe(true);
    });

    it('close() closes for everyone and frees the lease; isolate() holds it open', async () => {
      const store = await get().store();
      await store.open(5_000, 2);
      await store.close();
      expect(await store.read()).toEqual({ kind: 'closed' });
      await store.isolate();
      expect(await store.read()).toEqual({ kind: 'isolated' });
      expect((await store.open(10, 1)).kind).toBe('isolated');
      expect(await store.acquireProbe(10)).toBe(false);
      await store.close();
      expect(await store.read()).toEqual({ kind: 'closed' });
    });
  });
}
