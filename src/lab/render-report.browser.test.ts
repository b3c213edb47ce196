// The report shell in a real browser (Debian's chromium through playwright-core).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, useBrowser } from '../testing/browser.js';
import { renderReport } from './render-report.js';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('a report page in chromium', () => {
  const session = useBrowser(chromiumPath);

  it('opens from disk, draws from its inlined data, and loads nothing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-lab-'));
    const path = join(directory, 'report.html');
    const hostile = '</script><img src=x onerror="document.title=\'pwned\'">';
    writeFileSync(path, renderReport({ title: `check: ${hostile}`, kind: 'check', data: { file: hostile, verdict: 'violated', model: 'register', consistency: 'linearizable', operationCount: 1234 } }));
    await session.withPage(path, async (page, problems) => {
      expect(await page.title()).toBe(`check: ${hostile}`);
      expect(await page.locator('#verdict .verdict').innerText()).toBe('violated');
      expect(await page.locator('#verdict').innerText()).toContain('1,234 operations');
      expect(await page.locator('img').count()).toBe(0);
      expect(problems.requests).toEqual([]);
    });
  });
});
