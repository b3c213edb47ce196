import { InputError, type InputProblem } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import type { Operation } from './operation.js';
import { type PreparedSuffix, ValueTable } from './value-table.js';

export { canonicalKey, ValueTable } from './value-table.js';

/**
 * The data types the checkers know:
 * - `register`: one value per key, `read` and `write`;
 * - `cas-register`: a register with compare-and-set (`cas`, value `[expected, new]`);
 * - `kv`: a key-value map with `get`, `put` and `append` (string values, keys start as `""`), and
 *   also `read`, `write` and `cas` per key.
 */
export type ModelName = 'register' | 'cas-register' | 'kv';

/**
 * Every model name, for option validation and `--help`.
 *
 * @example
 * ```ts
 * modelNames; // ['register', 'cas-register', 'kv']
 * ```
 */
export const modelNames: readonly ModelName[] = ['register', 'cas-register', 'kv'];

/**
 * What an operation does to the value of its key. `maybeCas` is a compare-and-set whose outcome is
 * unknown: it may have found another value and done nothing, so it is allowed in every state.
 * `casMismatch` is a compare-and-set that completed telling its caller the compare failed: it
 * changed nothing, and it saw a value other than its expected one, so it is allowed in every state
 * but that one (a read of "anything but `expected`").
 */
export const OperationKind = { read: 0, write: 1, cas: 2, append: 3, maybeCas: 4, casMismatch: 5 } as const;
export type OperationKind = (typeof OperationKind)[keyof typeof OperationKind];

const kindsByModel: Readonly<Record<ModelName, Readonly<Record<string, OperationKind>>>> = {
  register: { read: OperationKind.read, write: OperationKind.write },
  'cas-register': { read: OperationKind.read, write: OperationKind.write, cas: OperationKind.cas },
  kv: {
    get: OperationKind.read,
    put: OperationKind.write,
    append: OperationKind.append,
    read: OperationKind.read,
    write: OperationKind.write,
    cas: OperationKind.cas,
  },
};

/** The operations of one partition (one key, or all keys when not split), compiled to integers. */
export interface CompiledPartition {
  /** The key, or `undefined` for a single register or an unsplit history. */
  readonly key: string | undefined;
  readonly operations: readonly Operation[];
  /** What each operation does ({@link OperationKind}), by index into `operations`. */
  readonly kinds: Uint8Array;
  /** The interned value each operation reads, writes, or expects (`cas`). */
  readonly first: Int32Array;
  /** The interned value a `cas` sets (0 otherwise). */
  readonly second: Int32Array;
  /** The interned initial value of the key. */
  readonly initialValue: number;
  /** How many different keys the operations touch (1 when split by key). */
  readonly keyCount: number;
  /** The state machine the search runs: states and operations are small integers. */
  readonly model: IntegerModel;
}

/** A sequential specification over integer states: `step` gives the next state, or -1 if the operation cannot happen in `state`. */
export interface IntegerModel {
  readonly initialState: number;
  /**
   * 1 for each operation that never changes the state (a read). The search linearizes such an
   * operation as soon as it is allowed and never tries it later instead: moving a read earlier,
   * to a point where it is already allowed, keeps any linearization valid.
   */
  readonly readOnly: Uint8Array;
  step(state: number, operation: number): number;
  /** The state as a user-facing value (the register's value, or a map of key to value). */
  describe(state: number): unknown;
}

/** What {@link compileHistory} dropped or found, for the result's statistics. */
export interface CompileStats {
  /** Operations that definitely did not happen (`fail`): removed. */
  failed: number;
  /** Reads with an unknown outcome: they cannot constrain anything, removed. */
  unknownReads: number;
  /** Writes and CAS with an unknown outcome: they may take effect at any time after their call, or never. */
  unknownWrites: number;
  /** Compare-and-sets that failed because the compare saw another value: kept, as reads of "not the expected value". */
  casMismatches: number;
  /** `ok` reads of nil dropped because nil means "the read's value is unknown" (Jepsen's, Knossos's convention). */
  nilReads: number;
}

