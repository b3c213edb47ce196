import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { crdtContract } from './crdt.contract.js';
import { LWWRegister, type LWWRegisterJson } from './lww-register.js';
import { MVRegister, type MVRegisterJson } from './mv-register.js';

const runtime = new ManualRuntime({ startWallMs: 1_000 });

crdtContract({
  name: 'LWWRegister',
  empty: (replica) => LWWRegister.empty<number>(replica, { runtime }),
  fromJSON: (json, replica) => LWWRegister.fromJSON(json as LWWRegisterJson<number>, replica, { runtime }),
  operation: fc.tuple(fc.nat({ max: 9 }), fc.option(fc.integer({ min: 990, max: 1010 }), { nil: undefined })),
  apply: (register, [value, timestampMs]) => (timestampMs === undefined ? register.set(value) : register.set(value, { timestampMs, node: register.replica })),
});

crdtContract({
  name: 'MVRegister',
  empty: (replica) => MVRegister.empty<number>(replica),
  fromJSON: (json, replica) => MVRegister.fromJSON(json as MVRegisterJson<number>, replica),
  operation: fc.nat({ max: 9 }),
  apply: (register, value) => register.set(value),
});

describe('registers', () => {
  it('LWWRegister: a write made after seeing another always wins, even from a slow clock', () => {
    const fast = new ManualRuntime({ startWallMs: 10_000 });
    const slow = new ManualRuntime({ startWallMs: 5_000 });
    const a = LWWRegister.empty<string>('a', { runtime: fast });
    const b = LWWRegister.empty<string>('b', { runtime: slow });
    b.merge(a.set('first'));
    a.merge(b.set('second, after reading first'));
    expect(a.value()).toBe('second, after reading first');
    expect(b.stamp?.timestampMs).toBe(10_001);
  });

  it('LWWRegister CAVEAT: a concurrent write from a slow clock loses, silently', () => {
    const fast = new ManualRuntime({ startWallMs: 10_000 });
    const slow = new ManualRuntime({ startWallMs: 5_000 });
    const a = LWWRegister.empty<string>('a', { runtime: fast });
    const b = LWWRegister.empty<string>('b', { runtime: slow });
    const early = a.set('A at real time 0');
    const late = b.set('B at real time +1s');
    a.merge(late);
    b.merge(early);
    expect(a.value()).toBe('A at real time 0');
    expect(b.value()).toBe('A at real time 0');
  });

  it('MVRegister keeps concurrent writes and a later write resolves them', () => {
    const a = MVRegister.empty<string>('a');
    const b = MVRegister.empty<string>('b');
    const fromA = a.set('blue');
    const fromB = b.set('green');
    a.merge(fromB);
    b.merge(fromA);
    expect(a.value()).toEqual(['blue', 'green']);
    expect(a.hasConflict).toBe(true);
    b.merge(a.set('teal'));
    expect(b.value()).toEqual(['teal']);
    expect(MVRegister.empty('x').value()).toEqual([]);
  });
});
