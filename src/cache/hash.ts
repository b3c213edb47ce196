/**
 * A 32-bit FNV-1a hash of a string's UTF-16 code units, finished with a murmur3 mix so that every
 * output bit depends on every input bit (the frequency sketch takes low bits of it).
 *
 * @example
 * ```ts
 * hashKey('user:1') === hashKey('user:1'); // true
 * ```
 */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash);
}

/**
 * The murmur3 32-bit finalizer: a bijective mix of a 32-bit integer.
 *
 * @example
 * ```ts
 * mix32(1) !== mix32(2); // true
 * ```
 */
export function mix32(value: number): number {
  let hash = value ^ (value >>> 16);
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