/** Options of {@link compileHistory}. */
export interface CompileOptions {
  readonly model: ModelName;
  /** The value every key starts with. Default: `null` (no value), or `""` for a kv history of get/put/append. */
  readonly initial?: unknown;
  /** Check each key on its own (P-compositionality). */
  readonly splitByKey: boolean;
  readonly file?: string;
  /**
   * An `ok` read of nil matches any value (Knossos's register models: Jepsen records nil when it
   * does not know what a read returned). Default false: nil is "no value", as in pacelc's JSON lines.
   */
  readonly nilReadsMatchAny?: boolean;
}

/**
 * Turns paired operations into integer state machines for the search: operations that failed and
 * reads with an unknown outcome are dropped; values are interned; one partition per key when
 * split. Unknown operation names and malformed arguments are `InputError`s.
 *
 * @example
 * ```ts
 * const { partitions } = compileHistory(pairOperations(events), { model: 'cas-register', splitByKey: true });
 * ```
 */
export function compileHistory(operations: readonly Operation[], options: CompileOptions): { partitions: CompiledPartition[]; stats: CompileStats; values: ValueTable } {
  const kinds = kindsByModel[options.model];
  const values = new ValueTable();
  const problems: InputProblem[] = [];
  const stats: CompileStats = { failed: 0, unknownReads: 0, unknownWrites: 0, casMismatches: 0, nilReads: 0 };
  const kept: Array<{ operation: Operation; kind: OperationKind; a: number; b: number; text: string }> = [];
  let usesStrings = false;
  for (const operation of operations) {
    const kind = kinds[operation.f];
    if (kind === undefined) {
      if (problems.length < 20) {
        const allowed = Object.keys(kinds);
        const suggestion = didYouMean(operation.f, allowed) ?? suggestModel(operation.f, options.model);
        problems.push({
          ...where(operation, options.file),
          message: `the ${options.model} model has no operation "${operation.f}" (it knows ${allowed.join(', ')})`,
          ...(suggestion === undefined ? {} : { suggestion }),
        });
      }
      continue;
    }
    if (operation.f === 'get' || operation.f === 'put' || operation.f === 'append') usesStrings = true;
    if (operation.outcome === 'fail') {
      const pair = operation.input;
      if (kind === OperationKind.cas && operation.casMismatch === true && Array.isArray(pair) && pair.length === 2) {
        stats.casMismatches++;
        kept.push({ operation, kind: OperationKind.casMismatch, a: values.intern(pair[0]), b: values.intern(pair[1]), text: '' });
        continue;
      }
      stats.failed++;
      continue;
    }
    if (kind === OperationKind.read) {
      if (operation.outcome === 'unknown') {
        stats.unknownReads++;
        continue;
      }
      if (options.nilReadsMatchAny === true && (operation.output === null || operation.output === undefined)) {
        stats.nilReads++;
        continue;
      }
      kept.push({ operation, kind, a: values.intern(operation.output), b: 0, text: '' });
      continue;
    }
    if (operation.outcome === 'unknown') stats.unknownWrites++;
    if (kind === OperationKind.write) {
      const written = operation.input ?? operation.output ?? null;
      kept.push({ operation, kind, a: values.intern(written), b: 0, text: '' });
    } else if (kind === OperationKind.cas) {
      const pair = operation.input;
      if (!Array.isArray(pair) || pair.length !== 2) {
        if (problems.length < 20) problems.push({ ...where(operation, options.file), message: `cas takes [expected, new], found ${JSON.stringify(pair)}` });
        continue;
      }
      const casKind = operation.outcome === 'unknown' ? OperationKind.maybeCas : kind;
      kept.push({ operation, kind: casKind, a: values.intern(pair[0]), b: values.intern(pair[1]), text: '' });
    } else {
      const suffix = operation.input;
      if (typeof suffix !== 'string') {
        if (problems.length < 20) problems.push({ ...where(operation, options.file), message: `append takes a string, found ${JSON.stringify(suffix)}` });
        continue;
      }
      kept.push({ operation, kind, a: 0, b: 0, text: suffix });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const initial = values.intern(options.initial !== undefined ? options.initial : options.model === 'kv' && usesStrings ? '' : null);

  const groups = new Map<string | undefined, typeof kept>();
  if (options.splitByKey) {
    for (const entry of kept) {
      const group = groups.get(entry.operation.key);
      if (group === undefined) groups.set(entry.operation.key, [entry]);
      else group.push(entry);
    }
  } else {
    groups.set(undefined, kept);
  }
  const partitions: CompiledPartition[] = [];
  for (const [key, group] of groups) {
    const count = group.length;
    const kindOf = new Uint8Array(count);
    const a = new Int32Array(count);
    const b = new Int32Array(count);
    const suffixes: PreparedSuffix[] = [];
    const none = values.prepareSuffix('');
    for (let index = 0; index < count; index++) {
      const entry = group[index] as (typeof kept)[number];
      kindOf[index] = entry.kind;
      a[index] = entry.a;
      b[index] = entry.b;
      suffixes.push(entry.kind === OperationKind.append ? values.prepareSuffix(entry.text) : none);
    }
    const operationsOfGroup = group.map((entry) => entry.operation);
    const keys = new Set(operationsOfGroup.map((operation) => operation.key));
    const model =
      keys.size <= 1
        ? new RegisterModel(initial, kindOf, a, b, suffixes, values)
        : new MapModel(initial, kindOf, a, b, suffixes, values, operationsOfGroup.map((operation) => operation.key));
    partitions.push({ key: options.splitByKey ? key : undefined, operations: operationsOfGroup, model, kinds: kindOf, first: a, second: b, initialValue: initial, keyCount: Math.max(1, keys.size) });
  }
  return { partitions, stats, values };
}

function where(operation: Operation, file: string | undefined): Pick<InputProblem, 'file' | 'line' | 'path'> {
  return {
    ...(file === undefined ? {} : { file }),
    ...(operation.line === undefined ? { path: `events[${operation.callIndex}]` } : { line: operation.line }),
  };
}

function suggestModel(f: string, model: ModelName): string | undefined {
  for (const other of modelNames) if (other !== model && kindsByModel[other][f] !== undefined) return `--model ${other}`;
  return undefined;
}

/** The value of one key: the state is the interned value itself. */
class RegisterModel implements IntegerModel {
  readonly readOnly: Uint8Array;

  constructor(
    readonly initialState: number,
    private readonly kinds: Uint8Array,
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly suffixes: readonly PreparedSuffix[],
    private readonly values: ValueTable,
  ) {
    this.readOnly = kinds.map((kind) => (kind === OperationKind.read || kind === OperationKind.casMismatch ? 1 : 0));
  }

  step(state: number, operation: number): number {
    switch (this.kinds[operation]) {
      case OperationKind.read:
        return state === this.a[operation] ? state : -1;
      case OperationKind.write:
        return this.a[operation] as number;
      case OperationKind.cas:
        return state === this.a[operation] ? (this.b[operation] as number) : -1;
      case OperationKind.maybeCas:
        return state === this.a[operation] ? (this.b[operation] as number) : state;
      case OperationKind.casMismatch:
        return state === this.a[operation] ? -1 : state;
      default:
        return this.append(state, operation);
    }
  }

  private append(state: number, operation: number): number {
    return this.values.concat(state, this.suffixes[operation] as PreparedSuffix);
  }

  describe(state: number): unknown {
    return this.values.value(state);
  }
}


/**
 * Several keys checked together (an unsplit kv history): a state is a row of value ids, one per
 * key, stored in a flat arena and interned by a hash that is updated in O(1) when one key changes.
 */
class MapModel implements IntegerModel {
  readonly initialState = 0;
  readonly readOnly: Uint8Array;
  private readonly keyNames: Array<string | undefined>;
  private readonly keyIndex: Int32Array;
  private readonly width: number;
  private rows: Int32Array;
  private hashes: Int32Array;
  private slots: Int32Array;
  private count = 0;

  constructor(
    initial: number,
    private readonly kinds: Uint8Array,
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly suffixes: readonly PreparedSuffix[],
    private readonly values: ValueTable,
    keys: ReadonlyArray<string | undefined>,
  ) {
    this.readOnly = kinds.map((kind) => (kind === OperationKind.read || kind === OperationKind.casMismatch ? 1 : 0));
    const indexOfKey = new Map<string | undefined, number>();
    this.keyIndex = new Int32Array(keys.length);
    keys.forEach((key, operation) => {
      let index = indexOfKey.get(key);
      if (index === undefined) {
        index = indexOfKey.size;
        indexOfKey.set(key, index);
      }
      this.keyIndex[operation] = index;
    });
    this.keyNames = [...indexOfKey.keys()];
    this.width = Math.max(1, indexOfKey.size);
    this.rows = new Int32Array(1024 * this.width);
    this.hashes = new Int32Array(1024);
    this.slots = new Int32Array(2048);
    let hash = 0;
    for (let key = 0; key < this.width; key++) {
      this.rows[key] = initial;
      hash ^= cellHash(key, initial);
    }
    this.hashes[0] = hash;
    this.count = 1;
    this.slots[hash & (this.slots.length - 1)] = 1;
  }

  step(state: number, operation: number): number {
    const key = this.keyIndex[operation] as number;
    const current = this.rows[state * this.width + key] as number;
    let value: number;
    switch (this.kinds[operation]) {
      case OperationKind.read:
        return current === this.a[operation] ? state : -1;
      case OperationKind.write:
        value = this.a[operation] as number;
        break;
      case OperationKind.cas:
        if (current !== this.a[operation]) return -1;
        value = this.b[operation] as number;
        break;
      case OperationKind.maybeCas:
        if (current !== this.a[operation]) return state;
        value = this.b[operation] as number;
        break;
      case OperationKind.casMismatch:
        return current === this.a[operation] ? -1 : state;
      default:
        value = this.values.concat(current, this.suffixes[operation] as PreparedSuffix);
    }
    if (value === current) return state;
    return this.withCell(state, key, value);
  }

  /** The id of `state` with `key` set to `value`. */
  private withCell(state: number, key: number, value: number): number {
    const width = this.width;
    const rows = this.rows;
    const hash = (this.hashes[state] as number) ^ cellHash(key, rows[state * width + key] as number) ^ cellHash(key, value);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const stored = this.slots[slot] as number;
      if (stored === 0) break;
      const candidate = stored - 1;
      if (this.hashes[candidate] === hash && rows[candidate * width + key] === value) {
        let same = true;
        for (let column = 0; column < width; column++) {
          if (column !== key && rows[candidate * width + column] !== rows[state * width + column]) {
            same = false;
            break;
          }
        }
        if (same) return candidate;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    if (id >= this.hashes.length) this.grow();
    this.rows.copyWithin(id * width, state * width, state * width + width);
    this.rows[id * width + key] = value;
    this.hashes[id] = hash;
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.slots[slot] = id + 1;
    return id;
  }

  private grow(): void {
    const rows = new Int32Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = (this.hashes[id] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }

  describe(state: number): unknown {
    const described: Record<string, unknown> = {};
    this.keyNames.forEach((key, index) => {
      described[key ?? ''] = this.values.value(this.rows[state * this.width + index] as number);
    });
    return described;
  }
}

/** A well-mixed 32-bit hash of (key, value), XORed together into a row's hash. */
function cellHash(key: number, value: number): number {
  let h = Math.imul(key + 1, 0x9e3779b1) ^ Math.imul(value + 0x632be5ab, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h;
}
