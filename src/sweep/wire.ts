// How seed jobs and results travel through the queue: JSON that keeps what a worker thread's
// structured clone keeps and JSON drops (Infinity, -Infinity and NaN: an operation whose outcome
// is unknown responds "at infinity"), so a result read from the queue equals the one computed.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const tag = '$number';

/**
 * The bytes of a value on the queue.
 *
 * @example
 * ```ts
 * decodeWire(encodeWire({ endMs: Infinity })); // { endMs: Infinity }
 * ```
 */
export function encodeWire(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? { [tag]: String(item) } : item)));
}

/** The value of bytes written by {@link encodeWire}. */
export function decodeWire(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes), (_key, item: unknown) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const keys = Object.keys(item);
      if (keys.length === 1 && keys[0] === tag) return Number((item as Record<string, string>)[tag]);
    }
    return item;
  });
}
