// The contract every SagaStore passes, with the orchestrator on top: run by the memory, SQLite
// and PostgreSQL stores' tests.
import { afterEach, describe, expect, it } from 'vitest';
import { constantBackoff } from '../resilience/index.js';
import { ManualRuntime, createSystemRuntime } from '../runtime/index.js';
import { defineSaga, type SagaStep } from './definition.js';
import { SagaConflictError, SagaStateError } from './errors.js';
import { SagaOrchestrator } from './orchestrator.js';
import type { SagaStore } from './saga-store.js';
import type { SagaRecord } from './types.js';

const waitRuntime = createSystemRuntime({ seed: 1 });
/** Waits (real time, bounded) until `check` holds: stores with real I/O need more than microtasks. */
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  for (let waitedMs = 0; !check(); waitedMs += 5) {
    if (waitedMs > timeoutMs) throw new Error('condition not reached in time');
    await waitRuntime.sleep(5);
  }
}

export interface SagaStoreHarness {
  readonly store: SagaStore;
  /** A second store instance on the same data, as a restarted process would open it. */
  reopen(): Promise<SagaStore>;
  dispose(): Promise<void>;
}

export type SagaStoreFactory = () => Promise<SagaStoreHarness>;

function record(id: string, version: number, overrides: Partial<SagaRecord> = {}): SagaRecord {
  return { id, name: 'order', input: { n: 1 }, state: { status: 'running', stage: 0, started: ['a'], completed: [] }, outputs: {}, version, createdAtMs: 1_000, updatedAtMs: 1_000 + version, deadlineAtMs: undefined, ...overrides };
}

/** A fake service that remembers effects by idempotency key and counts real applications. */
class Ledger {
  readonly applied = new Map<string, number>();
  readonly undone = new Set<string>();
  calls: string[] = [];
  apply(key: string): void {
    this.calls.push(key);
    if (this.undone.has(key)) return;
    this.applied.set(key, (this.applied.get(key) ?? 0) + (this.applied.has(key) ? 0 : 1));
  }
  undo(actionKey: string): void {
    this.calls.push(`${actionKey}:compensate`);
    this.undone.add(actionKey);
    this.applied.delete(actionKey);
  }
}

