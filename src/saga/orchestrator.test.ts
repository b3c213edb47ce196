import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { defineSaga } from './definition.js';
import { SagaNotFoundError } from './errors.js';
import { MemorySagaStore } from './memory-saga-store.js';
import { SagaOrchestrator } from './orchestrator.js';

describe('defineSaga', () => {
  it('refuses duplicate, malformed and missing steps, and bad timeouts, naming the option', () => {
    const step = { name: 'a', action: () => 1 };
    expect(() => defineSaga({ name: 'x', steps: [step, step] })).toThrow(/steps\[\]\.name/);
    expect(() => defineSaga({ name: 'x', steps: [] })).toThrow(/steps/);
    expect(() => defineSaga({ name: 'x', steps: [[]] })).toThrow(/steps/);
    expect(() => defineSaga({ name: 'bad name', steps: [step] })).toThrow(RangeError);
    expect(() => defineSaga({ name: 'x', steps: [{ name: 'a b', action: () => 1 }] })).toThrow(RangeError);
    expect(() => defineSaga({ name: 'x', steps: [{ ...step, timeoutMs: 0 }] })).toThrow(/steps\.a\.timeoutMs/);
    expect(() => defineSaga({ name: 'x', timeoutMs: Number.NaN, steps: [step] })).toThrow(/timeoutMs/);
  });
});

describe('SagaOrchestrator', () => {
  it('checks its options and names the known sagas when one is unknown', async () => {
    const store = new MemorySagaStore();
    const saga = defineSaga({ name: 'order', steps: [{ name: 'a', action: () => 1 }] });
    expect(() => new SagaOrchestrator({ store, definitions: [saga, saga] })).toThrow(/one definition per saga name/);
    expect(() => new SagaOrchestrator({ store, definitions: [saga], timerPollIntervalMs: 0 })).toThrow(RangeError);
    const orchestrator = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime() });
    // @ts-expect-error an unknown name fails to compile; it is checked at run time too, for untyped callers
    await expect(orchestrator.start('refund', { id: 'r', input: null })).rejects.toThrow(/known: order/);
    await expect(orchestrator.start('order', { id: 'has space', input: null })).rejects.toThrow(RangeError);
    await expect(orchestrator.inspect('missing')).rejects.toBeInstanceOf(SagaNotFoundError);
    await orchestrator.close();
    await expect(orchestrator.start('order', { id: 'late', input: null })).rejects.toMatchObject({ code: 'SAGA_INVALID_STATE' });
  });

  it('a failing step of a parallel stage aborts its sibling and both, with the earlier steps, are compensated newest first', async () => {
    const calls: string[] = [];
    let siblingAborted = false;
    const saga = defineSaga({
      name: 'order',
      steps: [
        { name: 'create', action: () => calls.push('create'), compensate: () => void calls.push('undo create') },
        [
          { name: 'charge', action: () => Promise.reject(new Error('card declined')), compensate: () => void calls.push('undo charge') },
          {
            name: 'reserve',
            action: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => ((siblingAborted = true), reject(signal.reason as Error)))),
            compensate: () => void calls.push('undo reserve'),
          },
        ],
        { name: 'confirm', action: () => calls.push('confirm') },
      ],
    });
    const transitions: string[] = [];
    const orchestrator = new SagaOrchestrator({ store: new MemorySagaStore(), definitions: [saga], runtime: new ManualRuntime(), onTransition: (record) => transitions.push(`${record.version}:${record.state.status}`) });
    const done = await orchestrator.run('order', { id: 'p-1', input: null });
    expect(transitions).toEqual(['1:running', '2:running', '3:compensating', '4:compensating', '5:compensating', '6:compensated']);
    expect(done.state).toEqual({ status: 'compensated', reason: { kind: 'step-failed', step: 'charge', error: 'Error: card declined' }, compensated: ['reserve', 'charge', 'create'] });
    expect(calls).toEqual(['create', 'undo reserve', 'undo charge', 'undo create']);
    expect(siblingAborted).toBe(true);
    await orchestrator.close();
  });

  it('close() lets the step in flight finish and persists it; a new orchestrator resumes from there', async () => {
    const store = new MemorySagaStore();
    let release: () => void = () => {};
    const runs: string[] = [];
    const saga = defineSaga({
      name: 'order',
      steps: [
        { name: 'slow', action: () => new Promise<string>((resolve) => (runs.push('slow'), (release = () => resolve('ok')))) },
        { name: 'next', action: () => runs.push('next') },
      ],
    });
    const first = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime() });
    await first.start('order', { id: 'c-1', input: null });
    await Promise.resolve();
    const closing = first.close();
    release();
    await closing;
    expect((await store.load('c-1'))?.state).toEqual({ status: 'running', stage: 1, started: ['slow', 'next'], completed: ['slow'] });
    const second = new SagaOrchestrator({ store, definitions: [saga], runtime: new ManualRuntime() });
    expect(await second.resume()).toBe(1);
    expect((await second.wait('c-1')).state).toEqual({ status: 'completed' });
    expect(runs).toEqual(['slow', 'next']);
    await second.close();
  });
});
