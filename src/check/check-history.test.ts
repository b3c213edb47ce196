import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { ManualRuntime } from '../runtime/manual-runtime.js';
import type { Runtime } from '../runtime/runtime.js';
import { checkHistory } from './check-history.js';
import type { HistoryEvent } from './history.js';

/** A history from compact rows: [process, type, f, value, key?]. */
function history(rows: ReadonlyArray<readonly [number, HistoryEvent['type'], string, unknown, string?]>): HistoryEvent[] {
  return rows.map(([process, type, f, value, key]) => ({ process, type, f, value, ...(key === undefined ? {} : { key }) }));
}

describe('checkHistory: linearizable register', () => {
  it('holds for a read concurrent with a write that sees either value', () => {
    const events = history([
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', null],
      [0, 'ok', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 1],
    ]);
    const result = checkHistory(events, { model: 'register' });
    expect(result.verdict).toBe('holds');
    expect(result.operations).toBe(3);
  });

  it('finds a stale read: a read that starts after a write completed and sees the older value', () => {
    const events = history([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      [0, 'invoke', 'write', 2],
      [0, 'ok', 'write', 2],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 1],
    ]);
    const result = checkHistory(events, { model: 'register' });
    expect(result.verdict).toBe('violated');
    const counterexample = result.counterexample;
    expect(counterexample?.kind).toBe('linearizability');
    if (counterexample?.kind !== 'linearizability') return;
    expect(counterexample.prefix.map((operation) => operation.input)).toEqual([1, 2]);
    expect(counterexample.stateAfterPrefix).toBe(2);
    expect(counterexample.blocked).toEqual([
      expect.objectContaining({ reason: 'not-allowed', detail: 'it read 1, but the value is 2', operation: expect.objectContaining({ process: 1, output: 1, call: { index: 4 }, return: { index: 5 } }) }),
    ]);
  });

  it('an unknown write may take effect late or never; a failed write never does', () => {
    const unknownWrite = history([
      [0, 'invoke', 'write', 1],
      [0, 'info', 'write', null],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', null],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 1],
    ]);
    expect(checkHistory(unknownWrite, { model: 'register' }).verdict).toBe('holds');
    const neverCompleted = unknownWrite.filter((event) => event.type !== 'info');
    expect(checkHistory(neverCompleted, { model: 'register' }).verdict).toBe('holds');
    const failedWrite = unknownWrite.map((event) => (event.type === 'info' ? { ...event, type: 'fail' as const } : event));
    const result = checkHistory(failedWrite, { model: 'register' });
    expect(result.verdict).toBe('violated');
    expect(result.stats.failedOperations).toBe(1);
  });

  it('an unknown write cannot take effect before its call', () => {
    const events = history([
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 1],
      [0, 'invoke', 'write', 1],
      [0, 'info', 'write', null],
    ]);
    expect(checkHistory(events, { model: 'register' }).verdict).toBe('violated');
  });

  it('uses the initial value', () => {
    const events = history([
      [0, 'invoke', 'read', null],
      [0, 'ok', 'read', 0],
    ]);
    expect(checkHistory(events, { model: 'register' }).verdict).toBe('violated');
    expect(checkHistory(events, { model: 'register', initial: 0 }).verdict).toBe('holds');
  });
});

describe('checkHistory: cas-register', () => {
  it('a successful cas needs the expected value; an unknown cas may have done nothing', () => {
    const events = history([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      [1, 'invoke', 'cas', [1, 2]],
      [1, 'ok', 'cas', [1, 2]],
      [2, 'invoke', 'cas', [5, 6]],
      [2, 'info', 'cas', null],
      [0, 'invoke', 'read', null],
      [0, 'ok', 'read', 2],
    ]);
    expect(checkHistory(events, { model: 'cas-register' }).verdict).toBe('holds');
    const wrong = events.map((event, index) => (index === 7 ? { ...event, value: 1 } : event));
    expect(checkHistory(wrong, { model: 'cas-register' }).verdict).toBe('violated');
  });

  it('the register model has no cas and says which model has', () => {
    const events = history([
      [0, 'invoke', 'cas', [1, 2]],
      [0, 'ok', 'cas', [1, 2]],
    ]);
    expect(() => checkHistory(events, { model: 'register' })).toThrow(InputError);
    try {
      checkHistory(events, { model: 'register' });
    } catch (error) {
      expect((error as InputError).problems[0]).toMatchObject({ path: 'events[0]', suggestion: '--model cas-register' });
    }
  });
});

