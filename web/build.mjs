// Builds the lab's front end: every web/<kind>/main.ts becomes dist/web/<kind>.js (one minified
// script, its libraries inside) and dist/web/<kind>.css (the CSS it imports), which the report
// writers in src/lab/ inline into one self-contained HTML file. Run by `npm run build` (and so at
// `npm install`, through `prepare`), and by the test set-up before any test reads dist/web/.
//
//   node web/build.mjs            build every kind
//   node web/build.mjs --if-stale build only when a source under web/ is newer than the output
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const webDirectory = fileURLToPath(new URL('.', import.meta.url));
const outputDirectory = fileURLToPath(new URL('../dist/web/', import.meta.url));

/** The report kinds: each folder of web/ holding a main.ts (web/shared/ is their common code). */
export function webKinds() {
  return readdirSync(webDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(webDirectory, entry.name, 'main.ts')))
    .map((entry) => entry.name)
    .sort();
}

function newestSourceMs(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(kinds) {
  // web/ imports the data types (and small constants) of src/lab/, and its libraries from node_modules
  const sourceMs = Math.max(newestSourceMs(webDirectory), newestSourceMs(fileURLToPath(new URL('../src/lab/', import.meta.url))), statSync(fileURLToPath(new URL('../package-lock.json', import.meta.url))).mtimeMs);
  return kinds.some((kind) => {
    const output = join(outputDirectory, `${kind}.js`);
    return !existsSync(output) || statSync(output).mtimeMs < sourceMs;
  });
}

/** Bundles every kind into dist/web/. Returns the kinds built (none when --if-stale found nothing to do). */
export async function buildWeb({ ifStale = false } = {}) {
  const kinds = webKinds();
  if (ifStale && !isStale(kinds)) return [];
  mkdirSync(outputDirectory, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(kinds.map((kind) => [kind, join(webDirectory, kind, 'main.ts')])),
    outdir: outputDirectory,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    // The scripts are inlined into a <script> element: no "</script" may appear inside them.
    supported: { 'inline-script': false },
    // The libraries' licence headers stay with their code.
    legalComments: 'eof',
    logLevel: 'warning',
  });
  return kinds;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kinds = await buildWeb({ ifStale: process.argv.includes('--if-stale') });
  if (kinds.length > 0) console.log(`web: built ${kinds.map((kind) => `dist/web/${kind}.js`).join(', ')}`);
}
