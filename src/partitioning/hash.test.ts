import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketStart, crc16, fastRange, mix32, murmur3, murmur3Bytes, redisSlot } from './hash.js';

// Published MurmurHash3 x86_32 vectors (SMHasher's reference implementation; the set collected at
// https://stackoverflow.com/a/31929528 and Wikipedia's examples).
const murmurVectors: ReadonlyArray<readonly [string, number, number]> = [
  ['', 0, 0],
  ['', 1, 0x514e28b7],
  ['', 0xffffffff, 0x81f16f39],
  ['\0\0\0\0', 0, 0x2362f9de],
  ['aaaa', 0x9747b28c, 0x5a97808a],
  ['aaa', 0x9747b28c, 0x283e0130],
  ['aa', 0x9747b28c, 0x5d211726],
  ['a', 0x9747b28c, 0x7fa09ea6],
  ['abcd', 0x9747b28c, 0xf0478627],
  ['abc', 0x9747b28c, 0xc84a62dd],
  ['ab', 0x9747b28c, 0x74875592],
  ['Hello, world!', 0x9747b28c, 0x24884cba],
  ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ['abc', 0, 0xb3dd93fa],
  ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ['hello', 0, 0x248bfa47],
  ['Hello, world!', 1234, 0xfaf6cdb3],
  ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
];

describe('murmur3', () => {
  it.each(murmurVectors)('murmur3(%j, %i) matches the published vector', (text, seed, expected) => {
    expect(murmur3(text, seed)).toBe(expected);
    expect(murmur3Bytes(new TextEncoder().encode(text), seed)).toBe(expected);
  });

  it('hashes any string exactly as its UTF-8 bytes (ASCII fast path = byte path)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.integer(), (text, seed) => {
      expect(murmur3(text, seed)).toBe(murmur3Bytes(new TextEncoder().encode(text), seed));
    }));
  });

  it('mix32 is a bijection on a sample (no collisions among 100k consecutive inputs)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(mix32(i));
    expect(seen.size).toBe(100_000);
  });
});

describe('crc16 and Redis slots', () => {
  it('CRC16/XMODEM("123456789") = 0x31C3, as the Redis Cluster spec states', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });

  it('matches CLUSTER KEYSLOT for known keys', () => {
    expect(redisSlot('foo')).toBe(12182);
    expect(redisSlot('bar')).toBe(5061);
    expect(redisSlot('hello')).toBe(866);
    expect(redisSlot('123456789')).toBe(0x31c3 % 16384);
  });

  it('hashes only the first non-empty {tag}, as the spec describes', () => {
    expect(redisSlot('{user1000}.following')).toBe(redisSlot('{user1000}.followers'));
    expect(redisSlot('{user1000}.following')).toBe(redisSlot('user1000'));
    expect(redisSlot('foo{}{bar}')).toBe(redisSlot('foo{}{bar}')); // empty first tag: whole key
    expect(redisSlot('foo{}{bar}')).not.toBe(redisSlot('bar'));
    expect(redisSlot('foo{{bar}}zap')).toBe(redisSlot('{bar'));
    expect(redisSlot('foo{bar}{zap}')).toBe(redisSlot('bar'));
    expect(redisSlot('{unclosed')).toBe(crc16(new TextEncoder().encode('{unclosed')) & 16383);
  });
});

describe('fastRange', () => {
  it('bucket i is exactly the hashes from bucketStart(i) to bucketStart(i + 1) - 1', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1 << 20 }), fc.nat({ max: 0xffffffff }), (size, hash) => {
      const bucket = fastRange(hash, size);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(size);
      expect(hash).toBeGreaterThanOrEqual(bucketStart(bucket, size));
      expect(hash).toBeLessThan(bucketStart(bucket + 1, size));
    }));
  });
});
