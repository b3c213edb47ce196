import { type CompiledPartition, OperationKind } from './model.js';

/**
 * What {@link decideUniqueValues} found on one key:
 * - `holds`: a linearization exists;
 * - `violated`: none exists; `core` is a small set of the partition's operations (indexes) that
 *   cannot be linearized on their own, and `explanation` says why in one sentence;
 * - `inconclusive`: a compare-and-set that found another value (`casMismatch`) does not fit the
 *   linearization the procedure built; the procedure does not decide such histories exactly, so
 *   the caller falls back to the search.
 */
export type UniqueValueOutcome =
  | { readonly verdict: 'holds' }
  | { readonly verdict: 'violated'; readonly core: readonly number[]; readonly explanation: string }
  | { readonly verdict: 'inconclusive'; readonly reason: string };

const NONE = -1;

/**
 * Why the unique-value procedure does not apply to a partition, or `undefined` when it does: one
 * key, no `append`, and every value that a `write` or a `cas` (of any outcome) would create is
 * written once and differs from the initial value.
 *
 * @example
 * ```ts
 * uniqueValueObstacle(partition); // 'value 3 is written twice (#4 and #9)'
 * ```
 */
export function uniqueValueObstacle(partition: CompiledPartition): string | undefined {
  if (partition.keyCount > 1) return `its ${partition.keyCount} keys are checked together (not split by key)`;
  const { kinds, first, second, operations, initialValue } = partition;
  const writer = new ValueIndex(partition);
  for (let index = 0; index < kinds.length; index++) {
    const kind = kinds[index] as number;
    if (kind === OperationKind.append) return `#${(operations[index] as { id: number }).id} appends (values built from others are not unique)`;
    if (kind !== OperationKind.write && kind !== OperationKind.cas && kind !== OperationKind.maybeCas) continue;
    const created = kind === OperationKind.write ? (first[index] as number) : (second[index] as number);
    const id = (operations[index] as { id: number }).id;
    if (kind !== OperationKind.write && first[index] === created) return `#${id} compares and sets ${show(partition, created)} to itself`;
    if (created === initialValue) return `#${id} writes the initial value ${show(partition, created)}`;
    const before = writer.get(created);
    if (before !== NONE) return `value ${show(partition, created)} is written twice (#${(operations[before] as { id: number }).id} and #${id})`;
    writer.set(created, index);
  }
  return undefined;
}

/**
 * Decides linearizability of one key's register, compare-and-set register or kv history when every
 * written value is unique ({@link uniqueValueObstacle} is `undefined`), in O(n log n).
 *
 * The idea is Gibbons and Korach's for read-mapped registers (*Testing shared memories*, SIAM J.
 * Comput. 1997), extended to compare-and-set. With unique values, a linearization is a chain of
 * values v0 (the initial one), v1, v2, ..., each made current by its one creator at an instant
 * t(v) inside the creator's interval; a read of v lies in [t(v), t(next)). So each value v asks:
 * - t(v) > L(v), the creator's call, and t(v) < U(v), the earliest return among its creator and
 *   its reads (a read cannot return before the value exists);
 * - t(next) > D(v), the latest call among its reads (they must see v before it is replaced);
 * - a `cas` from a to v makes a the predecessor of v: chains of compare-and-sets are fixed
 *   segments, each headed by a plain write (or by v0).
 * Operations with an unknown outcome return at +∞: a creator whose value is never observed (read,
 * or expected by a kept `cas`) may be dropped (removing an unobserved value from a chain keeps the
 * rest valid); one whose value is observed took effect. Placing each value as early as it can is
 * optimal for a fixed order, which turns each segment into one job with a deadline U (it must
 * start before) and a release K (the next may not start before): an order of the jobs exists iff
 * no job that must come first (K_j < U_k fails both ways) forms a cycle, and a cycle, when there
 * is one, is always between the two jobs with the earliest deadlines. The jobs are placed by a
 * greedy that takes any job all others may follow.
 *
 * Compare-and-sets that found another value (`casMismatch`) are checked against the linearization
 * built: if one does not fit, the outcome is `inconclusive` (the caller runs the search).
 *
 * @example
 * ```ts
 * if (uniqueValueObstacle(partition) === undefined) decideUniqueValues(partition).verdict; // 'holds' | 'violated' | 'inconclusive'
 * ```
 */
