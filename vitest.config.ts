import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Examples import the package by its own name (`pacelc/resilience`), as a user would. Under test
// the name resolves to the sources, not to dist/, so a test never runs a stale build: each export
// `./x` -> `./dist/x.js` of package.json becomes `pacelc/x` -> `src/x.ts`.
const manifest = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { default: string }>;
};
const selfAliases = Object.entries(manifest.exports).flatMap(([subpath, target]) => {
  if (typeof target === 'string') return [];
  const source = target.default.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts');
  const name = subpath === '.' ? 'pacelc' : `pacelc/${subpath.slice(2)}`;
  return [{ find: new RegExp(`^${name.replace(/\//g, '\\/')}$`), replacement: fileURLToPath(new URL(source, import.meta.url)) }];
});

export default defineConfig({
  resolve: { alias: selfAliases },
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
    // The lab's report writers inline the front end built from web/ into dist/web/.
    globalSetup: ['test/web-build.global-setup.ts'],
    // Two cores: forks keep native drivers (better-sqlite3) and service tests isolated.
    pool: 'forks',
    // A time limit is there to stop a hang, not to judge speed: on a loaded 2-core machine a test
    // that takes 5 s when quiet can take ten times that, and must not fail for it.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
