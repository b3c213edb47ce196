const modulus1 = 67_108_859; // primes below 2^26: products of two residues stay exact in a double
const modulus2 = 67_108_837;
const base1 = 131;
const base2 = 65_599;

/** A string to append, with its polynomial hashes precomputed (see {@link ValueTable.concat}). */
export interface PreparedSuffix {
  readonly text: string;
  readonly hash1: number;
  readonly hash2: number;
  /** base^length modulo each modulus. */
  readonly power1: number;
  readonly power2: number;
}

/**
 * Values interned to small integers: equal values (by type and content) get the same id, so model
 * states compare as integers. `null` ("no value") is always id 0.
 *
 * Strings built by appending are kept as (prefix id, suffix) pairs found by a polynomial hash that
 * is updated in O(1) per append, so checking an append-heavy history does not copy ever-longer
 * strings; the text is only built to confirm a hash match and to show a value.
 *
 * @example
 * ```ts
 * const table = new ValueTable();
 * const ab = table.concat(table.internString('a'), table.prepareSuffix('b'));
 * ab === table.internString('ab'); // true
 * ```
 */
export class ValueTable {
  private readonly ids = new Map<string, number>();
  private readonly literalIds = new Map<string, number>();
  private readonly integerIds = new Map<number, number>();
  /** Open addressing over string ids (+1; 0 is empty), by their hashes. */
  private slots = new Int32Array(4096);
  private strings = 0;
  /** The value of each id; `undefined` for an appended string not built yet. */
  private readonly values: unknown[] = [];
  private readonly suffixes: Array<string | undefined> = [];
  private parent: Int32Array = new Int32Array(1024);
  private hash1: Int32Array = new Int32Array(1024);
  private hash2: Int32Array = new Int32Array(1024);
  /** String length, or -1 for a value that is not a string. */
  private lengths: Int32Array = new Int32Array(1024);

  constructor() {
    this.intern(null);
  }

  /** How many distinct values there are. */
  get size(): number {
    return this.values.length;
  }

  /** The id of any value: strings by content, others by type and JSON form (`1` and `"1"` differ). */
  intern(value: unknown): number {
    if (typeof value === 'string') return this.internString(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return this.internInteger(value);
    if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return this.internInteger(Number(value));
    const key = canonicalKey(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.add(value === undefined ? null : value, -1, undefined, 0, 0, -1);
      this.ids.set(key, id);
    }
    return id;
  }

  /** The id of a safe integer, without building its key (the common case: simulated and Jepsen histories write integers). */
  private internInteger(value: number): number {
    let id = this.integerIds.get(value);
    if (id === undefined) {
      id = this.add(value === 0 ? 0 : value, -1, undefined, 0, 0, -1);
      this.integerIds.set(value, id);
    }
    return id;
  }

  /** The id of a string. */
  internString(text: string): number {
    const known = this.literalIds.get(text);
    if (known !== undefined) return known;
    let hash1 = 0;
    let hash2 = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      hash1 = (hash1 * base1 + code) % modulus1;
      hash2 = (hash2 * base2 + code) % modulus2;
    }
    let id = this.find(hash1, hash2, text.length, text, -1, '');
    if (id < 0) {
      id = this.add(text, -1, undefined, hash1, hash2, text.length);
      this.addHash(id);
    }
    this.literalIds.set(text, id);
    return id;
  }

