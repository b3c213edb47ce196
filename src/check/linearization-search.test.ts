// The search against a brute-force oracle: on small random histories (read, write, cas on one
// register, with failed and unknown outcomes) both must give the same verdict.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import type { HistoryEvent } from './history.js';

interface Spec {
  readonly f: 'read' | 'write' | 'cas';
  readonly a: number | null;
  readonly b: number;
  readonly call: number;
  readonly duration: number;
  readonly outcome: 'ok' | 'fail' | 'info' | 'none';
}

const value = fc.option(fc.integer({ min: 0, max: 2 }), { nil: null, freq: 4 });
const spec: fc.Arbitrary<Spec> = fc.record({
  f: fc.constantFrom('read', 'write', 'cas'),
  a: value,
  b: fc.integer({ min: 0, max: 2 }),
  call: fc.integer({ min: 0, max: 20 }),
  duration: fc.integer({ min: 1, max: 8 }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'fail', 'info', 'none'),
});

/** Events of the specs, each operation its own process, ordered by time (calls first on ties). */
function toHistory(specs: readonly Spec[]): HistoryEvent[] {
  const timed: Array<{ time: number; order: number; event: HistoryEvent }> = [];
  specs.forEach((operation, process) => {
    const input = operation.f === 'read' ? null : operation.f === 'write' ? operation.b : [operation.a, operation.b];
    timed.push({ time: operation.call, order: 0, event: { process, type: 'invoke', f: operation.f, value: input } });
    if (operation.outcome === 'none') return;
    const output = operation.f === 'read' ? operation.a : input;
    timed.push({ time: operation.call + operation.duration, order: 1, event: { process, type: operation.outcome, f: operation.f, value: operation.outcome === 'ok' ? output : null } });
  });
  timed.sort((left, right) => left.time - right.time || left.order - right.order);
  return timed.map((entry) => entry.event);
}

/** Tries every order that respects real time; unknown operations may also never happen. */
function bruteForce(specs: readonly Spec[]): boolean {
  const events = toHistory(specs);
  const position = (process: number, type: 'invoke' | 'complete'): number =>
    events.findIndex((event) => event.process === process && (type === 'invoke' ? event.type === 'invoke' : event.type !== 'invoke'));
  const operations = specs
    .map((operation, process) => ({ ...operation, callIndex: position(process, 'invoke'), returnIndex: operation.outcome === 'ok' ? position(process, 'complete') : Number.POSITIVE_INFINITY }))
    .filter((operation) => operation.outcome !== 'fail' && !(operation.f === 'read' && operation.outcome !== 'ok'));
  const search = (remaining: typeof operations, state: number | null): boolean => {
    if (remaining.every((operation) => operation.returnIndex === Number.POSITIVE_INFINITY)) return true;
    for (const operation of remaining) {
      if (remaining.some((other) => other.returnIndex < operation.callIndex)) continue;
      const rest = remaining.filter((other) => other !== operation);
      const unknown = operation.returnIndex === Number.POSITIVE_INFINITY;
      if (unknown && search(rest, state)) return true; // it never happened
      if (operation.f === 'read' && state === operation.a && search(rest, state)) return true;
      if (operation.f === 'write' && search(rest, operation.b)) return true;
      if (operation.f === 'cas' && state === operation.a && search(rest, operation.b)) return true;
    }
    return false;
  };
  return search(operations, null);
}

describe('linearizability search', () => {
  it('agrees with a brute-force search on small random cas-register histories', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 7 }), (specs) => {
        const expected = bruteForce(specs) ? 'holds' : 'violated';
        expect(checkHistory(toHistory(specs), { model: 'cas-register' }).verdict).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('the longest prefix of a violation is itself linearizable', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 7 }), (specs) => {
        const result = checkHistory(toHistory(specs), { model: 'cas-register' });
        if (result.counterexample?.kind !== 'linearizability') return;
        let state: unknown = null;
        for (const operation of result.counterexample.prefix) {
          if (operation.f === 'read') expect(operation.output).toEqual(state);
          else if (operation.f === 'write') state = operation.input;
          else {
            const [expected, next] = operation.input as [unknown, unknown];
            if (operation.outcome === 'ok') expect(expected).toEqual(state);
            if (expected === state) state = next;
          }
        }
        expect(result.counterexample.stateAfterPrefix).toEqual(state);
        expect(result.counterexample.blocked.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
