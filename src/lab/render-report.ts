import { writeFileSync } from 'node:fs';
import { packageVersion } from '../cli/version.js';
import { webAssets } from './web-assets.js';

/** What a report page shows: its title, which front end draws it, and the data it draws. */
export interface ReportInput {
  /** The page's title and heading, e.g. "check: etcd_000.log". */
  readonly title: string;
  /** The front end that draws it: web/<kind>/main.ts, built to dist/web/<kind>.js. */
  readonly kind: string;
  /** What the front end reads back with readReportData(): plain JSON. */
  readonly data: unknown;
  /** A line under the title, e.g. the verdict in words. */
  readonly subtitle?: string;
  /** Let the page fetch from the server that served it (the lab's page; never a report file). */
  readonly connectToOrigin?: boolean;
}

/**
 * The Content-Security-Policy every report carries: inline script and style only, images from
 * data: URLs, and no network at all (no fetch, no CDN, no font download), so a report opened from
 * disk behaves the same offline as online and leaks nothing.
 */
export const reportContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'";

/**
 * One self-contained HTML page: the kind's script and stylesheet and the data inlined, nothing
 * loaded from anywhere, so the file opens from disk, offline, in any current browser.
 *
 * @example
 * ```ts
 * const html = renderReport({ title: 'check: etcd_000.log', kind: 'check', data: checkReportData(result, events) });
 * await writeFile('report.html', html);
 * ```
 */
export function renderReport(input: ReportInput): string {
  if (input.title.trim() === '') throw new RangeError(`title must not be empty, received ${JSON.stringify(input.title)}`);
  const { script, style } = webAssets(input.kind);
  const subtitle = input.subtitle === undefined ? '' : `<span class="subtitle">${escapeHtml(input.subtitle)}</span>`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}${input.connectToOrigin === true ? "; connect-src 'self'" : ''}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="pacelc ${escapeHtml(packageVersion())}">`,
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${escapeStyle(style)}</style>`,
    '</head>',
    `<body data-kind="${escapeHtml(input.kind)}" data-state="loading">`,
    `<header class="report-header"><h1>${escapeHtml(input.title)}</h1>${subtitle}<span class="generator">pacelc ${escapeHtml(packageVersion())}</span></header>`,
    '<main id="report"></main>',
    `<script type="application/json" id="pacelc-data">${inlineJson(input.data)}</script>`,
    `<script>${escapeScript(script)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Text for HTML content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside a <script> element: every `<` written as `\u003c` (so no `</script>` or
 * `<!--` can end or bend the element), and U+2028/U+2029 escaped; JSON.parse reads it back unchanged.
 */
export function inlineJson(data: unknown): string {
  const json = JSON.stringify(data ?? null);
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// esbuild already writes the bundles without "</script" or "</style" (web/build.mjs); this is
// the guard for a bundle built another way.
function escapeScript(script: string): string {
  return script.replace(/<\/(script)/gi, '<\\/$1');
}

function escapeStyle(style: string): string {
  return style.replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * Renders a report and writes it to `path` (replacing the file); returns its size in bytes.
 *
 * @example
 * ```ts
 * const bytes = writeReport(target, { title: 'check: a.log', kind: 'check', data });
 * ```
 */
export function writeReport(path: string, input: ReportInput): number {
  const html = renderReport(input);
  writeFileSync(path, html);
  return Buffer.byteLength(html);
}
