import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands.js';
import { ExitCode } from '../exit-code.js';
import { bufferIo, type CliIo } from '../io.js';
import { main as cliMain } from '../main.js';

const registry = commands.map((entry) => (entry.name === 'design' ? { ...entry, load: () => import('./design.js') } : entry));
const main = (args: readonly string[], io: CliIo) => cliMain(['design', ...args], io, registry);
const examples = new URL('../../../examples/specs/', import.meta.url).pathname;

describe('pacelc design --html', () => {
  it('writes one self-contained page with the design data, and still prints the design', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-design-html-'));
    const io = bufferIo({ cwd: examples });
    expect(await main(['e-commerce.yaml', '--html', join(directory, 'shop.html')], io)).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/^pacelc design: shop\n/);
    expect(io.err()).toBe(`pacelc design: wrote ${join(directory, 'shop.html')} (open it in a browser; it needs no network)\n`);
    const html = readFileSync(join(directory, 'shop.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>design: shop</title>');
    expect(html).toContain('data-kind="design"');
    expect(html).toContain('data-entity=\\"store:stock\\"');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('keeps the exit code of the design: 1 with conflicts, the page written all the same', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-design-html-'));
    const io = bufferIo({ cwd: join(examples, 'broken') });
    expect(await main(['contradictory.yaml', '--html', join(directory, 'c.html'), '--out', join(directory, 'c.txt')], io)).toBe(ExitCode.violated);
    expect(existsSync(join(directory, 'c.html'))).toBe(true);
  });

  it('refuses a directory, a missing directory, the --out file, and writes nothing for a malformed spec', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-design-html-'));
    const run = async (args: string[]) => {
      const io = bufferIo({ cwd: examples });
      return { code: await main(args, io), err: io.err() };
    };
    expect(await run(['e-commerce.yaml', '--html', directory])).toMatchObject({ code: ExitCode.badInput, err: expect.stringContaining('is a directory') });
    expect(await run(['e-commerce.yaml', '--html', join(directory, 'no/such/x.html')])).toMatchObject({ code: ExitCode.badInput, err: expect.stringContaining('does not exist') });
    expect(await run(['e-commerce.yaml', '--html', join(directory, 'same'), '--out', join(directory, 'same')])).toMatchObject({ code: ExitCode.badInput, err: expect.stringContaining('same file') });
    writeFileSync(join(directory, 'bad.yaml'), 'system: { name: x }\n');
    const bad = bufferIo({ cwd: directory });
    expect(await main(['bad.yaml', '--html', 'bad.html'], bad)).toBe(ExitCode.badInput);
    expect(bad.err()).toMatch(/^ *bad\.yaml:1:\d+: /m);
    expect(existsSync(join(directory, 'bad.html'))).toBe(false);
  });
});
