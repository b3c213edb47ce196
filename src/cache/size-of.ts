/**
 * A rough estimate of how many bytes of heap a value and its key hold, for L1's byte bound when no
 * `sizeOf` is given: UTF-16 strings at 2 bytes per code unit, numbers 8, binary data its length,
 * objects and arrays their members plus a per-slot overhead. It walks at most 10,000 nodes and
 * does not follow cycles; pass your own `sizeOf` when you know better (e.g. a serialized length).
 *
 * @example
 * ```ts
 * estimateBytes('user:1', { name: 'Ada', age: 36 }); // ~ 12 + (16 + 8 + 6 + 8 + 6 + 8)
 * ```
 */
export function estimateBytes(key: string, value: unknown): number {
  let budget = 10_000;
  const seen = new Set<object>();
  const walk = (item: unknown): number => {
    if (--budget < 0) return 0;
    switch (typeof item) {
      case 'string':
        return 2 * item.length;
      case 'number':
      case 'bigint':
        return 8;
      case 'boolean':
      case 'undefined':
      case 'symbol':
      case 'function':
        return 4;
      case 'object': {
        if (item === null) return 4;
        if (ArrayBuffer.isView(item)) return item.byteLength;
        if (item instanceof ArrayBuffer) return item.byteLength;
        if (seen.has(item)) return 8;
        seen.add(item);
        let total = 16;
        if (item instanceof Map) {
          for (const [k, v] of item) total += 8 + walk(k) + walk(v);
        } else if (item instanceof Set || Array.isArray(item)) {
          for (const v of item as Iterable<unknown>) total += 8 + walk(v);
        } else {
          for (const k in item) total += 8 + 2 * k.length + walk((item as Record<string, unknown>)[k]);
        }
        return total;
      }
    }
  };
  return 2 * key.length + walk(value);
}
