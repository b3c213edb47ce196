// Issue 20, item 6: what a step returns that no store can keep, and a step that never returns.
import { describe, expect, it } from 'vitest';
import { createSystemRuntime, ManualRuntime } from '../runtime/index.js';
import { defineSaga } from './definition.js';
import { SagaOrchestratorClosedError, SagaUnstorableError } from './errors.js';
import { MemorySagaStore } from './memory-saga-store.js';
import { SagaOrchestrator } from './orchestrator.js';

describe('SagaOrchestrator with output it cannot store and steps that hang', () => {
  it('fails a step whose output cannot be stored, compensates it and the earlier steps, and leaves other sagas alone', async () => {
    const calls: string[] = [];
    const saga = defineSaga<{ poison: boolean }>({
      name: 'order',
      steps: [
        { name: 'reserve', action: () => calls.push('reserve'), compensate: () => void calls.push('undo reserve') },
        { name: 'charge', action: ({ input }) => (input.poison ? { amount: 10n, hook: () => 1 } : { amount: 10 }), compensate: () => void calls.push('undo charge') },
      ],
    });
    const store = new MemorySagaStore();
    const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime() });
    const [bad, good] = await Promise.all([orchestrator.run('order', { id: 'bad', input: { poison: true } }), orchestrator.run('order', { id: 'good', input: { poison: false } })]);
    expect(bad.state).toMatchObject({ status: 'compensated', reason: { kind: 'step-failed', step: 'charge' }, compensated: ['charge', 'reserve'] });
    expect((bad.state as { reason: { error: string } }).reason.error).toMatch(/^SagaUnstorableError: saga "bad": its output of step "charge" cannot be stored: \$\.amount: a BigInt/);
    expect(good.state.status).toBe('completed');
    expect(good.outputs.charge).toEqual({ amount: 10 });
    expect(calls.filter((call) => call.startsWith('undo'))).toEqual(['undo charge', 'undo reserve']);
    // a resume finds nothing left in flight: the step is not run again and again
    expect(await orchestrator.resume()).toBe(0);
    await orchestrator.close();
  });

  it('refuses at start, with a typed definite error, an input no store can keep; nothing is stored', async () => {
    const saga = defineSaga({ name: 'order', steps: [{ name: 'a', action: () => 1 }] });
    const store = new MemorySagaStore();
    const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime() });
    for (const input of [{ total: 5n }, { note: 'a\u0000b' }, { note: '\ud800' }, () => 1]) {
      const error = await orchestrator.start('order', { id: 'o-1', input }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(SagaUnstorableError);
      expect(error).toMatchObject({ code: 'SAGA_UNSTORABLE', outcome: 'definite', sagaId: 'o-1' });
    }
    expect(await store.load('o-1')).toBeUndefined();
    await orchestrator.close();
  });

  it('close() returns while a step hangs: the step is aborted after closeTimeoutMs, the saga pauses, and a later resume runs it again', async () => {
    let attempts = 0;
    let abortReason: unknown;
    const saga = defineSaga({
      name: 'order',
      steps: [
        {
          name: 'hang',
          action: ({ signal }) => {
            attempts++;
            if (attempts > 1) return 'done';
            signal.addEventListener('abort', () => (abortReason = signal.reason));
            return new Promise<never>(() => undefined); // ignores its signal: never settles
          },
        },
      ],
    });
    const store = new MemorySagaStore();
    const runtime = createSystemRuntime({ seed: 1 });
    const first = new SagaOrchestrator({ store, definitions: [saga], runtime, closeTimeoutMs: 20 });
    await first.start('order', { id: 'h-1', input: null });
    await first.close();
    expect(abortReason).toBeInstanceOf(SagaOrchestratorClosedError);
    expect((await store.load('h-1'))?.state.status).toBe('running');
    const second = new SagaOrchestrator({ store, definitions: [saga], runtime });
    expect(await second.resume()).toBe(1);
    expect((await second.wait('h-1')).state.status).toBe('completed');
    expect(attempts).toBe(2);
    await second.close();
  });

  it('checks closeTimeoutMs and the callbacks at construction', () => {
    const saga = defineSaga({ name: 'order', steps: [{ name: 'a', action: () => 1 }] });
    const store = new MemorySagaStore();
    expect(() => new SagaOrchestrator({ store, definitions: [saga], closeTimeoutMs: -1 })).toThrow(/closeTimeoutMs.*-1/);
    expect(() => new SagaOrchestrator({ store, definitions: [saga], closeTimeoutMs: '5' as unknown as number })).toThrow(/closeTimeoutMs.*"5"/);
    expect(() => new SagaOrchestrator({ store, definitions: [saga], onError: true as unknown as () => void })).toThrow(TypeError);
  });
});
