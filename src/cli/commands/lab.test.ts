import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands.js';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

const root = new URL('../../../', import.meta.url).pathname;
const registry = commands.map((entry) => (entry.name === 'lab' ? { ...entry, load: () => import('./lab.js') } : entry));

/** `pacelc lab ARGS` in a process of its own (from the sources, through tsx), as a user runs it. */
function startLabProcess(args: readonly string[]) {
  const script = `import(${JSON.stringify(`${root}src/cli/main.ts`)}).then(async (cli) => { process.exitCode = await cli.main(${JSON.stringify(['lab', ...args])}); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /pacelc lab: (http:\/\/\S+) \(Ctrl-C stops it\)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`pacelc lab exited (${String(code)}) before listening: ${err}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exit, out: () => out, err: () => err };
}

function get(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    })
      .on('error', reject)
      .end();
  });
}

describe('pacelc lab', () => {
  it('prints its loopback URL on a free port, serves the spec, and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const lab = startLabProcess(['examples/specs/bank-ledger.yaml']);
    const url = await lab.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const spec = await get(`${url}api/spec`);
    expect(spec.status).toBe(200);
    // Started with a file: the page can save back to it (src/lab/lab-server.test.ts saves).
    expect(JSON.parse(spec.text)).toMatchObject({ file: 'examples/specs/bank-ledger.yaml', savable: true });
    lab.child.kill('SIGINT');
    expect(await lab.exit).toBe(0);
    expect(lab.out()).toMatch(/pacelc lab: stopped\n$/);
    expect(lab.err()).toBe('');
  });

  it('--host with an address that is not loopback listens there after a warning', async () => {
    const lab = startLabProcess(['--host', '0.0.0.0']);
    const url = await lab.url;
    expect(url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
    // Without a SPEC file there is nothing to save to.
    expect(JSON.parse((await get(`${url.replace('0.0.0.0', '127.0.0.1')}api/spec`)).text).savable).toBe(false);
    // stderr is its own pipe: the warning (written first) may arrive after the URL.
    await expect.poll(() => lab.err()).toMatch(/^pacelc lab: WARNING: listening on 0\.0\.0\.0, not loopback/);
    lab.child.kill('SIGINT');
    expect(await lab.exit).toBe(0);
  });

  it('--host with a SPEC file warns that whoever reaches the lab can overwrite it', async () => {
    const lab = startLabProcess(['examples/specs/bank-ledger.yaml', '--host', '0.0.0.0']);
    await lab.url;
    await expect.poll(() => lab.err()).toMatch(/not loopback: .* and overwrite \S*bank-ledger\.yaml\n$/);
    lab.child.kill('SIGINT');
    expect(await lab.exit).toBe(0);
  });

  it('refuses bad arguments with exit 2 and the usage line, before listening', async () => {
    for (const args of [['--port', '99999'], ['--port', 'x'], ['--threads', '0'], ['--host', ''], ['a.yaml', 'b.yaml'], ['--hots', 'x']]) {
      const io = bufferIo({ cwd: root });
      expect(await main(['lab', ...args], io, registry), args.join(' ')).toBe(ExitCode.badInput);
      expect(io.err()).toContain('usage: pacelc lab [SPEC]');
    }
    const missing = bufferIo({ cwd: root });
    expect(await main(['lab', 'no-such-spec.yaml'], missing, registry)).toBe(ExitCode.badInput);
  });

  it('--help says how to stop it', async () => {
    const io = bufferIo({ cwd: root });
    expect(await main(['lab', '--help'], io, registry)).toBe(ExitCode.ok);
    expect(io.out()).toContain('Ctrl-C stops it');
  });
});
