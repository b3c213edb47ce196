import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from './history.js';
import { measureStaleness } from './staleness.js';

const event = (process: number, type: HistoryEvent['type'], f: string, value: unknown, time: number, key?: string): HistoryEvent => ({ process, type, f, value, time, ...(key === undefined ? {} : { key }) });

describe('measureStaleness', () => {
  it('counts versions and milliseconds behind the last acknowledged write', () => {
    const history = [
      event(0, 'invoke', 'write', 1, 0),
      event(0, 'ok', 'write', 1, 10),
      event(0, 'invoke', 'write', 2, 20),
      event(0, 'ok', 'write', 2, 30),
      event(0, 'invoke', 'write', 3, 40),
      event(0, 'ok', 'write', 3, 50),
      event(1, 'invoke', 'read', null, 100),
      event(1, 'ok', 'read', 1, 105), // missed 2 and 3; 1 was superseded at 30
      event(1, 'invoke', 'read', null, 110),
      event(1, 'ok', 'read', 3, 115), // fresh
      event(2, 'invoke', 'read', null, 120),
      event(2, 'ok', 'read', null, 125), // the initial value: 3 versions behind, superseded at 10
    ];
    const report = measureStaleness(history);
    expect(report).toMatchObject({ reads: 3, staleReads: 2, readsOfUnwrittenValues: 0 });
    expect(report.staleFraction).toBeCloseTo(2 / 3);
    expect(report.versionsBehind).toEqual({ p50: 2, p99: 3, max: 3 });
    expect(report.stalenessMs).toEqual({ p50: 70, p99: 110, max: 110 });
    expect(report.worst[0]).toMatchObject({ versionsBehind: 3, stalenessMs: 110, latest: { input: 3 } });
    expect(report.worst[0]?.readFrom).toBeUndefined();
  });

  it('a read concurrent with a write is fresh whichever value it returns; keys are separate', () => {
    const history = [
      event(0, 'invoke', 'put', 'a', 0, 'x'),
      event(0, 'ok', 'put', 'a', 1, 'x'),
      event(0, 'invoke', 'put', 'b', 2, 'x'),
      event(1, 'invoke', 'get', null, 3, 'x'),
      event(1, 'ok', 'get', 'a', 4, 'x'),
      event(0, 'ok', 'put', 'b', 5, 'x'),
      event(1, 'invoke', 'get', null, 6, 'y'),
      event(1, 'ok', 'get', 'zzz', 7, 'y'),
    ];
    const report = measureStaleness(history);
    expect(report).toMatchObject({ reads: 2, staleReads: 0, readsOfUnwrittenValues: 0, worst: [] });
    const unwritten = measureStaleness([...history, event(2, 'invoke', 'get', null, 8, 'x'), event(2, 'ok', 'get', 'never', 9, 'x')]);
    expect(unwritten.readsOfUnwrittenValues).toBe(1);
  });
});
