import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PacelcError } from '../errors.js';

/** The built front end of one report kind: the script and the stylesheet to inline. */
export interface WebAssets {
  readonly script: string;
  readonly style: string;
}

// src/lab/ and dist/lab/ both sit two levels below the package root, where dist/web/ is.
const webDirectory = new URL('../../dist/web/', import.meta.url);
const cache = new Map<string, WebAssets>();

/**
 * Reads dist/web/<kind>.js and .css, which `npm run build` (web/build.mjs) makes from
 * web/<kind>/main.ts.
 *
 * @throws PacelcError `LAB_NOT_BUILT` when the front end has not been built.
 *
 * @example
 * ```ts
 * const { script, style } = webAssets('check');
 * ```
 */
export function webAssets(kind: string): WebAssets {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new RangeError(`kind must be a report kind such as "check", received ${JSON.stringify(kind)}`);
  const cached = cache.get(kind);
  if (cached !== undefined) return cached;
  const scriptUrl = new URL(`${kind}.js`, webDirectory);
  let script: string;
  try {
    script = readFileSync(scriptUrl, 'utf8');
  } catch {
    throw new PacelcError('LAB_NOT_BUILT', `the lab's front end for "${kind}" reports is not built (${fileURLToPath(scriptUrl)} is missing): run "npm run build"`);
  }
  let style = '';
  try {
    style = readFileSync(new URL(`${kind}.css`, webDirectory), 'utf8');
  } catch {
    // a kind that imports no CSS has no stylesheet
  }
  const assets = { script, style };
  cache.set(kind, assets);
  return assets;
}
