// docs/lab.md shows only pictures the browser tests take (so none can go stale), and links from
// the guides whose commands draw them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const page = readFileSync(join(root, 'docs/lab.md'), 'utf8');

/** Every `*.browser.test.ts` under src/, read. */
function browserTests(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return browserTests(path);
    return entry.name.endsWith('.browser.test.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('docs/lab.md', () => {
  const images = [...page.matchAll(/!\[[^\]]*\]\((lab\/[^)]+\.png)\)/g)].map((match) => match[1] ?? '');
  const tests = browserTests(join(root, 'src')).join('\n');

  it('shows a design, its decisions, a spec error in the lab, a verify run, a refuted claim and a failing check', () => {
    expect(images).toEqual(expect.arrayContaining(['lab/design.png', 'lab/design-decision.png', 'lab/lab-spec-error.png', 'lab/lab-verify.png', 'lab/verify-refuted.png', 'lab/check-violated.png']));
  });

  it.each(Array.from(page.matchAll(/!\[[^\]]*\]\((lab\/[^)]+\.png)\)/g), (match) => match[1] ?? ''))('%s exists and a browser test takes it', (image) => {
    expect(existsSync(join(root, 'docs', image))).toBe(true);
    expect(tests).toContain(`'docs/${image}'`);
  });

  it('is linked from the design guide', () => {
    expect(readFileSync(join(root, 'docs/design.md'), 'utf8')).toContain('(lab.md)');
  });
});
