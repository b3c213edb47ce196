import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import type { HistoryEvent } from '../check/history.js';
import { syntheticRegisterHistory } from '../testing/synthetic-history.js';
import { checkReportData, writeCheckReport } from './check-report.js';

// Two overlapping writes, then reads of 1 and then 2 after both returned: the second read fits nowhere.
const violated: HistoryEvent[] = [
  { process: 0, type: 'invoke', f: 'write', value: 1, time: 0 },
  { process: 1, type: 'invoke', f: 'write', value: 2, time: 1 },
  { process: 0, type: 'ok', f: 'write', value: 1, time: 2 },
  { process: 1, type: 'ok', f: 'write', value: 2, time: 3 },
  { process: 2, type: 'invoke', f: 'read', value: null, time: 4 },
  { process: 2, type: 'ok', f: 'read', value: 1, time: 5 },
  { process: 2, type: 'invoke', f: 'read', value: null, time: 6 },
  { process: 2, type: 'ok', f: 'read', value: 2, time: 7 },
  { process: 3, type: 'invoke', f: 'write', value: 3, time: 6.5 },
];

describe('checkReportData', () => {
  it('carries every operation as a bar, open-ended when it never returned, and what the checker knows of the failure', () => {
    const result = checkHistory(violated, { model: 'register', algorithm: 'wgl' });
    const data = checkReportData(violated, result, { file: 'h.jsonl', model: 'register' });
    expect(data.verdict).toBe('violated');
    expect(data.axis).toBe('ms');
    expect(data.operations.call).toEqual([0, 1, 4, 6, 6.5]);
    expect(data.operations.ret).toEqual([2, 3, 5, 7, -1]);
    expect(data.operations.outcome).toEqual([0, 0, 0, 0, 2]);
    expect(data.operations.output[3]).toBe('2');
    expect(data.processes).toEqual(['0', '1', '2', '3']);
    const explanation = data.explanation;
    if (explanation?.kind !== 'linearizability') throw new Error('expected a linearizability explanation');
    expect(explanation.deadline).toBe(3);
    expect(explanation.blocked.map((entry) => entry.id)).toContain(3);
    // the longest partial linearization: write 2, write 1, read 1 — with the state after each
    expect(explanation.partials[0]?.operations.slice(0, 3)).toEqual([1, 0, 2]);
    expect(explanation.partials[0]?.states.slice(0, 3)).toEqual(['2', '1', '1']);
    expect(explanation.longestContaining['3']).toBeUndefined();
  });

  it('names the reads that break a session guarantee and the operations that obliged them', () => {
    const events: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'write', value: 7, time: 0 },
      { process: 0, type: 'ok', f: 'write', value: 7, time: 1 },
      { process: 0, type: 'invoke', f: 'read', value: null, time: 2 },
      { process: 0, type: 'ok', f: 'read', value: null, time: 3 },
    ];
    const result = checkHistory(events, { model: 'register', consistency: 'read-your-writes' });
    const data = checkReportData(events, result, { file: 'ryw.jsonl', model: 'register' });
    expect(data.explanation).toMatchObject({ kind: 'session', guarantee: 'read-your-writes', total: 1, violations: [{ read: 1, because: 0, observer: expect.stringContaining('0') }] });
  });

  it('samples a history too large to draw: whole keys, the failing one first, and says so', () => {
    const events = syntheticRegisterHistory({ operations: 2_000, clients: 8, keys: 10 });
    const result = checkHistory(events, { model: 'register' });
    const data = checkReportData(events, result, { file: 'big.jsonl', model: 'register', maxDrawnOperations: 500 });
    expect(data.operationCount).toBe(2_000);
    expect(data.drawnCount).toBeLessThanOrEqual(500);
    expect(data.drawnCount).toBeGreaterThan(0);
    expect(data.sampleNote).toMatch(/^This history has 2,000 operations on 10 keys, too many to draw at once: \d+ operations on \d+ keys are drawn \(whole keys\)\.$/);
    // whole keys: every operation of a drawn key is there
    for (const key of data.keys) {
      const all = events.filter((event) => event.type === 'invoke' && event.key === key).length;
      expect(data.operations.key.filter((index) => data.keys[index] === key)).toHaveLength(all);
    }
    const single = syntheticRegisterHistory({ operations: 1_000, clients: 4 });
    const window = checkReportData(single, checkHistory(single, { model: 'register' }), { file: 'one.jsonl', model: 'register', maxDrawnOperations: 300 });
    expect(window.drawnCount).toBe(300);
    expect(window.sampleNote).toBe('This history has 1,000 operations, too many to draw at once: operations #0 to #299 are drawn.');
    expect(() => checkReportData(single, checkHistory(single, { model: 'register' }), { file: 'x', model: 'register', maxDrawnOperations: 0 })).toThrow(/maxDrawnOperations must be a whole number > 0, received 0/);
  });

  it('uses history positions for the axis when the history has no times', () => {
    const untimed = violated.map(({ time: _time, ...event }) => event);
    const data = checkReportData(untimed, checkHistory(untimed, { model: 'register' }), { file: 'h.jsonl', model: 'register' });
    expect(data.axis).toBe('event');
    expect(data.operations.call).toEqual([0, 1, 4, 6, 8]);
    expect(data.operations.ret).toEqual([2, 3, 5, 7, -1]);
  });

  it('writes one HTML file with the data inlined', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pacelc-check-report-')), 'out.html');
    const written = writeCheckReport(path, violated, checkHistory(violated, { model: 'register' }), { file: 'dir/h.jsonl', model: 'register' });
    const html = readFileSync(path, 'utf8');
    expect(written).toEqual({ bytes: Buffer.byteLength(html), drawn: 5, operations: 5 });
    expect(html).toContain('<title>check: h.jsonl</title>');
    expect(html).toContain('violated: linearizable, register model, 5 operations');
    expect(html).toContain('"text":"dir/h.jsonl: VIOLATED linearizable');
  });
});