export function decideUniqueValues(partition: CompiledPartition): UniqueValueOutcome {
  const { kinds, first, second, operations, initialValue } = partition;
  const count = kinds.length;
  const call = new Float64Array(count);
  const ret = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const operation = operations[index] as { callIndex: number; returnIndex: number };
    call[index] = operation.callIndex;
    ret[index] = operation.returnIndex;
  }
  const isCreator = (index: number): boolean => {
    const kind = kinds[index];
    return kind === OperationKind.write || kind === OperationKind.cas || kind === OperationKind.maybeCas;
  };
  const isUnknown = (index: number): boolean => ret[index] === Number.POSITIVE_INFINITY;

  // Local value ids: 0 is the initial value, then one per creator.
  const local = new ValueIndex(partition);
  local.set(initialValue, 0);
  const creatorList: number[] = [NONE];
  for (let index = 0; index < count; index++) {
    if (!isCreator(index)) continue;
    const created = kinds[index] === OperationKind.write ? (first[index] as number) : (second[index] as number);
    local.set(created, creatorList.length);
    creatorList.push(index);
  }
  const valueCount = creatorList.length;
  const creatorOf = Int32Array.from(creatorList);
  const localOf = (value: number): number => local.get(value);
  const creatorOfValue = (value: number): number => {
    const id = localOf(value);
    return id === NONE ? NONE : (creatorOf[id] as number);
  };
  const createdBy = (index: number): number => localOf(kinds[index] === OperationKind.write ? (first[index] as number) : (second[index] as number));

  // Which creators took effect: every ok one, and each unknown one whose value is observed.
  const included = new Uint8Array(count);
  const observedBy = new Int32Array(valueCount).fill(NONE);
  const pending: number[] = [];
  const observe = (value: number, by: number): void => {
    if (value < 0 || observedBy[value] !== NONE) return;
    observedBy[value] = by;
    const creator = creatorOf[value] as number;
    if (creator !== NONE && included[creator] === 0) {
      included[creator] = 1;
      pending.push(creator);
    }
  };
  for (let index = 0; index < count; index++) {
    const kind = kinds[index];
    if (kind === OperationKind.read) {
      const value = localOf(first[index] as number);
      if (value === NONE) return { verdict: 'violated', core: [index], explanation: `#${idOf(partition, index)} read ${show(partition, first[index] as number)}, which no operation wrote` };
      observe(value, index);
    } else if ((kind === OperationKind.write || kind === OperationKind.cas) && !isUnknown(index) && included[index] === 0) {
      included[index] = 1;
      pending.push(index);
    }
  }
  while (pending.length > 0) {
    const creator = pending.pop() as number;
    if (kinds[creator] === OperationKind.write) continue;
    const expected = localOf(first[creator] as number);
    if (expected === NONE) {
      return {
        verdict: 'violated',
        core: withObservers(partition, [creator], observedBy, creatorOfValue, createdBy),
        explanation: `#${idOf(partition, creator)} compared and set from ${show(partition, first[creator] as number)}, which no operation wrote`,
      };
    }
    observe(expected, creator);
  }

  // The fixed links: a kept cas from a to b makes a the predecessor of b.
  const successor = new Int32Array(valueCount).fill(NONE);
  const successorCas = new Int32Array(valueCount).fill(NONE);
  for (let index = 0; index < count; index++) {
    if (included[index] === 0 || kinds[index] === OperationKind.write) continue;
    const expected = localOf(first[index] as number);
    const before = successorCas[expected] as number;
    if (before !== NONE) {
      const core = [before, index];
      const creator = creatorOf[expected] as number;
      if (creator !== NONE) core.push(creator);
      return {
        verdict: 'violated',
        core: withObservers(partition, core, observedBy, creatorOfValue, createdBy),
        explanation: `#${idOf(partition, before)} and #${idOf(partition, index)} both compared and set from ${show(partition, first[index] as number)}, which was current only once`,
      };
    }
    successorCas[expected] = index;
    successor[expected] = createdBy(index);
  }

  // Bounds of each value in the chain.
  const lower = new Float64Array(valueCount).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(valueCount).fill(Number.POSITIVE_INFINITY);
  const upperBy = new Int32Array(valueCount).fill(NONE);
  const release = new Float64Array(valueCount).fill(Number.NEGATIVE_INFINITY);
  const releaseBy = new Int32Array(valueCount).fill(NONE);
  for (let value = 1; value < valueCount; value++) {
    const creator = creatorOf[value] as number;
    lower[value] = call[creator] as number;
    upper[value] = ret[creator] as number;
    upperBy[value] = creator;
  }
  for (let index = 0; index < count; index++) {
    if (kinds[index] !== OperationKind.read) continue;
    const value = localOf(first[index] as number);
    if (value > 0 && (ret[index] as number) < (upper[value] as number)) {
      upper[value] = ret[index] as number;
      upperBy[value] = index;
    }
    if ((call[index] as number) > (release[value] as number)) {
      release[value] = call[index] as number;
      releaseBy[value] = index;
    }
  }

  // Segments: the chains from each head (v0, and each value of a kept plain write).
  const chain = new Int32Array(valueCount);
  const segmentStart: number[] = [];
  const inChain = new Uint8Array(valueCount);
  let chained = 0;
  const walk = (head: number): void => {
    segmentStart.push(chained);
    for (let value = head; value !== NONE; value = successor[value] as number) {
      chain[chained++] = value;
      inChain[value] = 1;
    }
  };
  walk(0);
  let kept = 1;
  for (let value = 1; value < valueCount; value++) {
    const creator = creatorOf[value] as number;
    if (included[creator] === 0) continue;
    kept++;
    if (kinds[creator] === OperationKind.write) walk(value);
  }
  segmentStart.push(chained);
  if (chained < kept) {
    // Every kept value has a kept predecessor; one no head reaches lies after a cycle of cas.
    let value = 1;
    while (inChain[value] === 1 || included[creatorOf[value] as number] === 0) value++;
    const seen = new Set<number>();
    while (!seen.has(value)) {
      seen.add(value);
      value = localOf(first[creatorOf[value] as number] as number);
    }
    const cycle: number[] = [];
    let at = value;
    do {
      cycle.push(creatorOf[at] as number);
      at = localOf(first[creatorOf[at] as number] as number);
    } while (at !== value);
    return {
      verdict: 'violated',
      core: withObservers(partition, cycle, observedBy, creatorOfValue, createdBy),
      explanation: `the compare-and-sets ${cycle.map((index) => `#${idOf(partition, index)}`).join(', ')} each expect the value the next one sets: a cycle no order can follow`,
    };
  }

  // Each segment as one job: deadline U (it must start before), release K (the next starts after).
  const segments = segmentStart.length - 1;
  const jobDeadline = new Float64Array(segments);
  const jobDeadlineAt = new Int32Array(segments);
  const jobRelease = new Float64Array(segments);
  const jobReleaseAt = new Int32Array(segments);
  for (let segment = 0; segment < segments; segment++) {
    let deadline = Number.POSITIVE_INFINITY;
    let deadlineAt = NONE;
    let floor = Number.NEGATIVE_INFINITY;
    let floorAt = NONE;
    for (let position = segmentStart[segment] as number; position < (segmentStart[segment + 1] as number); position++) {
      const value = chain[position] as number;
      const earliest = Math.max(floor, lower[value] as number);
      if (earliest >= (upper[value] as number)) {
        const lowerIsFloor = floor >= (lower[value] as number);
        const core = chainPart(segmentStart[segment] as number, position, chain, creatorOf);
        core.push(upperBy[value] as number);
        if (lowerIsFloor) core.push(...chainPart(segmentStart[segment] as number, floorAt, chain, creatorOf), ...bound(floorAt, releaseBy, chain));
        return {
          verdict: 'violated',
          core: withObservers(partition, core, observedBy, creatorOfValue, createdBy),
          explanation: `${show(partition, valueOf(partition, creatorOf, value))} must be set before #${idOf(partition, upperBy[value] as number)} returns, but ${lowerIsFloor ? 'the value before it must stay current until later' : `#${idOf(partition, creatorOf[value] as number)} sets it only later`}`,
        };
      }
      if ((upper[value] as number) < deadline) {
        deadline = upper[value] as number;
        deadlineAt = position;
      }
      const after = Math.max(lower[value] as number, release[value] as number);
      if (after > floor) {
        floor = after;
        floorAt = position;
      }
    }
    jobDeadline[segment] = deadline;
    jobDeadlineAt[segment] = deadlineAt;
    jobRelease[segment] = floor;
    jobReleaseAt[segment] = floorAt;
  }
  const jobCore = (segment: number, part: 'deadline' | 'release'): number[] => {
    const position = part === 'deadline' ? (jobDeadlineAt[segment] as number) : (jobReleaseAt[segment] as number);
    if (position === NONE) return [];
    const core = chainPart(segmentStart[segment] as number, position, chain, creatorOf);
    if (part === 'deadline') core.push(upperBy[chain[position] as number] as number);
    else core.push(...bound(position, releaseBy, chain));
    return core;
  };
  // "must be set before #u returns and stay current until #r is called"
  const window = (segment: number): string => {
    const deadlineAt = jobDeadlineAt[segment] as number;
    const releaseAt = jobReleaseAt[segment] as number;
    const parts: string[] = [];
    if (deadlineAt !== NONE && Number.isFinite(jobDeadline[segment] as number)) parts.push(`must be set before #${idOf(partition, upperBy[chain[deadlineAt] as number] as number)} returns`);
    if (releaseAt !== NONE) {
      const value = chain[releaseAt] as number;
      const read = releaseBy[value] as number;
      const byRead = read !== NONE && (release[value] as number) >= (lower[value] as number);
      parts.push(byRead ? `must stay current until #${idOf(partition, read)} is called` : `cannot be set before #${idOf(partition, creatorOf[value] as number)} is called`);
    }
    return parts.join(' and ');
  };
  const overlap = (earlier: number, later: number): UniqueValueOutcome => ({
    verdict: 'violated',
    core: withObservers(partition, [...jobCore(earlier, 'release'), ...jobCore(later, 'deadline'), ...jobCore(later, 'release'), ...jobCore(earlier, 'deadline')], observedBy, creatorOfValue, createdBy),
    explanation: `${describeJob(partition, earlier, segmentStart, chain, creatorOf)} ${window(earlier)}, and ${describeJob(partition, later, segmentStart, chain, creatorOf)} ${window(later)}: neither can come first`,
  });

  // The initial segment comes first; every other job must be able to start after it.
  const order: number[] = [0];
  const jobs = segments - 1;
  if (jobs > 0) {
    const byDeadline = Int32Array.from({ length: jobs }, (_, index) => index + 1).sort((left, right) => (jobDeadline[left] as number) - (jobDeadline[right] as number));
    const byRelease = Int32Array.from({ length: jobs }, (_, index) => index + 1).sort((left, right) => (jobRelease[left] as number) - (jobRelease[right] as number));
    const first0 = byDeadline[0] as number;
    if ((jobRelease[0] as number) >= (jobDeadline[first0] as number)) {
      return {
        verdict: 'violated',
        core: withObservers(partition, [...jobCore(0, 'release'), ...jobCore(first0, 'deadline')], observedBy, creatorOfValue, createdBy),
        explanation: `${describeJob(partition, first0, segmentStart, chain, creatorOf)} must be set before #${idOf(partition, upperBy[chain[jobDeadlineAt[first0] as number] as number] as number)} returns, but the initial value ${window(0).replace(/^.* and /, '')}`,
      };
    }
    const deadlinePosition = new Int32Array(segments);
    const releasePosition = new Int32Array(segments);
    byDeadline.forEach((segment, position) => (deadlinePosition[segment] = position));
    byRelease.forEach((segment, position) => (releasePosition[segment] = position));
    const aliveDeadline = new SkipList(jobs);
    const aliveRelease = new SkipList(jobs);
    const take = (segment: number): void => {
      order.push(segment);
      aliveDeadline.remove(deadlinePosition[segment] as number);
      aliveRelease.remove(releasePosition[segment] as number);
    };
    for (let placed = 0; placed < jobs; placed++) {
      const atA = aliveDeadline.first(0);
      const a = byDeadline[atA] as number;
      const atB = aliveDeadline.first(atA + 1);
      const b = atB < jobs ? (byDeadline[atB] as number) : NONE;
      const secondDeadline = b === NONE ? Number.POSITIVE_INFINITY : (jobDeadline[b] as number);
      const atX = aliveRelease.first(0);
      const x = byRelease[atX] as number;
      if (x !== a) {
        if ((jobRelease[x] as number) < (jobDeadline[a] as number)) take(x);
        else if ((jobRelease[a] as number) < secondDeadline) take(a);
        else return overlap(a, b);
      } else if ((jobRelease[a] as number) < secondDeadline) {
        take(a);
      } else {
        const atY = aliveRelease.first(atX + 1);
        const y = atY < jobs ? (byRelease[atY] as number) : NONE;
        if (y !== NONE && (jobRelease[y] as number) < (jobDeadline[a] as number)) take(y);
        else return overlap(a, b);
      }
    }
  }

  // The linearization built, placing each value as early as it can, against the failed compares.
  let mismatches = 0;
  for (let index = 0; index < count; index++) if (kinds[index] === OperationKind.casMismatch) mismatches++;
  if (mismatches === 0) return { verdict: 'holds' };
  const base = new Float64Array(valueCount).fill(Number.NEGATIVE_INFINITY);
  const next = new Int32Array(valueCount).fill(NONE);
  let floor = Number.NEGATIVE_INFINITY;
  let previous = NONE;
  for (const segment of order) {
    for (let position = segmentStart[segment] as number; position < (segmentStart[segment + 1] as number); position++) {
      const value = chain[position] as number;
      const at = value === 0 ? Number.NEGATIVE_INFINITY : Math.max(floor, lower[value] as number);
      base[value] = at;
      floor = Math.max(at, release[value] as number);
      if (previous !== NONE) next[previous] = value;
      previous = value;
    }
  }
  for (let index = 0; index < count; index++) {
    if (kinds[index] !== OperationKind.casMismatch) continue;
    const value = localOf(first[index] as number);
    if (value === NONE || (value > 0 && included[creatorOf[value] as number] === 0)) continue;
    // it fits if the value was set after its call, or replaced before its return
    if (value > 0 && (base[value] as number) >= (call[index] as number)) continue;
    const replacement = next[value] as number;
    if (replacement !== NONE && (base[replacement] as number) < (ret[index] as number)) continue;
    return {
      verdict: 'inconclusive',
      reason: `#${idOf(partition, index)}, a compare-and-set that found a value other than ${show(partition, first[index] as number)}, does not fit the linearization the unique-value procedure built`,
    };
  }
  return { verdict: 'holds' };
}

