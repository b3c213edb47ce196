// The report shell in a real browser (Debian's chromium through playwright-core).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, useBrowser } from '../testing/browser.js';
import { checkHistory } from '../check/check-history.js';
import type { HistoryEvent } from '../check/history.js';
import { checkReportData } from './check-report.js';
import { renderReport } from './render-report.js';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('a report page in chromium', () => {
  const session = useBrowser(chromiumPath);

  it('opens from disk, draws from its inlined data, and loads nothing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-lab-'));
    const path = join(directory, 'report.html');
    const hostile = '</script><img src=x onerror="document.title=\'pwned\'">';
    const events: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'write', value: hostile, time: 0 },
      { process: 0, type: 'ok', f: 'write', value: hostile, time: 1 },
      { process: 1, type: 'invoke', f: 'read', value: null, time: 2 },
      { process: 1, type: 'ok', f: 'read', value: null, time: 3 },
    ];
    const data = checkReportData(events, checkHistory(events, { model: 'register' }), { file: hostile, model: 'register' });
    writeFileSync(path, renderReport({ title: `check: ${hostile}`, kind: 'check', data }));
    await session.withPage(path, async (page, problems) => {
      expect(await page.title()).toBe(`check: ${hostile}`);
      expect(await page.locator('#verdict .verdict').innerText()).toBe('violated');
      expect(await page.locator('#verdict').innerText()).toContain(hostile);
      expect(await page.locator('img').count()).toBe(0);
      expect(problems.requests).toEqual([]);
    });
  });
});
