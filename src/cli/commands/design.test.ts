import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands.js';
import { ExitCode } from '../exit-code.js';
import { bufferIo, type CliIo } from '../io.js';
import { main as cliMain } from '../main.js';

// The registry loads commands by a computed path, which vitest cannot follow: load design directly.
const registry = commands.map((entry) => (entry.name === 'design' ? { ...entry, load: () => import('./design.js') } : entry));
const main = (args: readonly string[], io: CliIo) => cliMain(['design', ...args], io, registry);
const examples = new URL('../../../examples/specs/', import.meta.url).pathname;

describe('pacelc design', () => {
  it('prints a readable report of an example and exits 0', async () => {
    const io = bufferIo({ cwd: examples });
    expect(await main(['bank-ledger.yaml'], io)).toBe(ExitCode.ok);
    const out = io.out();
    expect(out).toMatch(/^pacelc design: bank\n/);
    expect(out).toContain('ENTITIES');
    expect(out).toMatch(/consistency +linearizable \[consistency\.money\]/);
    expect(out).toMatch(/PACELC +PC\/EC \[pacelc\.derived\]/);
    expect(out).toContain('WORKFLOWS');
    expect(out).toContain('CALLS');
    expect(out).toContain('discovery');
    expect(out).not.toContain('\u001b[');
  });

  it('colours the report only when io.color says so', async () => {
    const io = bufferIo({ cwd: examples, color: true });
    await main(['bank-ledger.yaml'], io);
    expect(io.out()).toContain('\u001b[1m');
  });

  it('--verbose adds every rejected alternative with its reason, the sources and every engine', async () => {
    const brief = bufferIo({ cwd: examples });
    const verbose = bufferIo({ cwd: examples });
    await main(['bank-ledger.yaml'], brief);
    await main(['bank-ledger.yaml', '--verbose'], verbose);
    expect(brief.out()).not.toContain('sources:');
    expect(verbose.out()).toContain('sources: ');
    expect(verbose.out()).toContain('Kleppmann, Designing Data-Intensive Applications');
    expect(verbose.out().length).toBeGreaterThan(brief.out().length);
  });

  it('--format json is the stable schema; markdown and mermaid render the same design', async () => {
    const json = bufferIo({ cwd: examples });
    await main(['chat.yaml', '--format', 'json'], json);
    const design = JSON.parse(json.out()) as { schemaVersion: number; entities: { name: string }[] };
    expect(design.schemaVersion).toBe(1);
    expect(design.entities.map((entity) => entity.name)).toEqual(['message', 'channel-membership', 'presence']);
    const markdown = bufferIo({ cwd: examples });
    await main(['chat.yaml', '--format', 'markdown'], markdown);
    expect(markdown.out()).toMatch(/^# Design: chat\n/);
    expect(markdown.out()).toContain('```mermaid');
    const mermaid = bufferIo({ cwd: examples });
    await main(['chat.yaml', '-f', 'mermaid'], mermaid);
    expect(mermaid.out()).toContain('## Replication topology across regions');
  });

  it('--out writes the file and reports on stderr', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-design-'));
    const io = bufferIo({ cwd: directory });
    expect(await main([join(examples, 'e-commerce.yaml'), '--format', 'json', '--out', 'design.json'], io)).toBe(ExitCode.ok);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('wrote design.json (0 conflicts, 2 warnings)');
    expect(JSON.parse(readFileSync(join(directory, 'design.json'), 'utf8')).system.name).toBe('shop');
  });

  it('exits 1 on contradictions, and with --strict on warnings', async () => {
    expect(await main(['broken/contradictory.yaml'], bufferIo({ cwd: examples }))).toBe(ExitCode.violated);
    expect(await main(['ride-hailing.yaml'], bufferIo({ cwd: examples }))).toBe(ExitCode.ok);
    expect(await main(['ride-hailing.yaml', '--strict'], bufferIo({ cwd: examples }))).toBe(ExitCode.violated);
  });

  it('exits 2 with a helpful message on bad usage, a missing file or a malformed spec', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing the spec file/],
      [['a.yaml', 'b.yaml'], /one spec at a time/],
      [['e-commerce.yaml', '--format', 'pdf'], /--format must be one of text, markdown, json, mermaid, received "pdf"/],
      [['e-commerce.yaml', '--colour'], /unknown option --colour/],
      [['e-commerce.yaml', '--fromat', 'json'], /unknown option --fromat \(did you mean "--format"\?\)/],
      [['nope.yaml'], /nope\.yaml: no such file/],
      [['broken/malformed.yaml'], /broken\/malformed\.yaml:5:3: system\.availabilty/],
    ];
    for (const [args, message] of cases) {
      const io = bufferIo({ cwd: examples });
      expect(await main(args, io), args.join(' ')).toBe(ExitCode.badInput);
      expect(io.err()).toMatch(message);
      expect(io.err()).not.toMatch(/\n\s+at /);
    }
  });

  it('design - reads the spec from standard input, and names it <stdin> in problems', async () => {
    const spec = readFileSync(join(examples, 'bank-ledger.yaml'), 'utf8');
    const piped = bufferIo({ cwd: examples, stdin: spec });
    expect(await main(['-', '--format', 'json'], piped)).toBe(ExitCode.ok);
    const fromFile = bufferIo({ cwd: examples });
    await main(['bank-ledger.yaml', '--format', 'json'], fromFile);
    expect(piped.out()).toBe(fromFile.out());
    const broken = bufferIo({ cwd: examples, stdin: 'system: { name: x }\nentitys: []\n' });
    expect(await main(['-'], broken)).toBe(ExitCode.badInput);
    expect(broken.err()).toMatch(/<stdin>:2:1: entitys/);
  });

  it('reads JSON specs too', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-design-'));
    writeFileSync(join(directory, 'spec.json'), JSON.stringify({ system: { name: 'tiny', regions: ['eu-west-1'] }, entities: [{ name: 'note', service: 'notes', key: 'id' }] }));
    const io = bufferIo({ cwd: directory });
    expect(await main(['spec.json'], io)).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/consistency +eventual \[consistency\.eventual-default\]/);
  });

  it('--rules lists every rule with its sources, as text or JSON', async () => {
    const text = bufferIo();
    expect(await main(['--rules'], text)).toBe(ExitCode.ok);
    expect(text.out()).toContain('  consistency.money: Money needs linearizability');
    expect(text.out()).toContain('WARNINGS (anti-patterns)');
    expect(text.out()).toContain('Garcia-Molina & Salem, Sagas (SIGMOD, 1987)');
    const json = bufferIo();
    await main(['--rules', '--format', 'json'], json);
    const rules = JSON.parse(json.out()) as { id: string; kind: string }[];
    expect(rules.find((rule) => rule.id === 'conflict.write-slo-below-cross-region-round-trip')?.kind).toBe('conflict');
    expect(await main(['--rules', '--format', 'mermaid'], bufferIo())).toBe(ExitCode.badInput);
  });

  it('--help explains formats and exit codes', async () => {
    const io = bufferIo();
    expect(await main(['--help'], io)).toBe(ExitCode.ok);
    expect(io.out()).toContain('--format F');
    expect(io.out()).toContain('exit codes: 0 design produced; 1 the requirements contradict');
  });
});
