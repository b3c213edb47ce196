import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running `sweep-thread`. From the built package (`dist/`, what `npx pacelc`
 * runs) the thread runs the compiled `sweep-thread.js` beside this file. From the TypeScript
 * sources (vitest, `node --import tsx`, the benchmarks) there is no compiled file, and a thread
 * does not inherit the parent's loader: the thread first registers tsx's loader (a development
 * dependency), then imports `sweep-thread.ts`.
 *
 * @example
 * ```ts
 * const thread = startSweepThread();
 * thread.postMessage({ id: 0, job });
 * ```
 */
export function startSweepThread(here: string = import.meta.url): Worker {
  if (here.endsWith('.js')) return new Worker(new URL('./sweep-thread.js', here));
  const entry = new URL('./sweep-thread.ts', here).href;
  let loader: string;
  try {
    // tsx's ES module API (its `import` condition): the CommonJS one cannot register hooks from a thread.
    const manifest = createRequire(here).resolve('tsx/package.json');
    const api = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']?.import.default;
    if (api === undefined) throw new Error('tsx has no ./esm/api export');
    loader = new URL(api, pathToFileURL(manifest)).href;
  } catch (error) {
    throw new Error(`running sweeps from pacelc's TypeScript sources needs tsx (npm install --save-dev tsx), or build the package (npm run build)`, { cause: error });
  }
    const bootstrap = `import(${JSON.stringify(loader)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}
