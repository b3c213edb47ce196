/**
 * A JSON value.
 *
 * @example
 * ```ts
 * const element: Json = { sku: 'A-1', size: 42 };
 * ```
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON with object keys sorted at every level: the identity of a set element or map value, and
 * the canonical form states are compared by.
 *
 * @example
 * ```ts
 * import { stableStringify } from 'pacelc/crdt';
 * stableStringify({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not JSON-serialisable: ${String(value)}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${stableStringify(v)}`).join(',')}}`;
}

/** Code-unit order, for sorting ids and keys identically everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
