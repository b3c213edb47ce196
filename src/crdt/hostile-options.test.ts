// Issue 20, item 10: CRDT constructors check their options when they are built — a TypeError or
// RangeError naming the option and the value received.
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { DeltaOutbox, LWWMap, LWWRegister, ORMap, ORSet, PNCounter } from './index.js';

const bad = (value: unknown): never => value as never;

describe('CRDT options checked at construction', () => {
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['LWWRegister runtime as a string', () => LWWRegister.empty('a', bad({ runtime: 'system' })), TypeError, /Invalid option runtime: .*received "system"/],
    ['LWWRegister options as a number', () => LWWRegister.empty('a', bad(5)), TypeError, /options of LWWRegister: expected an object, received 5/],
    ['LWWMap runtime without a clock', () => LWWMap.empty('a', bad({ runtime: { setTimer: () => 0, sleep: async () => {} } })), TypeError, /Invalid option runtime/],
    ['ORMap type that is not a CRDT type', () => ORMap.empty('a', bad('PNCounter')), TypeError, /Invalid option type: .*received "PNCounter"/],
    ['DeltaOutbox maxDeltas as a string', () => new DeltaOutbox(ORSet.empty('a'), bad({ peers: ['b'], maxDeltas: '10' })), TypeError, /Invalid option maxDeltas: .*received "10"/],
    ['DeltaOutbox peers as a string', () => new DeltaOutbox(ORSet.empty('a'), bad({ peers: 'b' })), RangeError, /Invalid option peers: .*received "b"/],
    ['DeltaOutbox options as a list', () => new DeltaOutbox(ORSet.empty('a'), bad(['b'])), TypeError, /options of DeltaOutbox: expected an object, received \["b"\]/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  it('valid options still build working CRDTs (the checks are not a stub)', () => {
    const register = LWWRegister.empty<string>('a', { runtime: new ManualRuntime({ startWallMs: 10 }) });
    register.set('x');
    expect(register.value()).toBe('x');
    const map = ORMap.empty('a', PNCounter);
    map.update('k', (counter) => counter.increment(2));
    expect(map.get('k')?.value()).toBe(2);
  });
});
