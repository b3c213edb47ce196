import type { Operation } from './operation.js';
import type { IntegerModel } from './model.js';

/** Limits on one search; when one is reached the search stops with verdict `unknown`. */
export interface SearchLimits {
  /** Most search steps (each tries or undoes one operation). */
  readonly maxSteps: number;
  /** Most (linearized set, state) pairs remembered; bounds memory. */
  readonly maxCacheEntries: number;
  /** A monotonic time (ms) after which the search stops, read every few thousand steps. */
  readonly deadlineMs: number;
  readonly monotonicMs: () => number;
}

/** What one search found. */
export interface SearchOutcome {
  readonly verdict: 'holds' | 'violated' | 'unknown';
  /** Why it is unknown: which limit ran out. */
  readonly exhausted?: 'steps' | 'cache' | 'time';
  readonly steps: number;
  readonly cacheEntries: number;
  /** The longest linearizable prefix found, as indexes into the partition's operations, in order. */
  readonly longestPrefix: Int32Array;
  /** The model state after that prefix. */
  readonly stateAfterLongestPrefix: number;
}

/**
 * Watches a search (the HTML report's partial linearizations): told of every dead end, the point
 * where the search has linearized as far as it can along one path and must undo. Only for reports:
 * the plain check passes none and pays nothing for it.
 */
export interface SearchObserver {
  /** `stack[0..depth)`: the operations linearized so far (partition indexes, in order). */
  deadEnd(stack: Int32Array, depth: number): void;
}

const NIL = -1;

/**
 * Decides whether operations are linearizable with respect to a model: the Wing–Gong search with
 * Lowe's memoisation, as Porcupine does it. Call and return entries form a doubly-linked list in
 * history order; the search linearizes the first call it can (the model accepts it and the pair
 * (linearized set, new state) is new), removes it from the list ("lift"), and starts again from
 * the head; when it meets a return entry, the operation that returns there cannot be ordered, so it
 * undoes the last choice. The history is linearizable when the list empties.
 *
 * Everything in the loop is integers: the linearized set is a `Uint32Array` bitset with a
 * Zobrist hash updated on each set and clear, model states are interned integers, and the cache is
 * an open-addressing table over flat typed arrays. Nothing is allocated per step.
 *
 * Operations with an unknown outcome return at +∞: they may be linearized anywhere after their call,
 * and linearizing one last is the same as it never happening.
 *
 * @example
 * ```ts
 * const { partitions } = compileHistory(pairOperations(events), { model: 'register', splitByKey: true });
 * const outcome = searchLinearization(partitions[0]!.operations, partitions[0]!.model, limits);
 * outcome.verdict; // 'holds' | 'violated' | 'unknown'
 * ```
 */
export function searchLinearization(operations: readonly Operation[], model: IntegerModel, limits: SearchLimits, observer?: SearchObserver): SearchOutcome {
  const count = operations.length;
  if (count === 0) return { verdict: 'holds', steps: 0, cacheEntries: 0, longestPrefix: new Int32Array(0), stateAfterLongestPrefix: model.initialState };

  // Entries: call of operation i is i, its return is count + i, the head sentinel is 2 * count.
  const head = 2 * count;
  const next = new Int32Array(2 * count + 1);
  const previous = new Int32Array(2 * count + 1);
  const order = historyOrder(operations);
  let last = head;
  for (let index = 0; index < order.length; index++) {
    const entry = order[index] as number;
    next[last] = entry;
    previous[entry] = last;
    last = entry;
  }
  next[last] = NIL;
  previous[head] = NIL;

  const words = (count + 31) >>> 5;
  const bits = new Uint32Array(words);
  const zobrist = zobristKeys(count);
  let hash = 0;
  const cache = new StateCache(words);

  const stackOperation = new Int32Array(count);
  const stackState = new Int32Array(count);
  let depth = 0;
  // The longest prefix is copied lazily: only when the search is about to undo a new longest one.
  let longestPrefix = new Int32Array(0);
  let stateAfterLongestPrefix = model.initialState;
  let longestDepth = 0;
  let longestPending = false;
  // whether the last move was a lift: an undo right after one is a dead end (for the observer)
  let deadEndPending = false;

  const readOnly = model.readOnly;
  let state = model.initialState;
  let entry = next[head] as number;
  let steps = 0;
  const checkEvery = 4096;
  let nextCheck = Math.min(checkEvery, limits.maxSteps);
  while (next[head] !== NIL) {
    steps++;
    if (steps >= nextCheck) {
      nextCheck = steps + checkEvery;
      let exhausted: 'steps' | 'cache' | 'time' | undefined;
      if (steps >= limits.maxSteps) exhausted = 'steps';
      else if (cache.size >= limits.maxCacheEntries) exhausted = 'cache';
      else if (limits.monotonicMs() >= limits.deadlineMs) exhausted = 'time';
      if (exhausted !== undefined) {
        if (longestPending) {
          longestPrefix = stackOperation.slice(0, depth);
          stateAfterLongestPrefix = state;
        }
        return { verdict: 'unknown', exhausted, steps, cacheEntries: cache.size, longestPrefix, stateAfterLongestPrefix };
      }
    }
    if (entry < count) {
      const nextState = model.step(state, entry);
      if (nextState >= 0) {
        const word = entry >>> 5;
        const mask = 1 << (entry & 31);
        bits[word] = (bits[word] as number) | mask;
        const nextHash = hash ^ (zobrist[entry] as number);
        if (cache.addIfAbsent(nextHash, nextState, bits)) {
          stackOperation[depth] = entry;
          stackState[depth] = state;
          depth++;
          if (depth > longestDepth) {
            longestDepth = depth;
            longestPending = true;
          }
          deadEndPending = true;
          state = nextState;
          hash = nextHash;
          // lift: unlink the call and its return
          const returnEntry = entry + count;
          let before = previous[entry] as number;
          let after = next[entry] as number;
          next[before] = after;
          if (after !== NIL) previous[after] = before;
          before = previous[returnEntry] as number;
          after = next[returnEntry] as number;
          next[before] = after;
          if (after !== NIL) previous[after] = before;
          entry = next[head] as number;
          continue;
        }
        bits[word] = (bits[word] as number) & ~mask;
      }
      entry = next[entry] as number;
    } else {
      // Undo the last choice; undo reads too, since a read linearized when allowed never needs to move.
      let undone: number;
      if (longestPending) {
        longestPrefix = stackOperation.slice(0, depth);
        stateAfterLongestPrefix = state;
        longestPending = false;
      }
      if (deadEndPending) {
        deadEndPending = false;
        observer?.deadEnd(stackOperation, depth);
      }
      do {
        if (depth === 0) {
          return { verdict: 'violated', steps, cacheEntries: cache.size, longestPrefix, stateAfterLongestPrefix };
        }
        depth--;
        undone = stackOperation[depth] as number;
        state = stackState[depth] as number;
        hash ^= zobrist[undone] as number;
        bits[undone >>> 5] = (bits[undone >>> 5] as number) & ~(1 << (undone & 31));
        // unlift: relink the return, then the call
        const returnEntry = undone + count;
        let before = previous[returnEntry] as number;
        let after = next[returnEntry] as number;
        next[before] = returnEntry;
        if (after !== NIL) previous[after] = returnEntry;
        before = previous[undone] as number;
        after = next[undone] as number;
        next[before] = undone;
        if (after !== NIL) previous[after] = undone;
      } while (readOnly[undone] === 1);
      entry = next[undone] as number;
    }
  }
  return { verdict: 'holds', steps, cacheEntries: cache.size, longestPrefix, stateAfterLongestPrefix };
}