/** The creators of a segment's values from its head through `position` (v0 has none). */
function chainPart(start: number, position: number, chain: Int32Array, creatorOf: Int32Array): number[] {
  const core: number[] = [];
  for (let at = start; at <= position; at++) {
    const creator = creatorOf[chain[at] as number] as number;
    if (creator !== NONE) core.push(creator);
  }
  return core;
}

/** The read whose call bounds the value at `position` (the creator's call is in the chain part already). */
function bound(position: number, releaseBy: Int32Array, chain: Int32Array): number[] {
  if (position === NONE) return [];
  const read = releaseBy[chain[position] as number] as number;
  return read === NONE ? [] : [read];
}

/**
 * Adds, for each creator in `core` whose outcome is unknown, an operation that observes its value
 * (so that the core alone still forces it to have happened), and so on for those observers.
 */
function withObservers(partition: CompiledPartition, core: readonly number[], observedBy: Int32Array, creatorOfValue: (value: number) => number, createdBy: (index: number) => number): number[] {
  const members = new Set<number>();
  const stack = [...core];
  while (stack.length > 0) {
    const index = stack.pop() as number;
    if (index === NONE || members.has(index)) continue;
    members.add(index);
    const kind = partition.kinds[index];
    const creates = kind === OperationKind.write || kind === OperationKind.cas || kind === OperationKind.maybeCas;
    if (creates && (partition.operations[index] as { returnIndex: number }).returnIndex === Number.POSITIVE_INFINITY) {
      const value = createdBy(index);
      if (value !== NONE) stack.push(observedBy[value] as number);
    }
    if (kind === OperationKind.cas || kind === OperationKind.maybeCas) {
      // the value it expects must exist in the core too
      stack.push(creatorOfValue(partition.first[index] as number));
    }
  }
  return [...members].sort((left, right) => left - right);
}

