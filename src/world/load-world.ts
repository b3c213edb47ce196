import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invalidOption } from '../errors.js';
import type { WorldDefinition } from './run-world.js';

let tsxRegistered: Promise<void> | undefined;

/** Registers tsx's ES module loader once, so that `import()` of a `.ts` file works in plain Node. */
async function registerTsx(): Promise<void> {
  tsxRegistered ??= (async () => {
    try {
      const api = (await import('tsx/esm/api' as string)) as { register: () => unknown };
      api.register();
    } catch (error) {
      throw new Error('loading a world written in TypeScript needs tsx (npm install --save-dev tsx), or compile it to .js first', { cause: error });
    }
  })();
  return tsxRegistered;
}

function isWorld(value: unknown): value is WorldDefinition {
  return typeof value === 'object' && value !== null && typeof (value as WorldDefinition).setup === 'function' && typeof (value as WorldDefinition).name === 'string';
}

/**
 * The worlds a module exports (every export made by `defineWorld`), by export name. A `.ts`
 * module is loaded through tsx when Node cannot load it by itself.
 *
 * @example
 * ```ts
 * const worlds = await loadWorlds('examples/sim/order-system/world.ts');
 * Object.keys(worlds); // ['orderSystem', 'consumerWithoutInbox', ...]
 * ```
 */
export async function loadWorlds(modulePath: string, cwd: string = process.cwd()): Promise<Record<string, WorldDefinition>> {
  const url = modulePath.startsWith('file:') ? modulePath : pathToFileURL(isAbsolute(modulePath) ? modulePath : resolve(cwd, modulePath)).href;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if (!/\.[cm]?ts$/.test(url) || (error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    await registerTsx();
    // Node remembers the failed load of `url`: import it again under another URL.
    module = (await import(`${url}?typescript`)) as Record<string, unknown>;
  }
  const worlds: Record<string, WorldDefinition> = {};
  for (const [name, value] of Object.entries(module)) if (isWorld(value)) worlds[name] = value;
  return worlds;
}

/**
 * One world of a module: the export named `exportName`, or the only world it exports.
 *
 * @example
 * ```ts
 * const world = await loadWorld('my-world.ts', 'checkout');
 * ```
 */
export async function loadWorld(modulePath: string, exportName?: string, cwd?: string): Promise<{ name: string; world: WorldDefinition }> {
  const worlds = await loadWorlds(modulePath, cwd);
  const names = Object.keys(worlds);
  if (exportName !== undefined) {
    const world = worlds[exportName];
    if (world === undefined) throw invalidOption('export', exportName, names.length === 0 ? `a world exported by ${modulePath} (it exports none)` : `one of the worlds of ${modulePath}: ${names.join(', ')}`);
    return { name: exportName, world };
  }
  if (names.length !== 1) throw invalidOption('export', exportName, names.length === 0 ? `a module that exports a world made by defineWorld (${modulePath} exports none)` : `one of ${names.join(', ')} (${modulePath} exports several worlds)`);
  return { name: names[0] as string, world: worlds[names[0] as string] as WorldDefinition };
}
