import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../check/history.js';
import { simulate } from '../replication/index.js';
import { findDoubleBookings } from './double-booking.js';

function claim(process: number, key: string, from: unknown, to: unknown, outcome: 'ok' | 'fail' | 'info', time: number): HistoryEvent[] {
  return [
    { process, type: 'invoke', f: 'cas', key, value: [from, to], time },
    { process, type: outcome, f: 'cas', key, value: [from, to], time: time + 1 },
  ];
}

describe('findDoubleBookings', () => {
  it('two acknowledged claims of one item from the same state are a double booking', () => {
    const found = findDoubleBookings([...claim(0, 'seat', null, 1, 'ok', 10), ...claim(1, 'seat', null, 2, 'ok', 12)]);
    expect(found).toEqual({ claims: 2, count: 1, first: 'seat: the claims writing 1 and 2 both succeeded from null (the second acknowledged at 13 ms)' });
  });

  it('claims that chain, refused claims, unknown claims and other items are not', () => {
    const history = [...claim(0, 'seat', null, 1, 'ok', 10), ...claim(1, 'seat', 1, 2, 'ok', 20), ...claim(2, 'seat', 1, 3, 'fail', 30), ...claim(3, 'seat', 1, 4, 'info', 40), ...claim(4, 'other', null, 5, 'ok', 50)];
    expect(findDoubleBookings(history)).toEqual({ claims: 3, count: 0 });
  });

  it('finds the double bookings of a leaderless W=1 R=1 store and none on a fenced synchronous leader', () => {
    const workload = { operations: 400, clients: 8, keys: 1, mix: { read: 1, write: 1, cas: 2 }, thinkMs: 0 };
    const weak = simulate({ seed: 3, protocol: { kind: 'leaderless', n: 3, w: 1, r: 1 }, workload, faults: { random: { kinds: ['partition'] } }, claim: { consistency: 'none' }, keepHistory: true });
    expect(findDoubleBookings(weak.history ?? []).count).toBeGreaterThan(0);
    const strong = simulate({ seed: 3, protocol: { kind: 'raft', replicas: 3, reads: 'read-index' }, workload: { ...workload, thinkMs: 10 }, faults: { random: { kinds: ['partition', 'crash'] } }, claim: { consistency: 'none' }, keepHistory: true });
    const found = findDoubleBookings(strong.history ?? []);
    expect(found.claims).toBeGreaterThan(0);
    expect(found.count).toBe(0);
  });
});
