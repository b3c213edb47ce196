// What `npm pack` puts in the tarball: what a user needs (every export's files, the licence, the
// docs the README links to, with every link inside them resolving in the package) and nothing that
// would mislead (source maps without their sources, tests, the repository's own tools).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  license: string;
  exports: Record<string, string | { types: string; default: string }>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as { files: { path: string }[] }[];
const files = new Set((packed[0]?.files ?? []).map((file) => file.path));

describe('npm pack', () => {
  it('ships the licence the manifest names, the README and the command', () => {
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(`${root}LICENSE`, 'utf8')).toMatch(/^MIT License\n/);
    for (const file of ['LICENSE', 'README.md', 'package.json', 'bin/pacelc.js']) expect(files).toContain(file);
  });

  // dist/ is whatever the last build left (the consumer test packs and uses a fresh one): here the
  // build's inputs are checked, so this test holds whether or not dist/ is current.
  it('maps every export to a built source file, with a condition CommonJS resolves', () => {
    const missing: string[] = [];
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') {
        if (!files.has(posix.normalize(target))) missing.push(`${subpath}: ${target}`);
        continue;
      }
      expect(Object.keys(target), subpath).toEqual(['types', 'default']);
      expect(target.types, subpath).toBe(target.default.replace(/\.js$/, '.d.ts'));
      const source = target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
      if (!existsSync(`${root}${source}`)) missing.push(`${subpath}: ${source}`);
    }
    expect(missing).toEqual([]);
    expect(manifest.exports['.']).toBeDefined();
  });

  it('builds no source map (the sources are not shipped), and ships no test and no repository tool', () => {
    const build = JSON.parse(readFileSync(`${root}tsconfig.build.json`, 'utf8')) as { compilerOptions: Record<string, unknown>; exclude: string[] };
    expect(build.compilerOptions['sourceMap']).toBe(false);
    expect(build.compilerOptions['declarationMap']).toBe(false);
    expect(build.exclude).toEqual(expect.arrayContaining(['src/**/*.test.ts', 'src/**/testing/**']));
    const shipped = [...files].filter((file) => !file.startsWith('dist/'));
    expect(shipped.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(shipped.filter((file) => /\.test\.|\.contract\.|(^|\/)testing\//.test(file))).toEqual([]);
    expect(shipped.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([]);
    expect(shipped.filter((file) => file.startsWith('bench/') && file !== 'bench/RESULTS.md')).toEqual([]);
  });

  it('ships every file a shipped page links to', () => {
    const broken: string[] = [];
    for (const page of [...files].filter((file) => file.endsWith('.md'))) {
      const text = readFileSync(`${root}${page}`, 'utf8');
      for (const match of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const link = match[1] ?? '';
        if (/^[a-z]+:/.test(link)) continue;
        const target = posix.normalize(posix.join(posix.dirname(page), link)).replace(/\/$/, '');
        if (!files.has(target) && ![...files].some((file) => file.startsWith(`${target}/`))) broken.push(`${page} -> ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('declares the type packages an adapter’s declarations import, as optional peers', () => {
    for (const types of ['@types/better-sqlite3', '@types/pg']) {
      expect(manifest.peerDependencies[types], types).toBeDefined();
      expect(manifest.peerDependenciesMeta[types]?.optional, types).toBe(true);
    }
  });
});