/** Call and return entries sorted by their position in the history; unknown returns go last. */
function historyOrder(operations: readonly Operation[]): Int32Array {
  const count = operations.length;
  const positions = new Float64Array(2 * count);
  const order = new Int32Array(2 * count);
  for (let index = 0; index < count; index++) {
    const operation = operations[index] as Operation;
    positions[index] = operation.callIndex;
    // unknown outcomes return at +infinity, after every real event, in call order
    positions[count + index] = Number.isFinite(operation.returnIndex) ? operation.returnIndex : Number.MAX_SAFE_INTEGER - count + index;
    order[index] = index;
    order[count + index] = count + index;
  }
  order.sort((left, right) => (positions[left] as number) - (positions[right] as number));
  return order;
}

/** One random 32-bit key per operation (fixed seed: the search is deterministic). */
function zobristKeys(count: number): Int32Array {
  const keys = new Int32Array(count);
  let x = 0x9e3779b9 | 0;
  for (let index = 0; index < count; index++) {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    keys[index] = x;
  }
  return keys;
}

/**
 * The set of (linearized bitset, model state) pairs already explored: an open-addressing hash
 * table of entry numbers, with the bitsets copied into one flat arena. Equality is exact (the
 * bitset words are compared), the hash only finds candidates.
 */
class StateCache {
  size = 0;
  private table: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  private states: Int32Array;
  private arena: Uint32Array;

  constructor(private readonly words: number) {
    const capacity = 1 << 12;
    this.table = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity >>> 1);
    this.states = new Int32Array(capacity >>> 1);
    this.arena = new Uint32Array((capacity >>> 1) * words);
  }

  /** Adds the pair and returns true, or returns false if it was already there. */
  addIfAbsent(hash: number, state: number, bits: Uint32Array): boolean {
    const words = this.words;
    let slot = mix(hash, state) & this.mask;
    for (;;) {
      const stored = this.table[slot] as number;
      if (stored === 0) break;
      const entry = stored - 1;
      if (this.hashes[entry] === hash && this.states[entry] === state) {
        const offset = entry * words;
        let same = true;
        for (let word = 0; word < words; word++) {
          if (this.arena[offset + word] !== bits[word]) {
            same = false;
            break;
          }
        }
        if (same) return false;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.size >= this.hashes.length) {
      this.grow();
      return this.addIfAbsent(hash, state, bits);
    }
    const entry = this.size++;
    this.hashes[entry] = hash;
    this.states[entry] = state;
    this.arena.set(bits, entry * words);
    this.table[slot] = entry + 1;
    return true;
  }

  private grow(): void {
    const capacity = this.table.length * 2;
    const table = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = mix(this.hashes[entry] as number, this.states[entry] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = entry + 1;
    }
    this.table = table;
    this.mask = mask;
    const entries = capacity >>> 1;
    const hashes = new Int32Array(entries);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const states = new Int32Array(entries);
    states.set(this.states);
    this.states = states;
    const arena = new Uint32Array(entries * this.words);
    arena.set(this.arena);
    this.arena = arena;
  }
}

function mix(hash: number, state: number): number {
  let h = hash ^ Math.imul(state + 1, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
