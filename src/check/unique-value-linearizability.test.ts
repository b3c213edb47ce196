// The unique-value procedure against the WGL search and a brute-force oracle, on random small
// histories where every written value is unique: reads of the initial value and of values never
// written, writes and compare-and-sets that failed, timed out or never returned, and
// compare-and-sets that failed because the compare saw another value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import type { HistoryEvent } from './history.js';
import { compileHistory } from './model.js';
import { pairOperations } from './operation.js';
import { decideUniqueValues, uniqueValueObstacle } from './unique-value-linearizability.js';

interface Spec {
  readonly f: 'read' | 'write' | 'cas';
  /** Read: the value seen; cas: the expected value. An index of an earlier operation's value, -1 for the initial value, -2 for one never written. */
  readonly seen: number;
  readonly call: number;
  readonly duration: number;
  readonly outcome: 'ok' | 'fail' | 'mismatch' | 'info' | 'none';
}

const never = 999;
const spec: fc.Arbitrary<Spec> = fc.record({
  f: fc.constantFrom('read', 'read', 'write', 'cas', 'cas'),
  seen: fc.integer({ min: -2, max: 7 }),
  call: fc.integer({ min: 0, max: 24 }),
  duration: fc.integer({ min: 1, max: 9 }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'fail', 'mismatch', 'info', 'none'),
});

/** The value operation `index` creates (writes and cas): unique by construction. */
const created = (index: number): number => 100 + index;
function seenValue(specs: readonly Spec[], seen: number, own: number): number | null {
  if (seen === -1 || seen === own || specs[seen]?.f === 'read') return null;
  if (seen === -2 || seen >= specs.length) return never;
  return created(seen);
}

/** Events of the specs, each operation its own process, ordered by time (calls first on ties). */
function toHistory(specs: readonly Spec[]): HistoryEvent[] {
  const timed: Array<{ time: number; order: number; event: HistoryEvent }> = [];
  specs.forEach((operation, process) => {
    const seen = seenValue(specs, operation.seen, process);
    const input = operation.f === 'read' ? null : operation.f === 'write' ? created(process) : [seen, created(process)];
    timed.push({ time: operation.call, order: 0, event: { process, type: 'invoke', f: operation.f, value: input } });
    if (operation.outcome === 'none') return;
    const time = operation.call + operation.duration;
    if (operation.outcome === 'mismatch') {
      const type = operation.f === 'cas' ? 'fail' : 'ok';
      timed.push({ time, order: 1, event: { process, type, f: operation.f, value: operation.f === 'read' ? seen : input, ...(operation.f === 'cas' ? { meta: { error: 'cas-mismatch' } } : {}) } });
      return;
    }
    const output = operation.f === 'read' ? seen : input;
    timed.push({ time, order: 1, event: { process, type: operation.outcome, f: operation.f, value: operation.outcome === 'ok' ? output : null } });
  });
  timed.sort((left, right) => left.time - right.time || left.order - right.order);
  return timed.map((entry) => entry.event);
}

/** Tries every order that respects real time; unknown operations may also never happen. */
function bruteForce(events: readonly HistoryEvent[]): boolean {
  const operations = pairOperations(events)
    .filter((operation) => operation.outcome !== 'fail' || operation.casMismatch === true)
    .filter((operation) => !(operation.f === 'read' && operation.outcome !== 'ok'));
  const failed = new Set<string>();
  const search = (remaining: typeof operations, state: unknown): boolean => {
    if (remaining.every((operation) => operation.returnIndex === Number.POSITIVE_INFINITY)) return true;
    const memo = `${remaining.map((operation) => operation.id).join(',')}:${JSON.stringify(state)}`;
    if (failed.has(memo)) return false;
    failed.add(memo);
    for (const operation of remaining) {
      if (remaining.some((other) => other.returnIndex < operation.callIndex)) continue;
      const rest = remaining.filter((other) => other !== operation);
      if (operation.outcome === 'unknown' && search(rest, state)) return true; // it never happened
      const [expected, next] = operation.f === 'cas' ? (operation.input as [unknown, unknown]) : [undefined, undefined];
      if (operation.f === 'read' && state === operation.output && search(rest, state)) return true;
      if (operation.f === 'write' && search(rest, operation.input)) return true;
      if (operation.f === 'cas' && operation.casMismatch === true && state !== expected && search(rest, state)) return true;
      if (operation.f === 'cas' && operation.casMismatch !== true && state === expected && search(rest, next)) return true;
    }
    return false;
  };
  return search(operations, null);
}

