// DESIGN.md, "Pictures": nothing of the lab loads unless asked. The lab (src/lab/) is reached only
// from the CLI, only through `await import(...)` when --html (or `pacelc lab`) asks for it, so the
// CLI's start-up and every library entry point stay as fast as before.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = new URL('../', import.meta.url).pathname;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// `import type` is erased from the JavaScript (verbatimModuleSyntax), so it loads nothing.
const staticLabImport = /(?:^|\n)\s*(?:import|export)(?!\s+type\b)\b[^;]*?from\s+['"]([^'"]*\/lab\/[^'"]*)['"]/g;
const dynamicLabImport = /\bimport\(\s*['"]([^'"]*\/lab\/[^'"]*)['"]\s*\)/g;

describe('the lab loads only when asked', () => {
  const files = sourceFiles(sourceRoot).filter((file) => !relative(sourceRoot, file).startsWith('lab/'));

  it('no module outside src/lab/ imports it statically', () => {
    const offenders = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(staticLabImport)].map((match) => `${relative(sourceRoot, file)}: ${match[1]}`));
    expect(offenders).toEqual([]);
  });

  it('only the CLI imports it at all (lazily), nothing below the CLI', () => {
    const offenders = files
      .filter((file) => !relative(sourceRoot, file).startsWith('cli/'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(dynamicLabImport)].map((match) => `${relative(sourceRoot, file)}: ${match[1]}`));
    expect(offenders).toEqual([]);
  });
});
