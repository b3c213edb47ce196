import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import type { HistoryEvent } from './history.js';
import type { ConsistencyName } from './result.js';

/** Sequential operations: each row is one operation invoked and completed at once. */
function sequential(rows: ReadonlyArray<readonly [number, 'read' | 'write', unknown, string?]>): HistoryEvent[] {
  return rows.flatMap(([process, f, value, node]) => {
    const meta = node === undefined ? {} : { meta: { node } };
    return [
      { process, type: 'invoke' as const, f, value: f === 'read' ? null : value },
      { process, type: 'ok' as const, f, value, ...meta },
    ];
  });
}

const check = (events: HistoryEvent[], consistency: ConsistencyName) => checkHistory(events, { model: 'register', consistency });

describe('session guarantees', () => {
  it('read-your-writes: a process must see its own last write or newer', () => {
    const events = sequential([
      [0, 'write', 1],
      [1, 'write', 2],
      [0, 'write', 3],
      [0, 'read', 2],
    ]);
    const result = check(events, 'read-your-writes');
    expect(result.verdict).toBe('violated');
    if (result.counterexample?.kind !== 'session') throw new Error('expected a session counterexample');
    expect(result.counterexample.total).toBe(1);
    const [violation] = result.counterexample.violations;
    expect(violation?.explanation).toBe('process 0 wrote 3 and later read 2, which is older: it did not see its own write');
    expect(violation?.readFrom?.input).toBe(2);
    expect(violation?.required.input).toBe(3);
    // another process may read the old value: no session guarantee covers it
    expect(check(sequential([[0, 'write', 1], [0, 'write', 3], [1, 'read', 1]]), 'read-your-writes').verdict).toBe('holds');
    // reading the initial value after an own write is a violation
    expect(check(sequential([[0, 'write', 1], [0, 'read', null]]), 'read-your-writes').verdict).toBe('violated');
  });

  it('monotonic-reads: a process never reads an older value than it read before', () => {
    const events = sequential([
      [0, 'write', 1],
      [0, 'write', 2],
      [1, 'read', 2],
      [1, 'read', 1],
    ]);
    expect(check(events, 'monotonic-reads').verdict).toBe('violated');
    expect(check(events, 'read-your-writes').verdict).toBe('holds');
    // concurrent writes are not ordered: reading them in either order is allowed
    const concurrent: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'write', value: 1 },
      { process: 1, type: 'invoke', f: 'write', value: 2 },
      { process: 0, type: 'ok', f: 'write', value: 1 },
      { process: 1, type: 'ok', f: 'write', value: 2 },
      ...sequential([
        [2, 'read', 2],
        [2, 'read', 1],
      ]),
    ];
    expect(check(concurrent, 'monotonic-reads').verdict).toBe('holds');
  });

  it("monotonic-writes: an observer that saw a process's later write never sees its earlier one", () => {
    const events = sequential([
      [0, 'write', 1],
      [0, 'write', 2],
      [1, 'read', 2, 'n1'],
      [2, 'read', 1, 'n1'],
    ]);
    // the same node served 2 then 1: it applied the writes out of order
    expect(check(events, 'monotonic-writes').verdict).toBe('violated');
    // different nodes: the second may simply not have the write yet
    const elsewhere = events.map((event, index) => (index === 7 ? { ...event, meta: { node: 'n2' } } : event));
    expect(check(elsewhere, 'monotonic-writes').verdict).toBe('holds');
  });

  it('writes-follow-reads: a write is ordered after what its writer had read', () => {
    const rows: HistoryEvent[] = [
      ...sequential([[0, 'write', 1]]),
      { process: 1, type: 'invoke', f: 'read', value: null, key: 'a' },
      { process: 1, type: 'ok', f: 'read', value: 1, key: 'a' },
      { process: 1, type: 'invoke', f: 'write', value: 'reply', key: 'b' },
      { process: 1, type: 'ok', f: 'write', value: 'reply', key: 'b' },
      { process: 2, type: 'invoke', f: 'read', value: null, key: 'b' },
      { process: 2, type: 'ok', f: 'read', value: 'reply', key: 'b' },
      { process: 2, type: 'invoke', f: 'read', value: null, key: 'a' },
      { process: 2, type: 'ok', f: 'read', value: null, key: 'a' },
    ];
    const events = rows.map((event, index) => (index < 2 ? { ...event, key: 'a' } : event));
    const result = check(events, 'writes-follow-reads');
    expect(result.verdict).toBe('violated');
    if (result.counterexample?.kind === 'session') expect(result.counterexample.violations[0]?.explanation).toMatch(/process 1 read 1 before writing "reply"/);
    expect(check(events, 'monotonic-reads').verdict).toBe('holds');
  });

  it('needs unique written values, and says so', () => {
    const result = check(sequential([[0, 'write', 1], [1, 'write', 1], [0, 'read', 1]]), 'monotonic-reads');
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toMatch(/not unique/);
  });

  it('soundness: a sequential history of one register (each read sees the latest write) satisfies every guarantee and linearizability', () => {
    const guarantees: ConsistencyName[] = ['linearizable', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.boolean()), { maxLength: 30 }), (steps) => {
        let value: number | null = null;
        let next = 1;
        const rows = steps.map(([process, write]): readonly [number, 'read' | 'write', unknown] => {
          if (write) {
            value = next++;
            return [process, 'write', value];
          }
          return [process, 'read', value];
        });
        const events = sequential(rows);
        for (const consistency of guarantees) expect(check(events, consistency).verdict).toBe('holds');
      }),
      { numRuns: 100 },
    );
  });
});

