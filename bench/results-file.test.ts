import { describe, expect, it } from 'vitest';
import { keepLatestSections, replaceSection } from './results-file.js';

const file = '# Results\n\nintro\n\n### a (2026-01-01)\n\nold a\n\n### b (2026-01-01)\n\nb\n';

describe('bench results file', () => {
  it('replaces a benchmark section in place', () => {
    expect(replaceSection(file, '### a (2026-02-02)\n\nnew a\n')).toBe('# Results\n\nintro\n\n### a (2026-02-02)\n\nnew a\n\n### b (2026-01-01)\n\nb\n');
  });

  it('appends a new benchmark', () => {
    expect(replaceSection(file, '\n### c (2026-02-02)\n\nc\n')).toBe(`${file}\n### c (2026-02-02)\n\nc\n`);
  });

  it('keeps the latest of repeated sections, at the first one\'s place', () => {
    const repeated = `${file}\n### a (2026-03-03)\n\nlatest a\n`;
    expect(keepLatestSections(repeated)).toBe('# Results\n\nintro\n\n### a (2026-03-03)\n\nlatest a\n\n### b (2026-01-01)\n\nb\n');
  });

  it('refuses a section without a heading', () => {
    expect(() => replaceSection(file, 'no heading')).toThrow(RangeError);
  });
});
