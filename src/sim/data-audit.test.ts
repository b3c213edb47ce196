import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../check/history.js';
import { auditData } from './data-audit.js';

const op = (process: number, f: string, key: string, value: unknown, type: HistoryEvent['type'], time: number): HistoryEvent => ({ process, type, f, key, value, time }) as HistoryEvent;

describe('auditData', () => {
  it('counters: an increment the converged count lacks is lost; divergent replicas are named', () => {
    const history = [op(0, 'increment', 'k', 1, 'invoke', 0), op(0, 'increment', 'k', 1, 'ok', 1), op(1, 'increment', 'k', 1, 'invoke', 0), op(1, 'increment', 'k', 1, 'ok', 1)];
    const audit = auditData({ dataType: 'counter', history, clients: 2, replicaValues: () => [1, 2] });
    expect(audit).toMatchObject({ converged: false, acknowledgedWrites: 2, lost: 1 });
    expect(audit.divergent).toEqual([{ key: 'k', values: [1, 2] }]);
    expect(audit.examples[0]?.reason).toContain('1 short of the 2 acknowledged increments');
  });

  it('sets: an acknowledged add nobody removed must survive; an acknowledged remove must not be undone', () => {
    const history = [
      op(0, 'add', 'k', 1, 'invoke', 0), op(0, 'add', 'k', 1, 'ok', 1),
      op(0, 'add', 'k', 2, 'invoke', 2), op(0, 'add', 'k', 2, 'ok', 3),
      op(0, 'remove', 'k', 2, 'invoke', 4), op(0, 'remove', 'k', 2, 'ok', 5),
      op(1, 'add', 'k', 3, 'invoke', 0), op(1, 'add', 'k', 3, 'ok', 1),
    ];
    const audit = auditData({ dataType: 'set', history, clients: 2, replicaValues: () => [[1, 2], [1, 2]] });
    expect(audit.converged).toBe(true);
    expect(audit.lost).toBe(2);
    expect(audit.examples.map((example) => example.why).sort()).toEqual(['absent', 'remove-undone']);
  });

  it('registers: the model explains each absent acknowledged write; only concurrent drops are set apart', () => {
    const history = [op(0, 'write', 'k', 1, 'invoke', 0), op(0, 'write', 'k', 1, 'ok', 1), op(1, 'write', 'k', 2, 'invoke', 0), op(1, 'write', 'k', 2, 'ok', 1), op(0, 'write', 'k', 3, 'invoke', 2), op(0, 'write', 'k', 3, 'ok', 3)];
    const why = new Map<unknown, 'overwritten' | 'discarded-concurrent'>([[1, 'overwritten'], [2, 'discarded-concurrent']]);
    const audit = auditData({ dataType: 'register', history, clients: 2, replicaValues: () => [3, 3], explainAbsent: () => why });
    expect(audit).toMatchObject({ lost: 0, discardedConcurrent: 1 });
  });

  it('session guarantees on a log: a read missing the client’s own add, or what the writer had read, is named', () => {
    const history = [
      op(0, 'add', 'k', 1, 'invoke', 0), op(0, 'add', 'k', 1, 'ok', 1),
      op(1, 'read', 'k', null, 'invoke', 2), op(1, 'read', 'k', [1], 'ok', 3),
      op(1, 'add', 'k', 2, 'invoke', 4), op(1, 'add', 'k', 2, 'ok', 5),
      op(2, 'read', 'k', null, 'invoke', 6), op(2, 'read', 'k', [2], 'ok', 7),
      op(0, 'read', 'k', null, 'invoke', 8), op(0, 'read', 'k', [], 'ok', 9),
    ];
    const audit = auditData({ dataType: 'log', history, clients: 3, guarantees: ['read-your-writes', 'writes-follow-reads'] });
    expect(audit.sessions['read-your-writes']).toMatchObject({ violations: 1 });
    expect(audit.sessions['read-your-writes']?.first).toContain('without 1, which it had added');
    expect(audit.sessions['writes-follow-reads']?.first).toContain('holds 2 but not 1, which client 1 had read before adding it');
    expect(audit.converged).toBeUndefined();
  });
});
