import { invalidOption } from '../errors.js';
import type { HashRange, Partitioner } from './partitioner.js';
import { RangePartitioner } from './range.js';
import { REDIS_SLOT_COUNT, SlotTable } from './slot-table.js';

/**
 * Hashes `[start, end)` (32-bit key hashes) move from one node to another.
 *
 * @example
 * ```ts
 * for (const move of plan.moves) stream(move.from, move.to, move.start, move.end);
 * ```
 */
export interface HashRangeMove {
  readonly start: number;
  readonly end: number;
  readonly from: string;
  readonly to: string;
}

/**
 * Slots `[start, end)` move (Redis Cluster: `CLUSTER SETSLOT ... MIGRATING/IMPORTING`).
 *
 * @example
 * ```ts
 * for (const { start, end, to } of plan.moves) for (let slot = start; slot < end; slot++) migrate(slot, to);
 * ```
 */
export interface SlotRangeMove {
  readonly start: number;
  readonly end: number;
  readonly from: string;
  readonly to: string;
}

/**
 * Keys `[start, end)` (end `null`: no upper bound) move.
 *
 * @example
 * ```ts
 * for (const { start, end, from, to } of plan.moves) copyRange(from, to, start, end);
 * ```
 */
export interface KeyRangeMove {
  readonly start: string;
  readonly end: string | null;
  readonly from: string;
  readonly to: string;
}

/**
 * What a membership change moves, in the finest unit the partitioner has.
 *
 * @example
 * ```ts
 * const plan = planRebalance(before, after);
 * if (plan.unit === 'hash') console.log(plan.fractionMoved);
 * ```
 */
export type RebalancePlan =
  | { readonly unit: 'hash'; readonly moves: readonly HashRangeMove[]; readonly fractionMoved: number; readonly summary: readonly TransferSummary[] }
  | { readonly unit: 'slot'; readonly moves: readonly SlotRangeMove[]; readonly fractionMoved: number; readonly summary: readonly TransferSummary[] }
  | { readonly unit: 'key-range'; readonly moves: readonly KeyRangeMove[]; readonly fractionMoved: undefined; readonly summary: readonly TransferSummary[] }
  | { readonly unit: 'key'; readonly moves: ReadonlyArray<{ readonly key: string; readonly from: string; readonly to: string }>; readonly fractionMoved: number; readonly summary: readonly TransferSummary[] };

/**
 * Total moved between one pair of nodes (fraction of the hash space, slots, ranges or keys).
 *
 * @example
 * ```ts
 * for (const { from, to, amount } of plan.summary) console.log(`${from} -> ${to}: ${amount}`);
 * ```
 */
export interface TransferSummary {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

/**
 * The exact data that must move when `before` becomes `after`: hash ranges for ring, Maglev and
 * bounded-load (their placement is a function of hash ranges), slot ranges for a {@link SlotTable},
 * key ranges for a {@link RangePartitioner}, and for the others (jump, rendezvous, geo) the keys of
 * `sampleKeys` that change owner. Adjacent moves between the same pair are coalesced; `summary`
 * totals the transfers per pair.
 *
 * @example
 * ```ts
 * import { HashRing, planRebalance } from 'pacelc/partitioning';
 * const before = HashRing.create(['a', 'b', 'c']);
 * const plan = planRebalance(before, before.withNodes(['a', 'b', 'c', 'd']));
 * plan.unit; // 'hash'
 * plan.moves[0]; // { start: 1234, end: 56789, from: 'b', to: 'd' }
 * plan.fractionMoved; // about 0.25
 * ```
 */
export function planRebalance(before: Partitioner, after: Partitioner, sampleKeys?: Iterable<string>): RebalancePlan {
  if (before instanceof SlotTable && after instanceof SlotTable) {
    const moves: SlotRangeMove[] = [];
    let moved = 0;
    for (let slot = 0; slot < REDIS_SLOT_COUNT; slot++) {
      const from = before.nodeForSlot(slot);
      const to = after.nodeForSlot(slot);
      if (from === to) continue;
      moved++;
      const last = moves[moves.length - 1];
      if (last !== undefined && last.end === slot && last.from === from && last.to === to) moves[moves.length - 1] = { ...last, end: slot + 1 };
      else moves.push({ start: slot, end: slot + 1, from, to });
    }
    return { unit: 'slot', moves, fractionMoved: moved / REDIS_SLOT_COUNT, summary: summarize(moves, (move) => move.end - move.start) };
  }
  if (before instanceof RangePartitioner && after instanceof RangePartitioner) {
    const moves = diffKeyRanges(before, after);
    return { unit: 'key-range', moves, fractionMoved: undefined, summary: summarize(moves, () => 1) };
  }
  if (before.hashRanges !== undefined && after.hashRanges !== undefined && before.kind === after.kind) {
    const moves = diffHashRanges(before.hashRanges(), after.hashRanges());
    let width = 0;
    for (const move of moves) width += move.end - move.start;
    return { unit: 'hash', moves, fractionMoved: width / 4294967296, summary: summarize(moves, (move) => (move.end - move.start) / 4294967296) };
  }
  if (sampleKeys === undefined) throw invalidOption('sampleKeys', sampleKeys, `keys to compare (a ${before.kind} → ${after.kind} change has no exact range plan)`);
  const moves: Array<{ key: string; from: string; to: string }> = [];
  let total = 0;
  for (const key of sampleKeys) {
    total++;
    const from = before.nodeFor(key);
    const to = after.nodeFor(key);
    if (from !== to) moves.push({ key, from, to });
  }
  return { unit: 'key', moves, fractionMoved: total === 0 ? 0 : moves.length / total, summary: summarize(moves, () => 1) };
}

function diffHashRanges(before: readonly HashRange[], after: readonly HashRange[]): HashRangeMove[] {
  const moves: HashRangeMove[] = [];
  let i = 0;
  let j = 0;
  let position = 0;
  while (position < 4294967296) {
    const a = before[i] as HashRange;
    const b = after[j] as HashRange;
    const end = Math.min(a.end, b.end);
    if (a.node !== b.node) {
      const last = moves[moves.length - 1];
      if (last !== undefined && last.end === position && last.from === a.node && last.to === b.node) moves[moves.length - 1] = { ...last, end };
      else moves.push({ start: position, end, from: a.node, to: b.node });
    }
    position = end;
    if (a.end === end) i++;
    if (b.end === end) j++;
  }
  return moves;
}

function diffKeyRanges(before: RangePartitioner, after: RangePartitioner): KeyRangeMove[] {
  const bounds = [...new Set([...before.ranges.map((range) => range.start), ...after.ranges.map((range) => range.start)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const moves: KeyRangeMove[] = [];
  bounds.forEach((start, index) => {
    const end = bounds[index + 1] ?? null;
    const from = before.nodeFor(start);
    const to = after.nodeFor(start);
    if (from === to) return;
    const last = moves[moves.length - 1];
    if (last !== undefined && last.end === start && last.from === from && last.to === to) moves[moves.length - 1] = { ...last, end };
    else moves.push({ start, end, from, to });
  });
  return moves;
}

function summarize<T extends { readonly from: string; readonly to: string }>(moves: readonly T[], amount: (move: T) => number): TransferSummary[] {
  const totals = new Map<string, TransferSummary>();
  for (const move of moves) {
    const id = `${move.from}\u0000${move.to}`;
    const current = totals.get(id);
    totals.set(id, { from: move.from, to: move.to, amount: (current?.amount ?? 0) + amount(move) });
  }
  return [...totals.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
