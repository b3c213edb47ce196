import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from './wire.js';

describe('encodeWire / decodeWire', () => {
  it('keeps the numbers JSON drops (an unknown outcome responds at infinity), and everything else as JSON does', () => {
    const value = { responseMs: Infinity, below: -Infinity, ratio: Number.NaN, list: [1, Infinity, 'x'], nested: { ok: true, none: null } };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });
});
