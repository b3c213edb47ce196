import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueTable } from './value-table.js';

describe('ValueTable', () => {
  it('gives equal values one id: 1 and "1" differ, null and undefined do not, arrays by content', () => {
    const table = new ValueTable();
    expect(table.intern(null)).toBe(0);
    expect(table.intern(undefined)).toBe(0);
    expect(table.intern(1)).not.toBe(table.intern('1'));
    expect(table.intern([1, 2])).toBe(table.intern([1, 2]));
    expect(table.value(table.intern([1, 2]))).toEqual([1, 2]);
  });

  it('an appended string has the id of the same text however it was built', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom('a', 'b', 'ab', 'ba', ''), { maxLength: 5 }), { minLength: 1, maxLength: 6 }), (paths) => {
        const table = new ValueTable();
        const ids = new Map<string, number>();
        for (const path of paths) {
          let id = table.internString('');
          for (const suffix of path) id = table.concat(id, table.prepareSuffix(suffix));
          const text = path.join('');
          expect(table.value(id)).toBe(text);
          expect(table.internString(text)).toBe(id);
          const previous = ids.get(text);
          if (previous !== undefined) expect(id).toBe(previous);
          ids.set(text, id);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('appends to "no value" as to "", and to a number as its text', () => {
    const table = new ValueTable();
    expect(table.concat(table.intern(null), table.prepareSuffix('x'))).toBe(table.internString('x'));
    expect(table.value(table.concat(table.intern(12), table.prepareSuffix('x')))).toBe('12x');
  });
});
