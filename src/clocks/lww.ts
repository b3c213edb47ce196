/**
 * A write stamped for last-writer-wins: a timestamp (wall-clock milliseconds or an HLC's), an
 * optional logical part, and the writing node as the tie-breaker.
 *
 * @example
 * ```ts
 * const stamp: LwwStamp = { timestampMs: runtime.clock.nowMs(), node: 'eu-1' };
 * ```
 */
export interface LwwStamp {
  readonly timestampMs: number;
  /** The HLC logical counter, when the stamp came from a {@link HybridLogicalClock}. Default 0. */
  readonly logical?: number;
  readonly node: string;
}

/**
 * Orders stamps by timestamp, then logical counter, then node id: a total order every replica agrees on.
 *
 * @example
 * ```ts
 * import { compareStamps } from 'pacelc/clocks';
 * compareStamps({ timestampMs: 5, node: 'b' }, { timestampMs: 5, node: 'a' }); // 1: same time, node id decides
 * ```
 */
export function compareStamps(a: LwwStamp, b: LwwStamp): number {
  return a.timestampMs - b.timestampMs || (a.logical ?? 0) - (b.logical ?? 0) || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
}

/**
 * Last-writer-wins: keeps the write with the greater stamp and drops the other, without telling
 * anyone. **Caveat:** "last" means "largest timestamp", not "happened last". A node whose clock is
 * behind writes with a smaller timestamp, so its later write silently loses to an earlier one from a
 * node whose clock is ahead — skewed clocks lose writes (Cassandra, DynamoDB global tables and Riak
 * with `last_write_wins` all behave so). Stamping with a {@link HybridLogicalClock} fixes causally
 * related writes (one that saw the other always wins) but not concurrent ones; to keep concurrent
 * writes, use a {@link SiblingSet} or a CRDT.
 *
 * @example
 * ```ts
 * import { lastWriterWins } from 'pacelc/clocks';
 * lastWriterWins({ value: 'x', timestampMs: 10, node: 'a' }, { value: 'y', timestampMs: 12, node: 'b' }).value; // 'y'
 * ```
 */
export function lastWriterWins<W extends LwwStamp>(a: W, b: W): W {
  return compareStamps(a, b) >= 0 ? a : b;
}