describe('session guarantees and linearizability', () => {
  interface Step {
    readonly process: number;
    readonly write: boolean;
    readonly read: number;
    readonly duration: number;
    readonly gap: number;
    readonly outcome: 'ok' | 'fail' | 'info';
  }
  const step: fc.Arbitrary<Step> = fc.record({
    process: fc.nat(2),
    write: fc.boolean(),
    read: fc.nat(8),
    duration: fc.integer({ min: 1, max: 6 }),
    gap: fc.integer({ min: 1, max: 4 }),
    outcome: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'fail', 'info'),
  });

  /** Each process runs its steps one after another; writes write unique values, reads return one of them (or nil). */
  function history(steps: readonly Step[]): HistoryEvent[] {
    const clock = [0, 0, 0];
    const crashed = [false, false, false];
    const timed: Array<{ time: number; event: HistoryEvent }> = [];
    steps.forEach((entry, index) => {
      if (crashed[entry.process] === true) return; // after an info, Jepsen's process is gone
      const start = (clock[entry.process] as number) + entry.gap;
      const end = start + entry.duration;
      clock[entry.process] = end;
      const f = entry.write ? 'write' : 'read';
      const written = index + 1;
      timed.push({ time: start * 2, event: { process: entry.process, type: 'invoke', f, value: entry.write ? written : null } });
      const outcome = entry.write ? entry.outcome : entry.outcome === 'fail' ? 'fail' : 'ok';
      if (outcome === 'info') crashed[entry.process] = true;
      const value = entry.write ? written : entry.read === 0 ? null : entry.read;
      timed.push({ time: end * 2 - 1, event: { process: entry.process, type: outcome, f, value } });
    });
    timed.sort((left, right) => left.time - right.time);
    return timed.map((entry) => entry.event);
  }

  it('a linearizable history satisfies every session guarantee', () => {
    const guarantees: ConsistencyName[] = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];
    let linearizable = 0;
    let violated = 0;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const events = history(steps);
        const verdicts = guarantees.map((consistency) => check(events, consistency).verdict);
        expect(verdicts).not.toContain('unknown');
        violated += verdicts.filter((verdict) => verdict === 'violated').length;
        if (check(events, 'linearizable').verdict !== 'holds') return;
        linearizable++;
        expect(verdicts).toEqual(['holds', 'holds', 'holds', 'holds']);
      }),
      { numRuns: 2000 },
    );
    expect(linearizable).toBeGreaterThan(100);
    expect(violated).toBeGreaterThan(100); // the generator also produces histories that break them
  });
});
