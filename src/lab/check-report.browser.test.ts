// The check report in a real browser: what is drawn, hover, zoom, lanes, a large history, and the
// screenshots of docs/lab.md (written here, so the guide shows what this test saw).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../check/check-history.js';
import type { HistoryEvent } from '../check/history.js';
import { simulate } from '../replication/simulate.js';
import { findChromium, inPage, nextFrame, screenshot, useBrowser } from '../testing/browser.js';
import { syntheticRegisterHistory } from '../testing/synthetic-history.js';
import { writeCheckReport } from './check-report.js';

const chromiumPath = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'pacelc-check-report-'));

function report(name: string, events: readonly HistoryEvent[], options: { consistency?: 'linearizable' | 'read-your-writes'; maxDrawnOperations?: number } = {}): string {
  const path = join(directory, `${name}.html`);
  const result = checkHistory(events, { model: 'cas-register', ...(options.consistency === undefined ? {} : { consistency: options.consistency }) });
  writeCheckReport(path, events, result, { file: `${name}.jsonl`, model: 'cas-register', ...(options.maxDrawnOperations === undefined ? {} : { maxDrawnOperations: options.maxDrawnOperations }) });
  return path;
}

type Box = { x: number; y: number; width: number; height: number };
const boxOf = (page: Page, id: number): Promise<Box | undefined> => inPage(page, `pacelcCheck.boxOf(${id})`);
const marks = (page: Page): Promise<Record<string, string>> => inPage(page, 'pacelcCheck.marks()');
const view = (page: Page): Promise<{ start: number; end: number }> => inPage(page, 'pacelcCheck.timeline.view()');

/** The share of the canvas's pixels inside a box (page coordinates) that are drawn red. */
const redShare = (page: Page, box: Box): Promise<number> =>
  inPage(
    page,
    `((area) => {
      const canvas = document.querySelector('canvas');
      const rect = canvas.getBoundingClientRect();
      const ratio = canvas.width / rect.width;
      const width = Math.max(1, Math.round(area.width * ratio));
      const height = Math.max(1, Math.round(area.height * ratio));
      const pixels = canvas.getContext('2d').getImageData(Math.round((area.x - rect.left) * ratio), Math.round((area.y - rect.top) * ratio), width, height).data;
      let red = 0;
      for (let index = 0; index < pixels.length; index += 4) if (pixels[index] > 150 && pixels[index + 1] < 110 && pixels[index + 2] < 110) red++;
      return red / (pixels.length / 4);
    })(${JSON.stringify(box)})`,
  );

