// The lab in a real browser: a spec error shows with its line:col as you type, completion offers
// the schema's fields, and verify shows its progress, then a verdict; a fault added by hand re-runs a seed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, screenshot, useBrowser } from '../testing/browser.js';
import { type LabServer, startLab } from './lab-server.js';

const chromiumPath = findChromium();
/** The part of a textarea these tests touch (the Node-side typecheck has no DOM types). */
interface TextArea {
  setSelectionRange(start: number, end: number): void;
}
/** What the progress recorder uses of the page's globals. */
interface PageGlobals {
  seen: string[];
  document: { getElementById(id: string): { innerText: string } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
}
const file = 'examples/verify/async-ledger.yaml';
const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe.skipIf(!chromiumPath)('the lab in chromium', () => {
  const session = useBrowser(chromiumPath);
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLab({ spec: { text, file }, threads: 2 });
  });
  afterAll(async () => {
    await lab?.close();
  });
  const viewport = { width: 1400, height: 1000 };

  it('shows a spec error with its line and column as you type, then the design again once fixed', async () => {
    await session.withPage(
      lab.url,
      async (page) => {
        await page.waitForSelector('body[data-designed]');
        expect(await page.locator('svg [data-entity="store:balance"]').count()).toBeGreaterThan(0);
        const editor = page.locator('#spec');
        const line = text.split('\n').findIndex((candidate) => candidate.includes('money: true')) + 1;
        const offset = text.indexOf('money: true') + 'money: '.length;
        await editor.focus();
        await editor.evaluate((element, at) => (element as unknown as TextArea).setSelectionRange(at, at + 4), offset);
        await page.keyboard.type('ture');
        const problem = page.locator('#problems li').first();
        await problem.waitFor();
        expect(await problem.innerText()).toMatch(new RegExp(`^${file.replace(/[./]/g, '\\$&')}:${line}:\\d+: entities\\[0\\]\\.money: expected true or false, found "ture"`));
        expect(await page.locator('#spec-status').innerText()).toMatch(/1 problem/);
        await screenshot(page, 'docs/lab/lab-spec-error.png');
        // Back to a valid spec: the problems go, the design is drawn again.
        await editor.evaluate((element, at) => (element as unknown as TextArea).setSelectionRange(at, at + 4), offset);
        await page.keyboard.type('true');
        await page.locator('#problems li').first().waitFor({ state: 'detached' });
        expect(await page.locator('#spec-status').innerText()).toMatch(/designed/);
      },
      { viewport },
    );
  });

