// The design report in a real browser: every entity drawn, each decision's why and sources a click away.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { design } from '../advisor/design.js';
import { parseSpec } from '../advisor/spec/parse.js';
import { findChromium, screenshot, useBrowser } from '../testing/browser.js';
import { renderDesignReport } from './design-report.js';
import { designView } from './design-view.js';

const chromiumPath = findChromium();
const specOf = (path: string) => design(parseSpec(readFileSync(new URL(`../../examples/specs/${path}`, import.meta.url), 'utf8'), { file: path }));
const shop = design(parseSpec(readFileSync(new URL('../../examples/specs/e-commerce.yaml', import.meta.url), 'utf8'), { file: 'e-commerce.yaml' }));

describe.skipIf(!chromiumPath)('the design report in chromium', () => {
  const session = useBrowser(chromiumPath);
  const path = join(mkdtempSync(join(tmpdir(), 'pacelc-design-')), 'shop.html');
  writeFileSync(path, renderDesignReport(shop));

  it('draws every service, store, region, saga and call of the design', async () => {
    await session.withPage(
      path,
      async (page) => {
        for (const entity of designView(shop).entities) {
          const drawn = page.locator(`svg [data-entity="${entity.id}"]`);
          expect(await drawn.count(), entity.id).toBeGreaterThan(0);
          expect(await drawn.first().isVisible(), entity.id).toBe(true);
        }
        expect(await page.locator('#summary').innerText()).toContain('6 services, 4 stores, 2 regions');
        await screenshot(page, 'docs/lab/design.png');
      },
      { viewport: { width: 1400, height: 1000 } },
    );
  });

  it("shows a decision's why, trade-off and sources when its box is clicked, and a call's when its arrow is reached by keyboard", async () => {
    const stock = shop.entities.find((entity) => entity.name === 'stock');
    await session.withPage(
      path,
      async (page) => {
        await page.locator('svg[data-graph="services"] [data-entity="store:stock"]').click();
        const panel = page.locator('#decision-panel');
        expect(await panel.locator('[data-decision="entity.stock.consistency"] .why').innerText()).toBe(stock?.consistency.why);
        expect(await panel.locator('[data-decision="entity.stock.consistency"] .trade-off').innerText()).toBe(stock?.consistency.tradeOff);
        const sources = panel.locator('[data-decision="entity.stock.consistency"] .sources li');
        expect(await sources.count()).toBe(stock?.consistency.sources.length);
        expect(await panel.locator('[data-decision="entity.stock.replication"]').count()).toBe(1);
        await screenshot(page, 'docs/lab/design-decision.png');

        await page.locator('svg [data-entity="call:0"]').focus();
        await page.keyboard.press('Enter');
        const retry = shop.calls[0]?.retry;
        expect(await panel.locator('[data-decision="call.0.retry"] .why').innerText()).toBe(retry?.why);
        const link = panel.locator('[data-decision="call.0.retry"] .sources a').first();
        expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
      },
      { viewport: { width: 1400, height: 1000 } },
    );
  });

  it('marks a design whose requirements contradict one another, and lists each conflict with the ways out', async () => {
    const contradictory = specOf('broken/contradictory.yaml');
    const conflicted = join(mkdtempSync(join(tmpdir(), 'pacelc-design-')), 'contradictory.html');
    writeFileSync(conflicted, renderDesignReport(contradictory));
    await session.withPage(
      conflicted,
      async (page) => {
        expect(await page.locator('#summary .verdict.violated').innerText()).toBe(`${contradictory.conflicts.length} conflicts, ${contradictory.warnings.length} warnings`);
        const conflicts = page.locator('#issues li.conflict');
        expect(await conflicts.count()).toBe(contradictory.conflicts.length);
        expect(await conflicts.first().innerText()).toContain(contradictory.conflicts[0]?.options[0] ?? '');
        await page.locator('#issues').scrollIntoViewIfNeeded();
        await screenshot(page, 'docs/lab/design-conflicts.png', { selector: '#issues' });
      },
      { viewport: { width: 1400, height: 1000 } },
    );
  });
});