  /** Precomputes what {@link concat} needs to append `text`. */
  prepareSuffix(text: string): PreparedSuffix {
    let hash1 = 0;
    let hash2 = 0;
    let power1 = 1;
    let power2 = 1;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      hash1 = (hash1 * base1 + code) % modulus1;
      hash2 = (hash2 * base2 + code) % modulus2;
      power1 = (power1 * base1) % modulus1;
      power2 = (power2 * base2) % modulus2;
    }
    return { text, hash1, hash2, power1, power2 };
  }

  /** The id of the string `value(id) + suffix` (a missing value counts as `""`, a non-string as its text). */
  concat(id: number, suffix: PreparedSuffix): number {
    const prefix = this.asString(id);
    const length = (this.lengths[prefix] as number) + suffix.text.length;
    const hash1 = ((this.hash1[prefix] as number) * suffix.power1 + suffix.hash1) % modulus1;
    const hash2 = ((this.hash2[prefix] as number) * suffix.power2 + suffix.hash2) % modulus2;
    let result = this.find(hash1, hash2, length, undefined, prefix, suffix.text);
    if (result < 0) {
      result = this.add(undefined, prefix, suffix.text, hash1, hash2, length);
      this.addHash(result);
    }
    return result;
  }

  /** The value of an id (an appended string is built on demand). */
  value(id: number): unknown {
    return (this.lengths[id] as number) >= 0 ? this.text(id) : this.values[id];
  }

  private asString(id: number): number {
    if ((this.lengths[id] as number) >= 0) return id;
    const value = this.values[id];
    return this.internString(value === null || value === undefined ? '' : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));
  }

  private text(id: number): string {
    const pieces: string[] = [];
    let current = id;
    for (;;) {
      const value = this.values[current];
      if (typeof value === 'string') {
        pieces.push(value);
        break;
      }
      pieces.push(this.suffixes[current] as string);
      current = this.parent[current] as number;
    }
    if (pieces.length === 1) return pieces[0] as string;
    return pieces.reverse().join('');
  }

  /** The id of the string with these hashes and length whose text is `text` (or `text(prefix) + suffix`), or -1. */
  private find(hash1: number, hash2: number, length: number, text: string | undefined, prefix: number, suffix: string): number {
    const mask = this.slots.length - 1;
    let slot = slotOf(hash1, hash2) & mask;
    for (;;) {
      const stored = this.slots[slot] as number;
      if (stored === 0) return -1;
      const candidate = stored - 1;
      if (this.hash1[candidate] === hash1 && this.hash2[candidate] === hash2 && this.lengths[candidate] === length) {
        // the same append to the same prefix is the same string; otherwise compare the texts
        if (text === undefined && this.parent[candidate] === prefix && this.suffixes[candidate] === suffix) return candidate;
        if (this.text(candidate) === (text ?? this.text(prefix) + suffix)) return candidate;
      }
      slot = (slot + 1) & mask;
    }
  }

  private addHash(id: number): void {
    if (++this.strings * 2 > this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      const mask = slots.length - 1;
      for (const stored of this.slots) {
        if (stored === 0) continue;
        let slot = slotOf(this.hash1[stored - 1] as number, this.hash2[stored - 1] as number) & mask;
        while (slots[slot] !== 0) slot = (slot + 1) & mask;
        slots[slot] = stored;
      }
      this.slots = slots;
    }
    const mask = this.slots.length - 1;
    let slot = slotOf(this.hash1[id] as number, this.hash2[id] as number) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private add(value: unknown, parent: number, suffix: string | undefined, hash1: number, hash2: number, length: number): number {
    const id = this.values.length;
    if (id >= this.parent.length) this.growTo(id * 2);
    this.values.push(value);
    this.suffixes.push(suffix);
    this.parent[id] = parent;
    this.hash1[id] = hash1;
    this.hash2[id] = hash2;
    this.lengths[id] = length;
    return id;
  }

  private growTo(capacity: number): void {
    const grow = (array: Int32Array): Int32Array => {
      const grown = new Int32Array(capacity);
      grown.set(array);
      return grown;
    };
    this.parent = grow(this.parent);
    this.hash1 = grow(this.hash1);
    this.hash2 = grow(this.hash2);
    this.lengths = grow(this.lengths);
  }
}

function slotOf(hash1: number, hash2: number): number {
  let h = Math.imul(hash1, 0x9e3779b1) ^ hash2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
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
