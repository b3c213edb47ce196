import { describeValue } from '../errors.js';

// eslint-disable-next-line no-control-regex
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `text` cannot be stored as text by every store pacelc writes to, or `undefined` when it can.
 * PostgreSQL's `text` and `jsonb` refuse the NUL character (`22021`, `22P05`) and a lone UTF-16
 * surrogate has no UTF-8 form (SQLite silently rewrites it to U+FFFD), so both are refused everywhere.
 *
 * @example
 * ```ts
 * textProblem('a\u0000b'); // 'contains a NUL character (U+0000) at index 1'
 * textProblem('ok');       // undefined
 * ```
 */
export function textProblem(text: string): string | undefined {
  const match = UNSTORABLE_TEXT.exec(text);
  if (match === null) return undefined;
  return match[0] === '\u0000' ? `contains a NUL character (U+0000) at index ${match.index}` : `contains a lone UTF-16 surrogate (U+${match[0].charCodeAt(0).toString(16).toUpperCase()}) at index ${match.index}`;
}

/**
 * `value` as JSON that every store can keep byte for byte, or a `TypeError` saying what cannot be
 * stored and where (`$.lines[2].price: a BigInt ...`): BigInts, functions, symbols, non-finite
 * numbers, cycles, and strings (values or keys) with a NUL or a lone surrogate are refused, never
 * dropped or rewritten in silence. `undefined` at the top is refused too (it has no JSON form).
 *
 * @example
 * ```ts
 * storableJson({ total: 5 });   // '{"total":5}'
 * storableJson({ total: 5n });  // throws TypeError: $.total: a BigInt cannot be stored as JSON
 * ```
 */
export function storableJson(value: unknown): string {
  const paths = new Map<object, string>();
  let json: string | undefined;
  try {
    json = JSON.stringify(value, function (this: unknown, key: string, item: unknown) {
      const parent = paths.get(this as object);
      const path = parent === undefined ? '$' : Array.isArray(this) ? `${parent}[${key}]` : `${parent}.${key}`;
      if (parent !== undefined && !Array.isArray(this)) {
        const keyProblem = textProblem(key);
        if (keyProblem !== undefined) throw new TypeError(`${parent}: the key ${JSON.stringify(key)} ${keyProblem}`);
      }
      if (typeof item === 'bigint') throw new TypeError(`${path}: a BigInt (${describeValue(item)}) cannot be stored as JSON`);
      if (typeof item === 'number' && !Number.isFinite(item)) throw new TypeError(`${path}: ${item} cannot be stored as JSON`);
      if (typeof item === 'function' || typeof item === 'symbol') throw new TypeError(`${path}: a ${typeof item} cannot be stored as JSON`);
      if (typeof item === 'string') {
        const problem = textProblem(item);
        if (problem !== undefined) throw new TypeError(`${path}: the string ${problem}`);
      }
      if (typeof item === 'object' && item !== null) paths.set(item, path);
      return item;
    });
  } catch (error) {
    if (error instanceof TypeError && error.message.startsWith('$')) throw error;
    throw new TypeError(`$: cannot be stored as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (json === undefined) throw new TypeError(`$: ${describeValue(value)} cannot be stored as JSON`);
  return json;
}
