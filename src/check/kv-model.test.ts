// The kv model (get, put, append on string values; keys start as "") against a brute-force oracle,
// checked both split by key and unsplit, on small random histories that are mostly linearizable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import type { HistoryEvent } from './history.js';

interface KvOperation {
  readonly f: 'get' | 'put' | 'append';
  readonly key: 'a' | 'b';
  readonly call: number;
  readonly duration: number;
  /** Where in its interval it takes effect (0..1). */
  readonly at: number;
  readonly outcome: 'ok' | 'fail' | 'info';
  /** For a get: return a wrong value instead (one of the other states seen). */
  readonly corrupt: number;
}

const operation: fc.Arbitrary<KvOperation> = fc.record({
  f: fc.constantFrom('get', 'get', 'put', 'append', 'append'),
  key: fc.constantFrom('a', 'b'),
  call: fc.integer({ min: 0, max: 12 }),
  duration: fc.integer({ min: 1, max: 6 }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'fail', 'info'),
  corrupt: fc.integer({ min: -6, max: 3 }),
});

/** Runs the operations at their chosen instants against a real map, records a history, and sometimes corrupts a get. */
function record(operations: readonly KvOperation[]): HistoryEvent[] {
  const store: Record<string, string> = { a: '', b: '' };
  const seen: string[] = [''];
  const results = new Map<number, string>();
  const effects = operations
    .map((entry, index) => ({ entry, index, instant: entry.call + entry.at * entry.duration }))
    .filter(({ entry }) => entry.outcome === 'ok' || (entry.outcome === 'info' && entry.f !== 'get' && entry.at < 0.5))
    .sort((left, right) => left.instant - right.instant);
  for (const { entry, index } of effects) {
    const argument = `${entry.f === 'put' ? 'P' : ''}${index};`;
    if (entry.f === 'get') results.set(index, store[entry.key] as string);
    else store[entry.key] = entry.f === 'put' ? argument : (store[entry.key] as string) + argument;
    seen.push(store[entry.key] as string);
  }
  const timed: Array<{ time: number; order: number; event: HistoryEvent }> = [];
  operations.forEach((entry, index) => {
    const argument = entry.f === 'get' ? null : `${entry.f === 'put' ? 'P' : ''}${index};`;
    timed.push({ time: entry.call, order: 1, event: { process: index, type: 'invoke', f: entry.f, key: entry.key, value: argument } });
    let value: unknown = argument;
    if (entry.f === 'get' && entry.outcome === 'ok') value = entry.corrupt >= 0 ? (seen[entry.corrupt % seen.length] as string) : results.get(index);
    timed.push({ time: entry.call + entry.duration, order: 0, event: { process: index, type: entry.outcome, f: entry.f, key: entry.key, value: entry.outcome === 'ok' ? value : null } });
  });
  timed.sort((left, right) => left.time - right.time || left.order - right.order);
  return timed.map((entry) => entry.event);
}

/** Every order that respects real time; operations of unknown outcome may also never happen. */
function bruteForce(events: readonly HistoryEvent[]): boolean {
  interface Op {
    readonly f: string;
    readonly key: string;
    readonly input: unknown;
    readonly output: unknown;
    readonly call: number;
    readonly ret: number;
  }
  const operations: Op[] = [];
  events.forEach((event, index) => {
    if (event.type !== 'invoke') return;
    const completionIndex = events.findIndex((other, at) => at > index && other.process === event.process);
    const completion = events[completionIndex] as HistoryEvent;
    if (completion.type === 'fail' || (event.f === 'get' && completion.type !== 'ok')) return;
    operations.push({ f: event.f, key: event.key as string, input: event.value, output: completion.value, call: index, ret: completion.type === 'ok' ? completionIndex : Number.POSITIVE_INFINITY });
  });
  const search = (remaining: Op[], store: Readonly<Record<string, string>>): boolean => {
    if (remaining.every((entry) => entry.ret === Number.POSITIVE_INFINITY)) return true;
    for (const entry of remaining) {
      if (remaining.some((other) => other.ret < entry.call)) continue;
      const rest = remaining.filter((other) => other !== entry);
      if (entry.ret === Number.POSITIVE_INFINITY && search(rest, store)) return true;
      const current = store[entry.key] as string;
      if (entry.f === 'get') {
        if (entry.output === current && search(rest, store)) return true;
      } else if (search(rest, { ...store, [entry.key]: entry.f === 'put' ? (entry.input as string) : current + (entry.input as string) })) {
        return true;
      }
    }
    return false;
  };
  return search(operations, { a: '', b: '' });
}

describe('kv model', () => {
  it('agrees with a brute-force search, split by key and not', () => {
    const verdicts = { holds: 0, violated: 0 };
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 7 }), (operations) => {
        const events = record(operations);
        const expected = bruteForce(events) ? 'holds' : 'violated';
        verdicts[expected]++;
        expect(checkHistory(events, { model: 'kv' }).verdict).toBe(expected);
        expect(checkHistory(events, { model: 'kv', splitByKey: false }).verdict).toBe(expected);
      }),
      { numRuns: 1500 },
    );
    expect(verdicts.holds).toBeGreaterThan(100);
    expect(verdicts.violated).toBeGreaterThan(100);
  });
});