describe('checkHistory: kv', () => {
  const events = history([
    [0, 'invoke', 'put', 'a', 'x'],
    [0, 'ok', 'put', 'a', 'x'],
    [1, 'invoke', 'append', 'b', 'x'],
    [1, 'ok', 'append', 'b', 'x'],
    [1, 'invoke', 'append', 'c', 'x'],
    [1, 'ok', 'append', 'c', 'x'],
    [2, 'invoke', 'append', 'z', 'y'],
    [2, 'fail', 'append', 'z', 'y'],
    [2, 'invoke', 'get', null, 'x'],
    [2, 'ok', 'get', 'abc', 'x'],
    [2, 'invoke', 'get', null, 'y'],
    [2, 'ok', 'get', '', 'y'],
  ]);

  it('keys start as "" and append concatenates, split by key or not', () => {
    const split = checkHistory(events, { model: 'kv' });
    expect(split.verdict).toBe('holds');
    expect(split.stats.partitions).toBe(2);
    const unsplit = checkHistory(events, { model: 'kv', splitByKey: false });
    expect(unsplit.verdict).toBe('holds');
    expect(unsplit.stats.partitions).toBe(1);
  });

  it('names the violated key', () => {
    const bad = events.map((event, index) => (index === 9 ? { ...event, value: 'ab' } : event));
    const result = checkHistory(bad, { model: 'kv' });
    expect(result.verdict).toBe('violated');
    expect(result.violatedKeys).toEqual(['x']);
    const unsplit = checkHistory(bad, { model: 'kv', splitByKey: false });
    expect(unsplit.verdict).toBe('violated');
    if (unsplit.counterexample?.kind === 'linearizability') expect(unsplit.counterexample.stateAfterPrefix).toEqual({ x: 'abc', y: '' });
  });
});

describe('checkHistory: budget', () => {
  // Many concurrent writes with reads that fit no order: the search must explore a large space.
  function hardHistory(writers: number): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    for (let process = 0; process < writers; process++) events.push({ process, type: 'invoke', f: 'write', value: process });
    events.push({ process: writers, type: 'invoke', f: 'read', value: null });
    events.push({ process: writers, type: 'ok', f: 'read', value: -1 });
    for (let process = 0; process < writers; process++) events.push({ process, type: 'ok', f: 'write', value: process });
    return events;
  }

  it('gives unknown when the step budget runs out, and decides with enough budget', () => {
    const events = hardHistory(14);
    // the budget bounds the WGL search; its written values are unique, so auto decides it without searching
    const limited = checkHistory(events, { model: 'register', algorithm: 'wgl', budget: { maxSteps: 1000 } });
    expect(limited.verdict).toBe('unknown');
    expect(limited.reason).toMatch(/step budget ran out/);
    expect(checkHistory(hardHistory(6), { model: 'register', algorithm: 'wgl' }).verdict).toBe('violated');
    expect(checkHistory(events, { model: 'register', budget: { maxSteps: 1000 } }).verdict).toBe('violated');
  });

  it('gives unknown when the time budget runs out, reading the injected clock', () => {
    // every reading of the clock is one second later
    const runtime = new ManualRuntime({ seed: 1 });
    let elapsedMs = 0;
    const ticking: Runtime = { setTimer: runtime.setTimer.bind(runtime), sleep: runtime.sleep.bind(runtime), random: runtime.random, clock: { nowMs: () => elapsedMs, monotonicMs: () => (elapsedMs += 1000) } };
    const result = checkHistory(hardHistory(14), { model: 'register', algorithm: 'wgl', budget: { timeoutMs: 500 }, runtime: ticking });
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toMatch(/time budget/);
  });

  it('rejects bad options with a RangeError naming the option', () => {
    expect(() => checkHistory([], { model: 'regster' as 'register' })).toThrow(/Invalid option model/);
    expect(() => checkHistory([], { model: 'register', budget: { timeoutMs: -1 } })).toThrow(/budget.timeoutMs/);
  });
});

describe('checkHistory: malformed histories', () => {
  it('names the event of a completion without an invocation', () => {
    expect(() => checkHistory(history([[0, 'ok', 'read', 1]]), { model: 'register' })).toThrow(/events\[0\].*no operation in flight/);
  });

  it('names a second invocation while one is in flight', () => {
    const events = history([
      [0, 'invoke', 'read', null],
      [0, 'invoke', 'read', null],
    ]);
    expect(() => checkHistory(events, { model: 'register' })).toThrow(/invokes "read" while its "read"/);
  });
});
