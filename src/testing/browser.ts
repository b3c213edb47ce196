// Test support (not shipped): a real browser for the lab's tests and bench. Debian's `chromium`
// driven by playwright-core (which downloads no browser of its own), headless, without sandbox
// (the tests run as root in CI). Absent: browser tests skip loudly, or fail under
// PACELC_REQUIRE_SERVICES=1, exactly like the service tests (src/testing/services.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { servicesRequired } from './services.js';

/** Where Debian (and Ubuntu's older packages) put the browser; PACELC_CHROMIUM overrides. */
const candidatePaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The repository's root: screenshots and fixtures are named relative to it. */
export const repositoryRoot = resolve(new URL('../../', import.meta.url).pathname);

/** The chromium binary to drive: $PACELC_CHROMIUM, else the first Debian path that exists. */
export function chromiumExecutable(): string | undefined {
  const configured = process.env.PACELC_CHROMIUM;
  if (configured !== undefined && configured !== '') return existsSync(configured) ? configured : undefined;
  return candidatePaths.find((path) => existsSync(path));
}

/**
 * Looks for chromium before a browser test file runs. Present: its path. Absent: a loud warning
 * and `undefined` (use `describe.skipIf(!chromiumPath)`), or, under PACELC_REQUIRE_SERVICES=1
 * (CI, whose .ci/run installs Debian's chromium), an error that fails the file.
 *
 * @example
 * ```ts
 * const chromiumPath = findChromium();
 * describe.skipIf(!chromiumPath)('check report in a browser', () => { ... });
 * ```
 */
export function findChromium(): string | undefined {
  const path = chromiumExecutable();
  if (path !== undefined) return path;
  const message = `chromium is not installed (looked for ${process.env.PACELC_CHROMIUM ?? candidatePaths.join(', ')})`;
  if (servicesRequired()) throw new Error(`${message}, and PACELC_REQUIRE_SERVICES=1 requires it: apt-get install chromium`);
  console.warn(`\n⚠️  SKIPPING browser tests: ${message}. Install it with "apt-get install chromium"; set PACELC_REQUIRE_SERVICES=1 to make this a failure.\n`);
  return undefined;
}

/** Launches headless chromium (one per test file or bench run: launching costs about a second). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none', '--hide-scrollbars'] });
}

export interface PageOptions {
  /** The window size; default 1280×800. */
  readonly viewport?: { width: number; height: number };
  /** Wait for `<body data-state="ready">`, which every report sets once drawn (default true). */
  readonly waitForReady?: boolean;
}

export interface PageProblems {
  /** Uncaught exceptions and console errors in the page. */
  readonly errors: string[];
  /** Requests to anything but the file itself, data: and blob: URLs: a report must load nothing. */
  readonly requests: string[];
}

export interface BrowserSession {
  /**
   * Opens a page (a file path, an http:// URL of a local server such as the lab, or HTML given inline), waits until it is drawn, runs `use`, and then
   * fails if the page threw, logged an error or tried to load anything from the network.
   */
  withPage<T>(target: string | { html: string }, use: (page: Page, problems: PageProblems) => Promise<T>, options?: PageOptions): Promise<T>;
  /** The launched browser, for what withPage does not cover. */
  browser(): Browser;
}

/**
 * One browser for a whole test file: launched in beforeAll, closed in afterAll.
 *
 * @example
 * ```ts
 * const chromiumPath = findChromium();
 * describe.skipIf(!chromiumPath)('check report', () => {
 *   const session = useBrowser(chromiumPath);
 *   it('draws the lanes', () => session.withPage('out.html', async (page) => {
 *     expect(await page.locator('.lane').count()).toBe(3);
 *   }));
 * });
 * ```
 */
export function useBrowser(executablePath: string | undefined): BrowserSession {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (executablePath !== undefined) browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
  });
  const current = (): Browser => {
    if (browser === undefined) throw new Error('useBrowser: the browser is not launched (is chromium installed?)');
    return browser;
  };
  return {
    browser: current,
    withPage: (target, use, options) => withPageIn(current(), target, use, options),
  };
}

/** withPage on a browser you launched yourself (the bench). */
export async function withPageIn<T>(browser: Browser, target: string | { html: string }, use: (page: Page, problems: PageProblems) => Promise<T>, options: PageOptions = {}): Promise<T> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], requests: [] };
  // A page served over HTTP (the lab) may talk to its own server, and nowhere else.
  const origin = typeof target === 'string' && /^https?:\/\//.test(target) ? new URL(target).origin : undefined;
  page.on('pageerror', (error) => problems.errors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(message.text());
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!/^(file|data|blob|about):/.test(url) && (origin === undefined || !url.startsWith(`${origin}/`))) problems.requests.push(url);
  });
  try {
    if (typeof target === 'string') await page.goto(origin !== undefined ? target : pathToFileURL(isAbsolute(target) ? target : resolve(repositoryRoot, target)).href);
    else await page.setContent(target.html, { waitUntil: 'load' });
    if (options.waitForReady ?? true) {
      await page.waitForSelector('body[data-state="ready"], body[data-state="failed"]', { state: 'attached' });
      const state = await page.getAttribute('body', 'data-state');
      if (state !== 'ready') throw new Error(`the page failed to draw: ${(await page.locator('#report').innerText()).slice(0, 500)}\n${problems.errors.join('\n')}`);
    }
    const result = await use(page, problems);
    if (problems.errors.length > 0) throw new Error(`the page reported errors:\n${problems.errors.join('\n')}`);
    if (problems.requests.length > 0) throw new Error(`the page tried to load from the network (a report must be self-contained):\n${problems.requests.join('\n')}`);
    return result;
  } finally {
    await context.close();
  }
}

/**
 * Evaluates a browser-side expression, given as text: tests are compiled without the DOM's types,
 * so what runs in the page is written as a string (`'pacelcCheck.mode()'`).
 *
 * @example
 * ```ts
 * const mode = await inPage<string>(page, 'pacelcCheck.mode()');
 * ```
 */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** Waits until the page has drawn its next frame (after a click that asks for a redraw). */
export function nextFrame(page: Page): Promise<void> {
  return inPage<void>(page, 'new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))');
}

/**
 * Saves a PNG of the page (or of one element) at a path relative to the repository, for the docs
 * (docs/lab/*.png): the pictures in the guide are whatever the tests last saw, so they cannot go
 * stale. The file is rewritten only when its bytes change.
 */
export async function screenshot(page: Page, path: string, options: { selector?: string; fullPage?: boolean } = {}): Promise<string> {
  const target = isAbsolute(path) ? path : resolve(repositoryRoot, path);
  const bytes = options.selector === undefined ? await page.screenshot({ fullPage: options.fullPage ?? false, animations: 'disabled' }) : await page.locator(options.selector).first().screenshot({ animations: 'disabled' });
  mkdirSync(dirname(target), { recursive: true });
  if (!existsSync(target) || !readFileSync(target).equals(bytes)) writeFileSync(target, bytes);
  return target;
}
