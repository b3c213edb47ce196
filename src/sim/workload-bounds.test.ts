import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workloadBounds } from './workload-bounds.js';

const page = readFileSync(new URL('../../docs/simulate.md', import.meta.url), 'utf8');

describe('workload bounds', () => {
  it('docs/simulate.md lists each bound as the code enforces it', () => {
    const rows = new Map([...page.matchAll(/^\| `--(\w+) K` \| `workload\.(\w+)` \| ([\d,]+) \|$/gm)].map((match) => [match[2] as string, Number((match[3] as string).replace(/,/g, ''))]));
    expect(Object.fromEntries(rows)).toEqual(workloadBounds);
  });
});
