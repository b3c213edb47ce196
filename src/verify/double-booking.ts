import type { HistoryEvent } from '../check/history.js';

/**
 * What {@link findDoubleBookings} found in a history.
 *
 * @example
 * ```ts
 * const found: DoubleBookings = { claims: 40, count: 1, first: 'k0: claims 12 and 17 both succeeded from 9' };
 * ```
 */
export interface DoubleBookings {
  /** Successful claims (acknowledged compare-and-sets). */
  readonly claims: number;
  /** Successful claims beyond the first from the same state of the same item. */
  readonly count: number;
  /** The first double booking, explained. */
  readonly first?: string;
}

/**
 * Finds double bookings in a claim workload's history: a claim is a compare-and-set from the value
 * a client last saw to a new unique value, so an item is in a given state (a value) at most once,
 * and two acknowledged claims from the same state of one item both took it — a double booking.
 * Independent of the linearizability checker: it needs no search, only the acknowledged claims.
 *
 * @example
 * ```ts
 * const history: HistoryEvent[] = [
 *   { process: 0, type: 'invoke', f: 'cas', key: 'seat', value: [null, 1] }, { process: 0, type: 'ok', f: 'cas', key: 'seat', value: [null, 1] },
 *   { process: 1, type: 'invoke', f: 'cas', key: 'seat', value: [null, 2] }, { process: 1, type: 'ok', f: 'cas', key: 'seat', value: [null, 2] },
 * ];
 * findDoubleBookings(history).count; // 1
 * ```
 */
export function findDoubleBookings(history: readonly HistoryEvent[]): DoubleBookings {
  const invoked = new Map<unknown, HistoryEvent>();
  /** Per item, per state claimed from: the value of the first acknowledged claim. */
  const claimedFrom = new Map<string, Map<string, unknown>>();
  let claims = 0;
  let count = 0;
  let first: string | undefined;
  for (const event of history) {
    if (event.f !== 'cas') continue;
    if (event.type === 'invoke') {
      invoked.set(event.process, event);
      continue;
    }
    const invocation = invoked.get(event.process);
    invoked.delete(event.process);
    if (event.type !== 'ok' || invocation === undefined || !Array.isArray(invocation.value)) continue;
    claims++;
    const [expected, next] = invocation.value as [unknown, unknown];
    const item = String(invocation.key);
    let states = claimedFrom.get(item);
    if (states === undefined) claimedFrom.set(item, (states = new Map()));
    const state = JSON.stringify(expected);
    if (!states.has(state)) {
      states.set(state, next);
      continue;
    }
    count++;
    first ??= `${item}: the claims writing ${JSON.stringify(states.get(state))} and ${JSON.stringify(next)} both succeeded from ${state}${event.time === undefined ? '' : ` (the second acknowledged at ${Math.round(event.time * 10) / 10} ms)`}`;
  }
  return { claims, count, ...(first === undefined ? {} : { first }) };
}