const budget = { maxSteps: 10_000_000 };

describe('unique-value linearizability', () => {
  it('agrees with the WGL search and a brute-force oracle on thousands of random small unique-value histories', () => {
    let violated = 0;
    let inconclusive = 0;
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 7 }), (specs) => {
        const events = toHistory(specs);
        const expected = bruteForce(events) ? 'holds' : 'violated';
        const wgl = checkHistory(events, { model: 'cas-register', algorithm: 'wgl', budget });
        expect(wgl.verdict).toBe(expected);
        const unique = checkHistory(events, { model: 'cas-register', algorithm: 'unique', budget });
        if (unique.verdict === 'unknown') {
          // only a compare that found another value may leave the procedure undecided
          expect(unique.reason).toMatch(/found a value other than/);
          inconclusive++;
        } else {
          expect(unique.verdict).toBe(expected);
          expect(['unique-values', 'none']).toContain(unique.algorithm?.used);
        }
        const auto = checkHistory(events, { model: 'cas-register', budget });
        expect(auto.verdict).toBe(expected);
        if (expected === 'violated' && unique.verdict === 'violated') {
          violated++;
          // the counterexample comes from the blamed operations alone, confirmed by the search
          const counterexample = unique.counterexample;
          expect(counterexample?.kind).toBe('linearizability');
          if (counterexample?.kind === 'linearizability') {
            expect(counterexample.summary).toBeDefined();
            if (counterexample.subsetOf !== undefined) expect(counterexample.partitionOperations).toBeLessThan(counterexample.subsetOf);
            expect(counterexample.blocked.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 2000, seed: 14 },
    );
    // the generator reaches both verdicts, and undecided cases stay rare
    expect(violated).toBeGreaterThan(300);
    expect(inconclusive).toBeLessThan(200);
  });

  it('agrees with the WGL search on larger histories (up to 40 operations, 10% crashed)', () => {
    const larger = fc.record({
      f: fc.constantFrom('read', 'read', 'read', 'write', 'cas', 'cas'),
      seen: fc.integer({ min: -1, max: 39 }),
      call: fc.integer({ min: 0, max: 120 }),
      duration: fc.integer({ min: 1, max: 12 }),
      outcome: fc.constantFrom<Spec['outcome']>('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'fail', 'info', 'none'),
    });
    fc.assert(
      fc.property(fc.array(larger, { minLength: 10, maxLength: 40 }), (specs) => {
        const events = toHistory(specs);
        const wgl = checkHistory(events, { model: 'cas-register', algorithm: 'wgl', budget });
        fc.pre(wgl.verdict !== 'unknown');
        expect(checkHistory(events, { model: 'cas-register', algorithm: 'unique', budget }).verdict).toBe(wgl.verdict);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('names a read of a value that nothing wrote, alone', () => {
    const events: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'write', value: 1 },
      { process: 0, type: 'ok', f: 'write', value: 1 },
      { process: 1, type: 'invoke', f: 'read', value: null },
      { process: 1, type: 'ok', f: 'read', value: 7 },
    ];
    const result = checkHistory(events, { model: 'register' });
    expect(result.verdict).toBe('violated');
    expect(result.algorithm?.used).toBe('unique-values');
    if (result.counterexample?.kind !== 'linearizability') throw new Error('expected a linearizability counterexample');
    expect(result.counterexample.summary).toBe('#1 read 7, which no operation wrote');
    expect(result.counterexample.blocked.map((entry) => entry.operation.id)).toEqual([1]);
  });

  it('takes a crashed write that a read saw as done, and drops one nobody saw', () => {
    const events: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'write', value: 1 },
      { process: 0, type: 'info', f: 'write', value: null },
      { process: 1, type: 'invoke', f: 'write', value: 2 },
      { process: 2, type: 'invoke', f: 'read', value: null },
      { process: 2, type: 'ok', f: 'read', value: 1 },
      { process: 3, type: 'invoke', f: 'read', value: null },
      { process: 3, type: 'ok', f: 'read', value: 1 },
    ];
    expect(checkHistory(events, { model: 'register' }).verdict).toBe('holds');
    // a read of the initial value after a read of 1 has returned: the crashed write took effect
    const stale = [...events, { process: 4, type: 'invoke', f: 'read', value: null } as const, { process: 4, type: 'ok', f: 'read', value: null } as const];
    expect(checkHistory(stale, { model: 'register' }).verdict).toBe('violated');
  });

  it('uses a compare-and-set that found another value', () => {
    // the value is 1 from before the cas is called to after it returns: the compare cannot have missed it
    const events: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'write', value: 1 },
      { process: 0, type: 'ok', f: 'write', value: 1 },
      { process: 1, type: 'invoke', f: 'cas', value: [1, 2] },
      { process: 1, type: 'fail', f: 'cas', value: [1, 2], meta: { error: 'cas-mismatch' } },
    ];
    expect(checkHistory(events, { model: 'cas-register' }).verdict).toBe('violated');
    // without the information (a plain failure), it is removed and the history holds
    const plain = events.map((event) => (event.type === 'fail' ? { ...event, meta: {} } : event));
    expect(checkHistory(plain, { model: 'cas-register' }).verdict).toBe('holds');
  });

  it('says why it does not apply, and auto falls back to the search', () => {
    const events: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'write', value: 1 },
      { process: 0, type: 'ok', f: 'write', value: 1 },
      { process: 1, type: 'invoke', f: 'write', value: 1 },
      { process: 1, type: 'ok', f: 'write', value: 1 },
    ];
    const { partitions } = compileHistory(pairOperations(events), { model: 'register', splitByKey: true });
    expect(uniqueValueObstacle(partitions[0]!)).toBe('value 1 is written twice (#0 and #1)');
    const auto = checkHistory(events, { model: 'register' });
    expect(auto.verdict).toBe('holds');
    expect(auto.algorithm).toMatchObject({ used: 'wgl', reason: 'values are not unique: value 1 is written twice (#0 and #1)' });
    const forced = checkHistory(events, { model: 'register', algorithm: 'unique' });
    expect(forced.verdict).toBe('unknown');
    expect(forced.reason).toBe('the unique-value procedure does not apply: value 1 is written twice (#0 and #1)');
    expect(() => checkHistory(events, { model: 'register', algorithm: 'fast' as never })).toThrow(/algorithm/);
  });

  it('decides a long history with crashed operations without searching', () => {
    // 3,000 operations, every 50th write crashed and never read: the search is never needed
    const events: HistoryEvent[] = [];
    for (let index = 0; index < 1000; index++) {
      const value = index + 1;
      events.push({ process: 0, type: 'invoke', f: 'write', value });
      events.push({ process: 1, type: 'invoke', f: 'read', value: null });
      events.push(index % 50 === 7 ? { process: 0, type: 'info', f: 'write', value: null } : { process: 0, type: 'ok', f: 'write', value });
      events.push({ process: 1, type: 'ok', f: 'read', value: index % 50 === 7 ? index : value });
      if (index % 50 === 7) events.push({ process: 0, type: 'invoke', f: 'read', value: null }, { process: 0, type: 'ok', f: 'read', value: index });
    }
    const result = checkHistory(events, { model: 'register' });
    expect(result.verdict).toBe('holds');
    expect(result.stats.steps).toBe(0);
    const { partitions } = compileHistory(pairOperations(events), { model: 'register', splitByKey: true });
    expect(decideUniqueValues(partitions[0]!).verdict).toBe('holds');
  });
});
