import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventStoreInputError } from './errors.js';
import { memberFor } from './subscription.js';
import { compareCursors } from './types.js';
import { upcast } from './upcasting.js';
import { categoryOf, prepareEvents, sqlIdentifier, uuidv7, validateStreamName, versionMatches } from './validation.js';

describe('validation', () => {
  it('accepts stream names and rejects bad ones', () => {
    expect(() => validateStreamName('account-1')).not.toThrow();
    for (const bad of ['', ' a', 'a ', 'a\nb', 'x'.repeat(257), 7, null]) expect(() => validateStreamName(bad)).toThrow(EventStoreInputError);
  });

  it('takes the category up to the first dash', () => {
    expect(categoryOf('account-42')).toBe('account');
    expect(categoryOf('order-7-lines')).toBe('order');
    expect(categoryOf('plain')).toBe('plain');
  });

  it('accepts only SQL identifiers for schema and table names', () => {
    expect(sqlIdentifier('schema', 'pacelc_es')).toBe('pacelc_es');
    for (const bad of ['1abc', 'a-b', 'A', 'x;drop table y', '', 'a'.repeat(64), 'a b', '"q"']) expect(() => sqlIdentifier('schema', bad)).toThrow(RangeError);
  });

  it('serialises events and measures their size in bytes', () => {
    const [event] = prepareEvents([{ type: 'T', data: { text: 'é' }, metadata: { a: 1 } }], 100);
    expect(event).toMatchObject({ type: 'T', schemaVersion: 1, dataJson: '{"text":"é"}', metadataJson: '{"a":1}', correlationId: null });
    expect(() => prepareEvents([{ type: 'T', data: 'é'.repeat(60) }], 100)).toThrow(expect.objectContaining({ code: 'EVENT_TOO_LARGE' }));
    expect(() => prepareEvents([{ type: 'T', data: 1, metadata: [] as unknown as Record<string, unknown> }])).toThrow(expect.objectContaining({ code: 'INVALID_EVENT' }));
  });

  it('generates UUIDv7 ids that rise with time', () => {
    const early = uuidv7(1_800_000_000_000);
    const late = uuidv7(1_800_000_000_001);
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early < late).toBe(true);
    expect(new Set(Array.from({ length: 10_000 }, () => uuidv7(0))).size).toBe(10_000);
    expect(early.slice(0, 13).replace('-', '')).toBe((1_800_000_000_000).toString(16).padStart(12, '0'));
  });

  it('matches expected versions', () => {
    expect(versionMatches('any', 5)).toBe(true);
    expect(versionMatches('no_stream', 0)).toBe(true);
    expect(versionMatches('no_stream', 1)).toBe(false);
    expect(versionMatches('stream_exists', 0)).toBe(false);
    expect(versionMatches(3, 3)).toBe(true);
  });

  it('orders cursors by transaction, then position', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), (t1, p1, t2, p2) => {
        const a = { transactionId: t1, position: p1 };
        const b = { transactionId: t2, position: p2 };
        expect(Math.sign(compareCursors(a, b))).toBe(-Math.sign(compareCursors(b, a)) || 0);
        if (t1 !== t2) expect(Math.sign(compareCursors(a, b))).toBe(Math.sign(t1 - t2));
      }),
    );
  });

  it('assigns every stream to one member, spread across the group', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (stream, size) => {
      const member = memberFor(stream, size);
      expect(member).toBeGreaterThanOrEqual(0);
      expect(member).toBeLessThan(size);
      expect(memberFor(stream, size)).toBe(member);
    }));
    const counts = [0, 0, 0, 0];
    for (let index = 0; index < 4_000; index++) counts[memberFor(`order-${index}`, 4)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('upcasts through chained steps and leaves other events alone', () => {
    const event = { id: 'x', streamId: 's', streamVersion: 1, position: 1, transactionId: 1, type: 'T', schemaVersion: 1, data: 1, correlationId: null, causationId: null, metadata: {}, recordedAtMs: 0 };
    const upcasters = { T: { 1: (data: unknown) => (data as number) + 1, 2: (data: unknown) => (data as number) * 10 } };
    expect(upcast(event, upcasters)).toMatchObject({ schemaVersion: 3, data: 20 });
    expect(upcast({ ...event, type: 'U' }, upcasters)).toMatchObject({ schemaVersion: 1, data: 1 });
    expect(event.data).toBe(1);
  });
});