describe.skipIf(!chromiumPath)('check report in chromium', () => {
  const session = useBrowser(chromiumPath);

  // docs/simulate.md's run: leaderless N=5 W=3 R=2 under partitions, seed 7 — not linearizable on k0
  let violatedReport: string | undefined;
  const violated = (): string => {
    if (violatedReport === undefined) {
      const run = simulate({ seed: 7, protocol: { kind: 'leaderless', n: 5, w: 3, r: 2 }, workload: { operations: 10_000 }, faults: { random: { kinds: ['partition'] } } });
      violatedReport = report('leaderless-seed-7', run.history ?? []);
    }
    return violatedReport;
  };

  it('shows a failed linearizability check: the failing operation highlighted, the partial linearizations, values on hover', async () => {
    await session.withPage(violated(), async (page) => {
      expect(await page.locator('#verdict .verdict').innerText()).toBe('violated');
      const explanation = page.locator('#explanation');
      await expect.poll(() => explanation.innerText()).toContain('Where the search fails');
      expect(await page.locator('#partials li').count()).toBeGreaterThan(0);
      expect(await page.locator('#partials li.selected').count()).toBe(1);
      const deadline = Number(Object.entries(await marks(page)).find(([, mark]) => mark === 'deadline')?.[0]);
      expect(Number.isInteger(deadline)).toBe(true);
      // the view opens on the failure: the failing operation is on screen, drawn in red
      const box = await boxOf(page, deadline);
      expect(box).toBeDefined();
      expect(await redShare(page, box as Box)).toBeGreaterThan(0.5);
      await page.mouse.move((box as Box).x + Math.min(4, (box as Box).width / 2), (box as Box).y + (box as Box).height / 2);
      const tooltip = page.locator('#tooltip');
      await expect.poll(() => tooltip.isVisible()).toBe(true);
      const text = await tooltip.innerText();
      expect(text).toContain(`#${deadline} · client `);
      expect(text).toContain('key k0');
      expect(text).toMatch(/called at [\d,.]+ ms, returned at [\d,.]+ ms/);
      expect(text).toContain('the search fails before this operation returns');
      await screenshot(page, 'docs/lab/check-violated.png', { selector: '#timeline' });
    });
  });

  it('switches lanes per key and per client, zooms and pans', async () => {
    await session.withPage(violated(), async (page) => {
      const state = async () => ({ mode: await inPage<string>(page, 'pacelcCheck.mode()'), view: await view(page) });
      const before = await state();
      expect(before.mode).toBe('key');
      await page.click('button[data-mode="client"]');
      expect((await state()).mode).toBe('client');
      await page.click('#fit');
      await nextFrame(page);
      const fitted = (await state()).view;
      expect(fitted.end - fitted.start).toBeGreaterThan(20_000); // the whole run: ~25 s of virtual time
      await page.click('#zoom-in');
      const zoomed = (await state()).view;
      expect((zoomed.end - zoomed.start) / (fitted.end - fitted.start)).toBeCloseTo(0.5, 5);
      const canvas = page.locator('canvas');
      const area = await canvas.boundingBox();
      if (area === null) throw new Error('no canvas');
      await page.mouse.move(area.x + area.width / 2, area.y + 100);
      await page.mouse.down();
      await page.mouse.move(area.x + area.width / 2 - 200, area.y + 100, { steps: 4 });
      await page.mouse.up();
      const panned = (await state()).view;
      expect(panned.start).toBeGreaterThan(zoomed.start);
      expect(panned.end - panned.start).toBeCloseTo(zoomed.end - zoomed.start, 5);
    });
  });

  it('draws a 100,000-operation history whole, and answers hover after zooming in', async () => {
    const path = report('synthetic-100k', syntheticRegisterHistory({ operations: 100_000, clients: 20, keys: 10 }));
    await session.withPage(path, async (page) => {
      expect(await page.locator('#verdict .verdict').innerText()).toBe('holds');
      expect(await page.locator('#sample-note').count()).toBe(0);
      expect(await page.locator('#verdict').innerText()).toContain('100,000 operations, 10 keys, 20 clients');
      expect(Number(await page.locator('canvas').getAttribute('data-bars'))).toBeGreaterThan(1_000);
      // one lane per client (20 lanes, all on screen), then zoom in 2,048 times around the middle
      await page.click('button[data-mode="client"]');
      for (let step = 0; step < 11; step++) await page.click('#zoom-in');
      await nextFrame(page);
      const middle = await view(page);
      // the synthetic history's operation i takes effect at i + 0.5 ms: the one in the middle of the view
      const id = Math.floor((middle.start + middle.end) / 2);
      const box = await boxOf(page, id);
      expect(box).toBeDefined();
      const { x, y, width, height } = box as Box;
      expect(width).toBeGreaterThan(1);
      await page.mouse.move(x + width / 2, y + height / 2);
      await expect.poll(() => page.locator('#tooltip').innerText()).toMatch(new RegExp(`^#${id} · client \\d+ · key k\\d`));
    });
  });

  it('says when a history is sampled, and highlights the read that breaks a session guarantee', async () => {
    const sampled = report('sampled', syntheticRegisterHistory({ operations: 3_000, clients: 6, keys: 12 }), { maxDrawnOperations: 1_000 });
    await session.withPage(sampled, async (page) => {
      expect(await page.locator('#sample-note').innerText()).toMatch(/^This history has 3,000 operations on 12 keys, too many to draw at once/);
    });
    const session_ = report(
      'read-your-writes',
      [
        { process: 0, type: 'invoke', f: 'write', value: 7, time: 0 },
        { process: 0, type: 'ok', f: 'write', value: 7, time: 1 },
        { process: 0, type: 'invoke', f: 'read', value: null, time: 2 },
        { process: 0, type: 'ok', f: 'read', value: null, time: 3 },
      ],
      { consistency: 'read-your-writes' },
    );
    await session.withPage(session_, async (page) => {
      expect(await page.locator('#explanation').innerText()).toContain('1 read breaks read-your-writes');
      expect(await marks(page)).toEqual({ 0: 'cause', 1: 'violation' });
    });
  });
});
