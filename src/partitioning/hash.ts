// The fixed hashes every partitioner uses, so that two processes (or two languages) agree on
// where a key lives: MurmurHash3 x86_32 over the UTF-8 bytes of a string, and CRC16/XMODEM for
// Redis Cluster slots. Both are written in 32-bit integer arithmetic; strings are hashed without
// allocating (ASCII is read straight from the string, anything else is encoded into one reused
// buffer).

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

let scratch = new Uint8Array(256);
const encoder = new TextEncoder();

/**
 * MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. It is the
 * hash Cassandra's and Guava's 32-bit variants use, with published test vectors, so other
 * languages can reproduce pacelc's placement exactly.
 *
 * @example
 * ```ts
 * import { murmur3 } from 'pacelc/partitioning';
 * murmur3('hello'); // 0x248bfa47
 * murmur3('Hello, world!', 1234); // 0xfaf6cdb3
 * ```
 */
export function murmur3(text: string, seed = 0): number {
  let h = seed | 0;
  let k = 0;
  let shift = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return murmur3Bytes(utf8(text), seed);
    k |= code << shift;
    shift += 8;
    if (shift === 32) {
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, C2);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      k = 0;
      shift = 0;
    }
  }
  if (shift !== 0) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  return finalize(h, length);
}

/**
 * MurmurHash3 (x86, 32-bit) of `bytes` (or of its first `length` bytes).
 *
 * @example
 * ```ts
 * import { murmur3Bytes } from 'pacelc/partitioning';
 * murmur3Bytes(new TextEncoder().encode('hello')); // 0x248bfa47
 * ```
 */
export function murmur3Bytes(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  let h = seed | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail !== 0) {
    let k = bytes[blocks] as number;
    if (tail >= 2) k ^= (bytes[blocks + 1] as number) << 8;
    if (tail === 3) k ^= (bytes[blocks + 2] as number) << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  return finalize(h, length);
}

function finalize(hash: number, length: number): number {
  return mix32(hash ^ length);
}

/**
 * MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers that spreads every input bit over
 * the output. Used to derive per-node and per-slot hashes from one key hash without rehashing text.
 *
 * @example
 * ```ts
 * import { mix32 } from 'pacelc/partitioning';
 * mix32(1) !== mix32(2); // true, and both look random
 * ```
 */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Encodes `text` as UTF-8 into the shared scratch buffer and returns the bytes written. */
function utf8(text: string): Uint8Array {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

/**
 * Maps a 32-bit hash onto `[0, size)` by multiply-and-shift (Lemire's fast range), so that bucket
 * `i` is the contiguous hash range `[ceil(i * 2^32 / size), ceil((i + 1) * 2^32 / size))`.
 *
 * @example
 * ```ts
 * import { fastRange } from 'pacelc/partitioning';
 * fastRange(0xffffffff, 10); // 9
 * ```
 */
export function fastRange(hash: number, size: number): number {
  // hash < 2^32 and size < 2^21 keep the product exact in a double.
  return Math.floor(((hash >>> 0) * size) / 4294967296);
}

/**
 * The first hash that {@link fastRange} maps to `bucket`.
 *
 * @example
 * ```ts
 * import { bucketStart } from 'pacelc/partitioning';
 * bucketStart(1, 4); // 1073741824: bucket 1 of 4 is hashes [2^30, 2^31)
 * ```
 */
export function bucketStart(bucket: number, size: number): number {
  return Math.ceil((bucket * 4294967296) / size);
}

const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
})();

/**
 * CRC16/XMODEM (polynomial 0x1021, initial value 0) of bytes `[start, end)`: the checksum Redis
 * Cluster uses to map keys to its 16384 hash slots.
 *
 * @example
 * ```ts
 * import { crc16 } from 'pacelc/partitioning';
 * crc16(new TextEncoder().encode('123456789')); // 0x31c3
 * ```
 */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ (CRC16_TABLE[((crc >>> 8) ^ (bytes[i] as number)) & 0xff] as number);
  return crc;
}

/**
 * The Redis Cluster hash slot (0..16383) of `key`: CRC16 of the key's UTF-8 bytes mod 16384, or,
 * when the key has a non-empty `{hash tag}` (the bytes between the first `{` and the first `}`
 * after it), of the tag alone, so `{user:1}:cart` and `{user:1}:profile` share a slot.
 *
 * @example
 * ```ts
 * import { redisSlot } from 'pacelc/partitioning';
 * redisSlot('foo'); // 12182, as `CLUSTER KEYSLOT foo`
 * redisSlot('{user1000}.following') === redisSlot('{user1000}.followers'); // true
 * ```
 */
export function redisSlot(key: string): number {
  const length = key.length;
  let ascii = true;
  let open = -1;
  let close = -1;
  for (let i = 0; i < length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 0x80) {
      ascii = false;
      break;
    }
    if (open < 0 && code === 0x7b) open = i;
    else if (open >= 0 && close < 0 && code === 0x7d) close = i;
  }
  if (!ascii) return redisSlotBytes(utf8(key));
  let start = 0;
  let end = length;
  if (open >= 0 && close > open + 1) {
    start = open + 1;
    end = close;
  }
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ (CRC16_TABLE[((crc >>> 8) ^ key.charCodeAt(i)) & 0xff] as number);
  return crc & 16383;
}

function redisSlotBytes(bytes: Uint8Array): number {
  const length = bytes.length;
  let open = -1;
  for (let i = 0; i < length; i++) {
    if (bytes[i] === 0x7b) {
      open = i;
      break;
    }
  }
  if (open >= 0) {
    for (let i = open + 1; i < length; i++) {
      if (bytes[i] === 0x7d) {
        if (i > open + 1) return crc16(bytes, open + 1, i) & 16383;
        break;
      }
    }
  }
  return crc16(bytes, 0, length) & 16383;
}
