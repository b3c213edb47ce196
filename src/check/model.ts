import { InputError, type InputProblem } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import type { Operation } from './operation.js';

/**
 * The data types the checkers know:
 * - `register`: one value per key, `read` and `write`;
 * - `cas-register`: a register with compare-and-set (`cas`, value `[expected, new]`);
 * - `kv`: a key-value map with `get`, `put` and `append` (string values, keys start as `""`), and
 *   also `read`, `write` and `cas` per key.
 */
export type ModelName = 'register' | 'cas-register' | 'kv';

/** Every model name, for option validation and `--help`. */
export const modelNames: readonly ModelName[] = ['register', 'cas-register', 'kv'];

/**
 * What an operation does to the value of its key. `maybeCas` is a compare-and-set whose outcome is
 * unknown: it may have found another value and done nothing, so it is allowed in every state.
 */
export const OperationKind = { read: 0, write: 1, cas: 2, append: 3, maybeCas: 4 } as const;
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

/** Values interned to small integers: equal values (by type and content) get the same id. */
export class ValueTable {
  private readonly ids = new Map<string, number>();
  readonly values: unknown[] = [];

  /** The id of `null` ("no value") is always 0. */
  constructor() {
    this.intern(null);
  }

  intern(value: unknown): number {
    const key = canonicalKey(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(value === undefined ? null : value);
    }
    return id;
  }

  value(id: number): unknown {
    return this.values[id];
  }
}

/** A string that is equal for equal values: `1` and `"1"` differ, `null` and `undefined` do not. */
export function canonicalKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${value}`;
    case 'boolean':
      return `b${value}`;
    case 'bigint':
      return `n${value}`;
    default:
      return `j${JSON.stringify(value)}`;
  }
}

/** The operations of one partition (one key, or all keys when not split), compiled to integers. */
export interface CompiledPartition {
  /** The key, or `undefined` for a single register or an unsplit history. */
  readonly key: string | undefined;
  readonly operations: readonly Operation[];
  /** The state machine the search runs: states and operations are small integers. */
  readonly model: IntegerModel;
}

/** A sequential specification over integer states: `step` gives the next state, or -1 if the operation cannot happen in `state`. */
export interface IntegerModel {
  readonly initialState: number;
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
}

/** Options of {@link compileHistory}. */
export interface CompileOptions {
  readonly model: ModelName;
  /** The value every key starts with. Default: `null` (no value), or `""` for a kv history of get/put/append. */
  readonly initial?: unknown;
  /** Check each key on its own (P-compositionality). */
  readonly splitByKey: boolean;
  readonly file?: string;
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
  const stats: CompileStats = { failed: 0, unknownReads: 0, unknownWrites: 0 };
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
      stats.failed++;
      continue;
    }
    if (kind === OperationKind.read) {
      if (operation.outcome === 'unknown') {
        stats.unknownReads++;
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
    const texts: string[] = [];
    for (let index = 0; index < count; index++) {
      const entry = group[index] as (typeof kept)[number];
      kindOf[index] = entry.kind;
      a[index] = entry.a;
      b[index] = entry.b;
      texts.push(entry.text);
    }
    const operationsOfGroup = group.map((entry) => entry.operation);
    const keys = new Set(operationsOfGroup.map((operation) => operation.key));
    const model =
      keys.size <= 1
        ? new RegisterModel(initial, kindOf, a, b, texts, values)
        : new MapModel(initial, kindOf, a, b, texts, values, operationsOfGroup.map((operation) => operation.key));
    partitions.push({ key: options.splitByKey ? key : undefined, operations: operationsOfGroup, model });
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
  private readonly appended = new Map<number, number>();

  constructor(
    readonly initialState: number,
    private readonly kinds: Uint8Array,
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly texts: readonly string[],
    private readonly values: ValueTable,
  ) {}

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
      default:
        return this.append(state, operation);
    }
  }

  private append(state: number, operation: number): number {
    const memoKey = state * this.kinds.length + operation;
    let next = this.appended.get(memoKey);
    if (next === undefined) {
      next = this.values.intern(appendText(this.values.value(state), this.texts[operation] as string));
      this.appended.set(memoKey, next);
    }
    return next;
  }

  describe(state: number): unknown {
    return this.values.value(state);
  }
}

function appendText(current: unknown, suffix: string): string {
  return (current === null || current === undefined ? '' : typeof current === 'string' ? current : JSON.stringify(current)) + suffix;
}

/** Several keys checked together (an unsplit kv history): the state is an interned tuple of value ids. */
class MapModel implements IntegerModel {
  readonly initialState = 0;
  private readonly keyNames: Array<string | undefined>;
  private readonly keyIndex: Int32Array;
  private readonly tuples: Int32Array[] = [];
  private readonly tupleIds = new Map<string, number>();
  private readonly memo = new Map<number, number>();

  constructor(
    initial: number,
    private readonly kinds: Uint8Array,
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly texts: readonly string[],
    private readonly values: ValueTable,
    keys: ReadonlyArray<string | undefined>,
  ) {
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
    this.internTuple(new Int32Array(indexOfKey.size).fill(initial));
  }

  private internTuple(tuple: Int32Array): number {
    const name = tuple.join(',');
    let id = this.tupleIds.get(name);
    if (id === undefined) {
      id = this.tuples.length;
      this.tuples.push(tuple);
      this.tupleIds.set(name, id);
    }
    return id;
  }

  step(state: number, operation: number): number {
    const tuple = this.tuples[state] as Int32Array;
    const key = this.keyIndex[operation] as number;
    const current = tuple[key] as number;
    const kind = this.kinds[operation];
    if (kind === OperationKind.read) return current === this.a[operation] ? state : -1;
    if (kind === OperationKind.cas && current !== this.a[operation]) return -1;
    if (kind === OperationKind.maybeCas && current !== this.a[operation]) return state;
    const memoKey = state * this.kinds.length + operation;
    const cached = this.memo.get(memoKey);
    if (cached !== undefined) return cached;
    const value =
      kind === OperationKind.write
        ? (this.a[operation] as number)
        : kind === OperationKind.cas || kind === OperationKind.maybeCas
          ? (this.b[operation] as number)
          : this.values.intern(appendText(this.values.value(current), this.texts[operation] as string));
    let next = state;
    if (value !== current) {
      const copy = tuple.slice();
      copy[key] = value;
      next = this.internTuple(copy);
    }
    this.memo.set(memoKey, next);
    return next;
  }

  describe(state: number): unknown {
    const tuple = this.tuples[state] as Int32Array;
    const described: Record<string, unknown> = {};
    this.keyNames.forEach((key, index) => {
      described[key ?? ''] = this.values.value(tuple[index] as number);
    });
    return described;
  }
}
