// The contract every CRDT passes: merge is a join (commutative, associative, idempotent) on any
// reachable states and deltas, and replicas converge whatever the network does to the deltas
// (reorder, duplicate, drop then retry). Run by each CRDT's test with its spec.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Crdt } from './crdt.js';
import { stableStringify } from './json.js';

/** How to drive one CRDT type in the contract. */
export interface CrdtSpec<C extends Crdt<C, unknown, unknown>, Op> {
  readonly name: string;
  empty(replica: string): C;
  fromJSON(json: unknown, replica: string): C;
  /** A random operation. */
  readonly operation: fc.Arbitrary<Op>;
  /** Applies `op` at `state` (mutating it) and returns the delta. */
  apply(state: C, op: Op): C;
}

const REPLICAS = ['r0', 'r1', 'r2'] as const;

/** A comparable rendering of a CRDT's value: Maps as entry lists, nested CRDTs as their JSON, undefined as null. */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Map) return [...value].map(([key, inner]) => [key, plain(inner)]);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') return plain((value as { toJSON(): unknown }).toJSON());
  return value;
}

/** What a test network does with one message. */
type Fate = 'deliver' | 'duplicate' | 'lose' | 'delay';

const step = fc.record({
  replica: fc.nat({ max: 2 }),
  /** Between operations, the network handles a few messages. */
  deliveries: fc.array(fc.tuple(fc.nat(), fc.constantFrom<Fate>('deliver', 'duplicate', 'lose', 'delay')), { maxLength: 4 }),
});

/** Runs the CRDT contract for `spec`. */
export function crdtContract<C extends Crdt<C, unknown, unknown>, Op>(spec: CrdtSpec<C, Op>): void {
  const canonical = (state: C): string => stableStringify(state.toJSON());
  const overTheWire = (state: C, replica: string): C => spec.fromJSON(JSON.parse(JSON.stringify(state.toJSON())), replica);

  /** Three replicas after a random history of operations and full-state syncs, plus every delta produced. */
  const history = fc.array(fc.tuple(fc.nat({ max: 2 }), spec.operation, fc.option(fc.nat({ max: 2 }), { nil: undefined })), { maxLength: 30 }).map((ops) => {
    const states = REPLICAS.map((replica) => spec.empty(replica));
    const deltas: C[] = [];
    for (const [index, op, syncFrom] of ops) {
      const state = states[index] as C;
      if (syncFrom !== undefined) state.merge((states[syncFrom] as C).clone(state.replica));
      deltas.push(spec.apply(state, op));
    }
    return { states, deltas };
  });

  describe(`${spec.name}: the CRDT contract`, () => {
    it('merge is commutative, associative and idempotent on reachable states and deltas (property)', () => {
      fc.assert(fc.property(history, fc.nat(), fc.nat(), ({ states, deltas }, pickA, pickB) => {
        const pool = [...states, ...deltas];
        const x = states[0] as C;
        const y = pool[pickA % pool.length] as C;
        const z = pool[pickB % pool.length] as C;
        expect(canonical(x.clone().merge(y))).toBe(canonical(y.clone().merge(x)));
        expect(canonical(x.clone().merge(y).merge(z))).toBe(canonical(x.clone().merge(y.clone().merge(z))));
        expect(canonical(x.clone().merge(x))).toBe(canonical(x));
        expect(canonical(x.clone().merge(y).merge(y))).toBe(canonical(x.clone().merge(y)));
      }), { numRuns: 120 });
    });

    it('merge leaves its argument untouched and JSON round-trips exactly', () => {
      fc.assert(fc.property(history, ({ states }) => {
        const [a, b] = states as [C, C];
        const before = canonical(b);
        a.clone().merge(b);
        expect(canonical(b)).toBe(before);
        expect(canonical(overTheWire(a, 'r9'))).toBe(canonical(a));
        expect(stableStringify(plain(overTheWire(a, 'r0').value()))).toBe(stableStringify(plain(a.value())));
      }), { numRuns: 100 });
    });

    it('replicas converge under any delivery order, duplication and loss-then-retry of deltas (property)', () => {
      fc.assert(fc.property(fc.array(fc.tuple(step, spec.operation), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 200 }), (steps, finalOrder) => {
        const states = REPLICAS.map((replica) => spec.empty(replica));
        const everything = spec.empty('observer');
        let pending: Array<{ to: number; payload: unknown }> = [];
        const lost: Array<{ to: number; payload: unknown }> = [];
        const deliver = (message: { to: number; payload: unknown }): void => {
          const state = states[message.to] as C;
          state.merge(spec.fromJSON(JSON.parse(JSON.stringify(message.payload)), state.replica));
        };
        for (const [{ replica, deliveries }, op] of steps) {
          const delta = spec.apply(states[replica] as C, op);
          everything.merge(delta.clone('observer'));
          for (let to = 0; to < REPLICAS.length; to++) if (to !== replica) pending.push({ to, payload: delta.toJSON() });
          for (const [pick, fate] of deliveries) {
            if (pending.length === 0) break;
            const index = pick % pending.length;
            const message = pending[index] as { to: number; payload: unknown };
            if (fate === 'delay') continue;
            if (fate !== 'duplicate') pending.splice(index, 1);
            if (fate === 'lose') lost.push(message);
            else deliver(message);
          }
        }
        // The sender retries everything that was lost; the rest arrives in some order.
        pending = [...pending, ...lost];
        let turn = 0;
        while (pending.length > 0) {
          const index = (finalOrder[turn++ % Math.max(1, finalOrder.length)] ?? 0) % pending.length;
          deliver(pending.splice(index, 1)[0] as { to: number; payload: unknown });
        }
        const expected = canonical(everything);
        for (const state of states) expect(canonical(state)).toBe(expected);
        expect(stableStringify(plain((states[1] as C).value()))).toBe(stableStringify(plain((states[0] as C).value())));
      }), { numRuns: 120 });
    });

    it('shipping deltas and shipping full states reach the same state', () => {
      fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: 2 }), spec.operation), { maxLength: 30 }), (ops) => {
        const viaDeltas = REPLICAS.map((replica) => spec.empty(replica));
        const viaStates = REPLICAS.map((replica) => spec.empty(replica));
        const receiverOfDeltas = spec.empty('rx');
        for (const [index, op] of ops) {
          receiverOfDeltas.merge(spec.apply(viaDeltas[index] as C, op));
          spec.apply(viaStates[index] as C, op);
        }
        const receiverOfStates = spec.empty('rx');
        for (const state of viaStates) receiverOfStates.merge(state);
        expect(canonical(receiverOfDeltas)).toBe(canonical(receiverOfStates));
      }), { numRuns: 100 });
    });
  });
}