  it('saves the edited spec to its file with Ctrl-S, and shows why it refuses once the file changed on disk', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pacelc-lab-save-')), 'ledger.yaml');
    writeFileSync(path, text);
    const saving = await startLab({ spec: { text, file: 'ledger.yaml', path }, threads: 1 });
    try {
      await session.withPage(saving.url, async (page, problems) => {
        await page.waitForSelector('body[data-designed]');
        expect(await page.locator('#save').isEnabled()).toBe(true);
        await page.locator('#spec').focus();
        await page.locator('#spec').evaluate((element, at) => (element as unknown as TextArea).setSelectionRange(at, at), text.length);
        await page.keyboard.type('# saved from the lab\n');
        expect(await page.locator('#save-status').innerText()).toBe('unsaved changes');
        await page.keyboard.press('Control+s');
        await page.waitForSelector('body[data-saved="1 200"]');
        expect(await page.locator('#save-status').innerText()).toMatch(/^✓ saved to ledger\.yaml \(\d+ bytes\)$/);
        expect(readFileSync(path, 'utf8')).toBe(`${text}# saved from the lab\n`);
        // Another editor writes the file: the button's save is refused, the reason shown, their change kept.
        writeFileSync(path, `${text}# theirs\n`);
        await page.keyboard.type('# mine\n');
        await page.click('#save');
        await page.waitForSelector('body[data-saved="2 409"]');
        expect(await page.locator('#save-status').innerText()).toMatch(/^✗ ledger\.yaml changed on disk since it was loaded: not saved/);
        expect(readFileSync(path, 'utf8')).toBe(`${text}# theirs\n`);
        // Chromium logs the refused request as an error: that one is expected, and the only one.
        expect(problems.errors).toEqual([expect.stringMatching(/status of 409 \(Conflict\)/)]);
        problems.errors.length = 0;
      });
    } finally {
      await saving.close();
    }
    // The lab started without a file to save to: the button is disabled and says why.
    await session.withPage(lab.url, async (page) => {
      await page.waitForSelector('body[data-designed]');
      expect(await page.locator('#save').isDisabled()).toBe(true);
      expect(await page.locator('#save-status').innerText()).toBe('saving needs pacelc lab SPEC');
    });
  });

  it('completes a field from the schema', async () => {
    await session.withPage(lab.url, async (page) => {
      await page.waitForSelector('body[data-designed]');
      const offset = text.indexOf('\n', text.indexOf('  name: async-ledger'));
      await page.locator('#spec').focus();
      await page.locator('#spec').evaluate((element, at) => (element as unknown as TextArea).setSelectionRange(at, at), offset);
      await page.keyboard.type('\n  plat');
      await page.locator('#completions li[data-insert="platform"]').waitFor();
      expect(await page.locator('#completions li').count()).toBe(1);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.inputValue('#spec')).toContain('async-ledger\n  platform: \n');
      await page.keyboard.type('kub');
      await page.locator('#completions li[data-insert="kubernetes"]').waitFor();
    });
  });

  it('runs verify with live progress, then a verdict; re-runs the refuting seed with a partition added by hand', async () => {
    await session.withPage(
      lab.url,
      async (page) => {
        await page.waitForSelector('body[data-designed]');
        // Every text the progress line shows, as it changes.
        await page.evaluate(() => {
          const page = globalThis as unknown as PageGlobals;
          const target = page.document.getElementById('run-text');
          page.seen = [];
          new page.MutationObserver(() => page.seen.push(target?.innerText ?? '')).observe(target, { childList: true, characterData: true, subtree: true });
        });
        await page.fill('#seeds', '3');
        await page.fill('#operations', '300');
        await page.click('#run-verify');
        await page.waitForSelector('#run-verdict');
        const seen = await page.evaluate(() => (globalThis as unknown as PageGlobals).seen);
        expect(seen.some((line) => /^\d of 3 runs · balance seed \d: (holds|violated)/.test(line))).toBe(true);
        expect(await page.locator('#run-verdict').innerText()).toBe('violated');
        await page.locator('#runs li[data-verdict="violated"]').waitFor();
        // The run's pictures: the verify report, the refuting run drawn.
        const [pictures] = await Promise.all([page.waitForEvent('popup'), page.click('#runs li[data-verdict="violated"] a.pictures')]);
        await pictures.waitForSelector('body[data-state="ready"]');
        expect(await pictures.locator('#entities tr[data-verdict="violated"]').count()).toBe(1);
        await pictures.close();
        // The refuting seed, again, with node 0 cut off from 200 to 1500 ms.
        await page.click('button.rerun');
        expect(await page.inputValue('#first-seed')).toBe('2');
        expect(await page.inputValue('#seeds')).toBe('1');
        await page.selectOption('#fault-kind', 'partition');
        await page.fill('#fault-nodes', '0');
        await page.click('#run-verify');
        await expect.poll(() => page.locator('#runs li').count()).toBe(2);
        await page.locator('#runs li.status-running').waitFor({ state: 'detached' });
        const labels = await page.locator('#runs li').allInnerTexts();
        expect(labels[0]).toMatch(/#\d+ async-ledger balance: seed 2, 300 ops, partition \[0\] 200–1500 ms/);
        await screenshot(page, 'docs/lab/lab-verify.png');
      },
      { viewport },
    );
  });
});