function describeJob(partition: CompiledPartition, segment: number, segmentStart: readonly number[], chain: Int32Array, creatorOf: Int32Array): string {
  const head = chain[segmentStart[segment] as number] as number;
  const length = (segmentStart[segment + 1] as number) - (segmentStart[segment] as number);
  const name = `the value ${show(partition, valueOf(partition, creatorOf, head))}`;
  return length > 1 ? `${name} (and the ${length - 1} compare-and-set after it)` : name;
}

function valueOf(partition: CompiledPartition, creatorOf: Int32Array, value: number): number {
  const creator = creatorOf[value] as number;
  if (creator === NONE) return partition.initialValue;
  return partition.kinds[creator] === OperationKind.write ? (partition.first[creator] as number) : (partition.second[creator] as number);
}

function idOf(partition: CompiledPartition, index: number): number {
  return (partition.operations[index] as { id: number }).id;
}

function show(partition: CompiledPartition, value: number): string {
  const described = partition.model.describe(value);
  return described === null || described === undefined ? 'nil' : JSON.stringify(described);
}

/** A map from a partition's interned values to small integers: an array when the ids are dense enough, a `Map` otherwise. */
class ValueIndex {
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(partition: CompiledPartition) {
    let largest = partition.initialValue;
    for (let index = 0; index < partition.first.length; index++) largest = Math.max(largest, partition.first[index] as number, partition.second[index] as number);
    if (largest < 4 * partition.first.length + 4096) this.dense = new Int32Array(largest + 1).fill(NONE);
    else this.sparse = new Map();
  }

  get(value: number): number {
    if (this.dense !== undefined) return value < this.dense.length ? (this.dense[value] as number) : NONE;
    return (this.sparse as Map<number, number>).get(value) ?? NONE;
  }

  set(value: number, id: number): void {
    if (this.dense !== undefined) this.dense[value] = id;
    else (this.sparse as Map<number, number>).set(value, id);
  }
}

/** Positions 0..size-1, each removable once; `first(from)` is the first not removed at or after `from` (size when none). */
class SkipList {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = Int32Array.from({ length: size + 1 }, (_, index) => index);
  }

  remove(position: number): void {
    this.parent[position] = position + 1;
  }

  first(from: number): number {
    let at = from;
    while (this.parent[at] !== at) {
      const up = this.parent[this.parent[at] as number] as number;
      this.parent[at] = up;
      at = up;
    }
    return at;
  }
}