export function sagaStoreContract(kind: string, factory: SagaStoreFactory): void {
  describe(`SagaStore contract: ${kind}`, () => {
    const harnesses: SagaStoreHarness[] = [];
    const orchestrators: SagaOrchestrator[] = [];
    async function open(): Promise<SagaStoreHarness> {
      const harness = await factory();
      harnesses.push(harness);
      return harness;
    }
    afterEach(async () => {
      for (const orchestrator of orchestrators.splice(0)) await orchestrator.close();
      for (const harness of harnesses.splice(0)) await harness.dispose();
    });

    it('creates, loads and updates records with optimistic concurrency', async () => {
      const { store } = await open();
      await store.commit({ record: record('s-1', 1), expectedVersion: 0 });
      await expect(store.commit({ record: record('s-1', 1), expectedVersion: 0 })).rejects.toBeInstanceOf(SagaConflictError);
      await store.commit({ record: record('s-1', 2, { outputs: { a: { paid: 30 } }, state: { status: 'completed' } }), expectedVersion: 1 });
      await expect(store.commit({ record: record('s-1', 2), expectedVersion: 1 })).rejects.toMatchObject({ code: 'SAGA_CONFLICT', actualVersion: 2 });
      const loaded = await store.load('s-1');
      expect(loaded).toEqual(record('s-1', 2, { outputs: { a: { paid: 30 } }, state: { status: 'completed' } }));
      expect(await store.load('missing')).toBeUndefined();
    });

    it('concurrent commits: one of two racing writers wins, and a conflict fails only its own commit', async () => {
      const { store } = await open();
      await store.commit({ record: record('x', 1), expectedVersion: 0 });
      const outcomes = await Promise.allSettled([
        store.commit({ record: record('x', 2, { outputs: { by: 'first' } }), expectedVersion: 1 }),
        store.commit({ record: record('x', 2, { outputs: { by: 'second' } }), expectedVersion: 1 }),
        store.commit({ record: record('y', 1), expectedVersion: 0 }),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(SagaConflictError);
      expect((await store.load('x'))?.outputs).toEqual({ by: 'first' });
      expect((await store.load('y'))?.version).toBe(1);
    });

    it('lists by status, name and staleness, pages by id, and counts', async () => {
      const { store } = await open();
      await store.commit({ record: record('b', 1), expectedVersion: 0 });
      await store.commit({ record: record('a', 1, { updatedAtMs: 5_000 }), expectedVersion: 0 });
      await store.commit({ record: record('c', 1, { name: 'refund', state: { status: 'completed' } }), expectedVersion: 0 });
      expect((await store.list()).map((r) => r.id)).toEqual(['a', 'b', 'c']);
      expect((await store.list({ statuses: ['running'] })).map((r) => r.id)).toEqual(['a', 'b']);
      expect((await store.list({ name: 'refund' })).map((r) => r.id)).toEqual(['c']);
      expect((await store.list({ updatedBeforeMs: 2_000 })).map((r) => r.id)).toEqual(['b', 'c']);
      expect((await store.list({ afterId: 'a', limit: 1 })).map((r) => r.id)).toEqual(['b']);
      await expect(store.list({ limit: 0 })).rejects.toThrow(RangeError);
      const counts = await store.counts();
      expect(counts.byStatus).toEqual({ running: 2, compensating: 0, completed: 1, compensated: 0, 'compensation-failed': 0, abandoned: 0 });
      expect(counts.deadLetters).toBe(0);
    });

    it('keeps timers and dead letters in the same transition as the record', async () => {
      const { store } = await open();
      await store.commit({ record: record('t', 1), expectedVersion: 0, setTimers: [{ sagaId: 't', name: 'saga', dueAtMs: 10_000 }, { sagaId: 't', name: 'step:a', dueAtMs: 5_000 }] });
      expect(await store.dueTimers(4_999, 10)).toEqual([]);
      expect(await store.dueTimers(20_000, 10)).toEqual([{ sagaId: 't', name: 'step:a', dueAtMs: 5_000 }, { sagaId: 't', name: 'saga', dueAtMs: 10_000 }]);
      expect(await store.dueTimers(20_000, 1)).toHaveLength(1);
      // A failed commit writes none of its timers.
      await expect(store.commit({ record: record('t', 5), expectedVersion: 3, setTimers: [{ sagaId: 't', name: 'step:b', dueAtMs: 1 }] })).rejects.toBeInstanceOf(SagaConflictError);
      expect((await store.timers('t')).map((t) => t.name)).toEqual(['saga', 'step:a']);
      await store.commit({ record: record('t', 2), expectedVersion: 1, clearTimers: ['step:a'], setTimers: [{ sagaId: 't', name: 'saga', dueAtMs: 12_000 }] });
      expect(await store.timers('t')).toEqual([{ sagaId: 't', name: 'saga', dueAtMs: 12_000 }]);
      const letter = { sagaId: 't', step: 'a', error: 'Error: boom', attempts: 5, parkedAtMs: 7 };
      await store.commit({ record: record('t', 3, { state: { status: 'compensation-failed', reason: { kind: 'saga-deadline' }, step: 'a', error: 'Error: boom', pending: ['a'], compensated: [] } }), expectedVersion: 2, clearTimers: ['*'], deadLetter: letter });
      expect(await store.timers('t')).toEqual([]);
      expect(await store.deadLetters()).toEqual([letter]);
      expect((await store.counts()).deadLetters).toBe(1);
      await store.commit({ record: record('t', 4), expectedVersion: 3, deadLetter: null });
      expect(await store.deadLetters()).toEqual([]);
    });

    it('runs a saga to completion, passing outputs on and idempotency keys of saga id and step', async () => {
      const { store } = await open();
      const keys: string[] = [];
      const saga = defineSaga<{ total: number }>({
        name: 'order',
        steps: [
          { name: 'create', action: ({ idempotencyKey }) => (keys.push(idempotencyKey), { orderId: 7 }) },
          [
            { name: 'pay', action: ({ input, idempotencyKey }) => (keys.push(idempotencyKey), { paid: input.total }) },
            { name: 'reserve', action: ({ idempotencyKey, outputs }) => (keys.push(idempotencyKey), { forOrder: (outputs.create as { orderId: number }).orderId }) },
          ],
          { name: 'confirm', action: ({ outputs }) => ({ confirmed: Object.keys(outputs).sort() }) },
        ],
      });
      const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime() });
      orchestrators.push(orchestrator);
      const done = await orchestrator.run('order', { id: 'o-1', input: { total: 30 } });
      expect(done.state).toEqual({ status: 'completed' });
      expect(done.outputs).toEqual({ create: { orderId: 7 }, pay: { paid: 30 }, reserve: { forOrder: 7 }, confirm: { confirmed: ['create', 'pay', 'reserve'] } });
      expect(keys.sort()).toEqual(['o-1:create', 'o-1:pay', 'o-1:reserve']);
      expect(await store.load('o-1')).toEqual(done);
      const again = orchestrator.start('order', { id: 'o-1', input: { total: 1 } });
      await expect(again).rejects.toBeInstanceOf(SagaConflictError);
      await expect(again).rejects.toThrow(/^saga "o-1" already exists \(at version \d+\): start it under a new id, or follow the existing one with wait\("o-1"\) or inspect\("o-1"\)$/);
    });

    it('compensates completed steps in reverse order when a step fails after its retries', async () => {
      const { store } = await open();
      const calls: string[] = [];
      let tries = 0;
      const step = (name: string, fail = false): SagaStep<unknown> => ({
        name,
        action: () => {
          calls.push(name);
          if (fail) {
            tries++;
            throw new Error(`${name} refused`);
          }
          return name;
        },
        compensate: ({ output, idempotencyKey }) => void calls.push(`undo ${name} (${String(output)}) ${idempotencyKey}`),
        ...(fail ? { retry: { maxAttempts: 3, backoff: constantBackoff(0) } } : {}),
      });
      const saga = defineSaga({ name: 'order', steps: [step('a'), step('b'), step('c', true), step('d')] });
      const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime() });
      orchestrators.push(orchestrator);
      const done = await orchestrator.run('order', { id: 'o-2', input: null });
      expect(tries).toBe(3);
      expect(done.state).toEqual({ status: 'compensated', reason: { kind: 'step-failed', step: 'c', error: 'Error: c refused' }, compensated: ['c', 'b', 'a'] });
      expect(calls).toEqual(['a', 'b', 'c', 'c', 'c', 'undo c (undefined) o-2:c:compensate', 'undo b (b) o-2:b:compensate', 'undo a (a) o-2:a:compensate']);
    });

    it('parks a saga whose compensation keeps failing, then retries or abandons it', async () => {
      const { store } = await open();
      let brokenUndo = true;
      const undone: string[] = [];
      const saga = defineSaga({
        name: 'order',
        steps: [
          { name: 'a', action: () => 1, compensate: () => void undone.push('a') },
          { name: 'b', action: () => 2, compensate: () => { if (brokenUndo) throw new Error('refund service down'); undone.push('b'); } },
          { name: 'c', action: () => { throw new Error('no stock'); } },
        ],
      });
      const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime(), compensationRetry: { maxAttempts: 2, backoff: constantBackoff(0) } });
      orchestrators.push(orchestrator);
      const parked = await orchestrator.run('order', { id: 'o-3', input: null });
      expect(parked.state).toMatchObject({ status: 'compensation-failed', step: 'b', error: 'Error: refund service down', pending: ['b', 'a'] });
      expect(await orchestrator.deadLetters()).toMatchObject([{ sagaId: 'o-3', step: 'b', attempts: 2 }]);
      expect((await orchestrator.counts()).deadLetters).toBe(1);
      await expect(orchestrator.cancel('o-3')).rejects.toBeInstanceOf(SagaStateError);
      const again = await orchestrator.retry('o-3');
      expect(again.state.status).toBe('compensation-failed');
      brokenUndo = false;
      const fixed = await orchestrator.retry('o-3');
      expect(fixed.state).toMatchObject({ status: 'compensated', compensated: ['b', 'a'] });
      expect(undone).toEqual(['b', 'a']);
      expect(await orchestrator.deadLetters()).toEqual([]);
      await expect(orchestrator.abandon('o-3', 'x')).rejects.toBeInstanceOf(SagaStateError);

      brokenUndo = true;
      await orchestrator.run('order', { id: 'o-4', input: null });
      const abandoned = await orchestrator.abandon('o-4', 'refunded by hand, ticket 81');
      expect(abandoned.state).toEqual({ status: 'abandoned', reason: { kind: 'step-failed', step: 'c', error: 'Error: no stock' }, note: 'refunded by hand, ticket 81', pending: ['b', 'a'] });
      expect((await orchestrator.counts()).byStatus.abandoned).toBe(1);
      expect(await orchestrator.deadLetters()).toEqual([]);
    });

    it('resumes in-flight sagas after a restart, re-running the step in flight with the same key, and fires deadlines set before the restart', async () => {
      const harness = await open();
      const runtime = new ManualRuntime();
      const ledger = new Ledger();
      let hang = true;
      const gate: Array<() => void> = [];
      const makeSaga = () =>
        defineSaga({
          name: 'order',
          timeoutMs: 60_000,
          steps: [
            { name: 'pay', action: ({ idempotencyKey }) => ledger.apply(idempotencyKey), compensate: ({ actionKey }) => ledger.undo(actionKey) },
            {
              name: 'ship',
              timeoutMs: 5_000,
              action: async ({ idempotencyKey }) => {
                ledger.apply(idempotencyKey);
                if (hang) await new Promise<void>((resolve) => gate.push(resolve)); // the process "dies" here
                return 'shipped';
              },
              compensate: ({ actionKey }) => ledger.undo(actionKey),
            },
          ],
        });
      const first = new SagaOrchestrator({ store: harness.store, definitions: [makeSaga()], runtime });
      await first.start('order', { id: 'r-1', input: null });
      await first.start('order', { id: 'r-2', input: null });
      await until(() => gate.length >= 2);
      expect(gate).toHaveLength(2);
      expect((await harness.store.load('r-1'))?.state).toEqual({ status: 'running', stage: 1, started: ['pay', 'ship'], completed: ['pay'] });

      // "Restart": a new store instance and orchestrator on the same data. r-1 resumes and completes.
      hang = false;
      const store2 = await harness.reopen();
      const second = new SagaOrchestrator({ store: store2, definitions: [makeSaga()], runtime });
      orchestrators.push(second);
      const resumed = await second.resume();
      expect(resumed).toBe(2);
      const r1 = await second.wait('r-1');
      const r2 = await second.wait('r-2');
      expect(r1.state).toEqual({ status: 'completed' });
      expect(r2.state).toEqual({ status: 'completed' });
      // The ship step ran twice (before and after the restart) with one key, and was applied once.
      expect(ledger.calls.filter((key) => key === 'r-1:ship')).toHaveLength(2);
      expect(ledger.applied.get('r-1:ship')).toBe(1);
      for (const resolve of gate) resolve();

      // A step deadline written before a restart rolls the saga back after it.
      hang = true;
      await second.start('order', { id: 'r-3', input: null });
      await until(() => gate.length >= 3);
      expect(await store2.timers('r-3')).toEqual([
        { sagaId: 'r-3', name: 'saga', dueAtMs: expect.any(Number) as number },
        { sagaId: 'r-3', name: 'step:ship', dueAtMs: expect.any(Number) as number },
      ]);
      const store3 = await harness.reopen();
      const third = new SagaOrchestrator({ store: store3, definitions: [makeSaga()], runtime });
      orchestrators.push(third);
      // Not resumed by `third` (r-3 is still driven, hung, by `second`): its deadline rolls it back.
      runtime.skewWallClock(5_001);
      expect(await third.fireDueTimers()).toBe(1);
      const r3 = await third.wait('r-3');
      expect(r3.state).toEqual({ status: 'compensated', reason: { kind: 'step-deadline', step: 'ship' }, compensated: ['ship', 'pay'] });
      expect(ledger.applied.has('r-3:pay')).toBe(false);
      expect(ledger.applied.has('r-3:ship')).toBe(false);
      expect(await store3.timers('r-3')).toEqual([]);
      for (const resolve of gate) resolve();
      await second.close();
      if (store2 !== harness.store) await store2.close();
      if (store3 !== harness.store) await store3.close();
    });

    it('a whole-saga deadline aborts the running step through its signal and rolls back; cancel does the same; stuck sagas are found', async () => {
      const { store } = await open();
      const runtime = new ManualRuntime();
      const aborted: string[] = [];
      let waiting = 0;
      const saga = defineSaga({
        name: 'order',
        timeoutMs: 10_000,
        steps: [
          { name: 'pay', action: () => 'paid', compensate: () => undefined },
          {
            name: 'wait',
            action: ({ signal, sagaId }) =>
              (waiting++, new Promise((_, reject) => signal.addEventListener('abort', () => (aborted.push(`${sagaId}: ${(signal.reason as Error).message}`), reject(signal.reason as Error))))),
          },
        ],
      });
      const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime, timerPollIntervalMs: 1_000 });
      orchestrators.push(orchestrator);
      await orchestrator.resume(); // starts the poller
      await orchestrator.start('order', { id: 'd-1', input: null });
      await orchestrator.start('order', { id: 'd-2', input: null });
      await until(() => waiting === 2);
      runtime.skewWallClock(60_000);
      expect((await orchestrator.stuck({ olderThanMs: 30_000 })).map((r) => r.id)).toEqual(['d-1', 'd-2']);
      await orchestrator.cancel('d-2', 'customer changed their mind');
      expect((await orchestrator.wait('d-2')).state).toEqual({ status: 'compensated', reason: { kind: 'cancelled', note: 'customer changed their mind' }, compensated: ['pay'] });
      await runtime.advance(1_000); // the poller wakes and finds the saga deadline due
      const d1 = await orchestrator.wait('d-1');
      expect(d1.state).toEqual({ status: 'compensated', reason: { kind: 'saga-deadline' }, compensated: ['pay'] });
      expect(aborted.sort()).toEqual(['d-1: deadline passed: saga', 'd-2: saga cancelled: customer changed their mind']);
      expect((await orchestrator.stuck({ olderThanMs: 0 }))).toEqual([]);
    });
  });
}
