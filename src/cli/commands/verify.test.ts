import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

const root = new URL('../../../', import.meta.url).pathname;

describe('pacelc verify', () => {
  it('confirms the bank ledger design (synchronous, fenced) and exits 0', async () => {
    const io = bufferIo({ cwd: root });
    const code = await main(['verify', 'examples/specs/bank-ledger.yaml', '--seeds', '2', '--ops', '300', '--faults', 'partition,crash'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/HOLDS\s+ledger-entry/);
    expect(io.out()).toContain('verdict: holds');
  });

  it('refutes a weak design, writes the violating history, and pacelc check confirms it from the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pacelc-verify-'));
    try {
      const spec = join(directory, 'weak.yaml');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(
        spec,
        [
          'system: { name: weak, regions: [{ name: us-east }] }',
          'entities:',
          '  - name: counter',
          '    service: api',
          '    key: counter_id',
          '    consistency: linearizable',
          '    replication: { kind: leaderless, n: 3, w: 1, r: 1 }',
          '',
        ].join('\n'),
      );
      const design = bufferIo({ cwd: directory });
      await main(['design', 'weak.yaml', '--format', 'json', '--out', 'design.json'], design);
      expect(design.err()).toContain('wrote design.json');
      const io = bufferIo({ cwd: directory });
      const code = await main(['verify', 'design.json', '--seeds', '3', '--ops', '300', '--faults', 'partition', '--out', 'evidence'], io);
      expect(io.out()).toContain('replay:   pacelc simulate');
      expect(code).toBe(ExitCode.violated);
      const files = await readdir(join(directory, 'evidence'));
      const history = files.find((file) => file.endsWith('.history.jsonl'));
      expect(files).toContain('report.json');
      expect(history).toBeDefined();
      const check = bufferIo({ cwd: directory });
      expect(await main(['check', join('evidence', history as string), '--model', 'cas-register'], check)).toBe(ExitCode.violated);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('reports bad usage with exit 2', async () => {
    const io = bufferIo({ cwd: root });
    expect(await main(['verify'], io)).toBe(ExitCode.badInput);
    expect(await main(['verify', 'examples/specs/bank-ledger.yaml', '--faults', 'meteor'], io)).toBe(ExitCode.badInput);
    expect(await main(['verify', 'examples/specs/bank-ledger.yaml', '--entity', 'nope'], io)).toBe(ExitCode.badInput);
    expect(io.err()).toContain('unknown fault "meteor"');
    expect(io.err()).toContain('no entity "nope"');
    expect(await main(['verify', 'missing.yaml'], io)).toBe(ExitCode.badInput);
  });

  it('--html writes the verification report, each entity with one run drawn', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pacelc-verify-html-'));
    try {
      const io = bufferIo({ cwd: root });
      const code = await main(['verify', 'examples/specs/bank-ledger.yaml', '--seeds', '1', '--ops', '200', '--faults', 'crash', '--html', join(directory, 'verify.html')], io);
      expect(code).toBe(ExitCode.ok);
      expect(io.err()).toMatch(/^report: .*verify\.html \(\d+ kB\)\n$/);
      expect(await readdir(directory)).toEqual(['verify.html']);
      const missing = bufferIo({ cwd: root });
      expect(await main(['verify', 'examples/specs/bank-ledger.yaml', '--html', join(directory, 'no/such/x.html')], missing)).toBe(ExitCode.badInput);
      expect(missing.err()).toContain('--html');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
