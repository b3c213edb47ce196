import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

const examples = fileURLToPath(new URL('../../../examples/histories/', import.meta.url));
const corpus = fileURLToPath(new URL('../../../../shared/data/histories/porcupine/', import.meta.url));

async function check(...args: string[]) {
  const io = bufferIo({ cwd: examples });
  const code = await main(['check', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('pacelc check', () => {
  it('exits 1 and prints the counterexample of a stale read', async () => {
    const { code, out } = await check('stale-read.jsonl', '--model', 'register');
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('stale-read.jsonl: VIOLATED linearizable (register, 3 operations)');
    expect(out).toContain('#2 process 1 read → 1  [called line 7 t=12ms, returned line 8 t=13ms]');
    expect(out).toContain('not allowed: it read 1, but the value is 2');
  });

  it('exits 0 when the history holds, with failed and unknown operations counted', async () => {
    const { code, out } = await check('cas-with-timeouts.edn', '--model', 'cas-register');
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/^cas-with-timeouts.edn: HOLDS linearizable \(cas-register, 6 operations; 1 with unknown outcome, 1 compare-and-set that found another value\)$/m);
  });

  it('checks a session guarantee, and --initial sets the starting value', async () => {
    const violated = await check('read-your-writes.jsonl', '--model', 'register', '--consistency', 'read-your-writes');
    expect(violated.code).toBe(ExitCode.violated);
    expect(violated.out).toContain('process 0 wrote 7 and later read the initial value, which is older: it did not see its own write');
    expect((await check('stale-read.jsonl', '--model', 'register', '--consistency', 'monotonic-reads')).code).toBe(ExitCode.ok);
    // process 1 put "b", then read "a", written before its put began
    expect((await check('lost-write.jsonl', '--model', 'kv', '--consistency', 'read-your-writes')).code).toBe(ExitCode.violated);
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-check-'));
    writeFileSync(join(directory, 'zero.jsonl'), '{"process":0,"type":"invoke","f":"read","value":null}\n{"process":0,"type":"ok","f":"read","value":0}\n');
    expect((await check(join(directory, 'zero.jsonl'), '--model', 'register')).code).toBe(ExitCode.violated);
    expect((await check(join(directory, 'zero.jsonl'), '--model', 'register', '--initial', '0')).code).toBe(ExitCode.ok);
  });

  it('prints JSON with --format json and draws a timeline with --timeline', async () => {
    const json = await check('lost-write.jsonl', '--model', 'kv', '--format', 'json');
    const parsed = JSON.parse(json.out) as { verdict: string; violatedKeys: string[]; counterexample: { kind: string } };
    expect(parsed).toMatchObject({ verdict: 'violated', violatedKeys: ['x'], counterexample: { kind: 'linearizability' } });
    const timeline = await check('lost-write.jsonl', '--model', 'kv', '--timeline');
    expect(timeline.out).toMatch(/process \d \|.*\[get "x" → "a"/);
  });

  it('exits 3 when the budget runs out', async () => {
    if (!existsSync(`${corpus}etcd/etcd_002.log`)) return;
    const { code, out } = await check(`${corpus}etcd/etcd_002.log`, '--model', 'cas-register', '--budget-steps', '1000');
    expect(code).toBe(ExitCode.undecided);
    expect(out).toContain('UNDECIDED');
    expect(out).toMatch(/the step budget ran out after [\d,]+ steps/);
  });

  it('exits 2 with file:line:col for a malformed history, and for bad usage', async () => {
    const bad = await check('malformed.jsonl', '--model', 'register');
    expect(bad.code).toBe(ExitCode.badInput);
    expect(bad.err).toContain('malformed.jsonl:2:2: proces: unknown field');
    expect(bad.err).toContain('malformed.jsonl:3:14: type: must be one of invoke, ok, fail, info, found "invok" (did you mean "invoke"?)');
    expect(bad.err).not.toMatch(/at .*\.ts:\d+/);
    const usage = await check('stale-read.jsonl', '--model', 'regster');
    expect(usage.code).toBe(ExitCode.badInput);
    expect(usage.err).toContain('--model must be one of register, cas-register, kv, received "regster" (did you mean "register"?)');
    expect((await check('stale-read.jsonl')).err).toContain('--model is required');
    expect((await check('missing.jsonl', '--model', 'register')).code).toBe(ExitCode.badInput);
    expect((await check('stale-read.jsonl', '--model', 'register', '--bogus')).code).toBe(ExitCode.badInput);
    const wrongModel = await check('cas-with-timeouts.edn', '--model', 'register');
    expect(wrongModel.err).toContain('cas-with-timeouts.edn:6: the register model has no operation "cas"');
  });

  it('says which algorithm decided and why; --algorithm forces one', async () => {
    const auto = await check('stale-read.jsonl', '--model', 'register');
    expect(auto.out).toContain('  algorithm: unique-values, every written value is unique (decided in polynomial time)');
    const wgl = await check('stale-read.jsonl', '--model', 'register', '--algorithm', 'wgl', '--format', 'json');
    expect(JSON.parse(wgl.out)).toMatchObject({ verdict: 'violated', algorithm: { requested: 'wgl', used: 'wgl' } });
    const bad = await check('stale-read.jsonl', '--model', 'register', '--algorithm', 'fast');
    expect(bad.code).toBe(ExitCode.badInput);
    expect(bad.err).toContain('--algorithm must be one of auto, wgl, unique, received "fast"');
  });

  it('EDN and Jepsen logs read an ok read of nil as "any value" (Knossos), unless --strict-nil-reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacelc-check-'));
    const file = join(dir, 'nil-read.edn');
    writeFileSync(file, '{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value nil}\n');
    const jepsen = await check(file, '--model', 'cas-register', '--initial', '0');
    expect(jepsen.code).toBe(ExitCode.ok);
    expect(jepsen.out).toContain('1 nil read matching any value');
    expect((await check(file, '--model', 'cas-register', '--initial', '0', '--strict-nil-reads')).code).toBe(ExitCode.violated);
    // pacelc's JSON lines keep nil as "no value"
    const jsonl = join(dir, 'nil-read.jsonl');
    writeFileSync(jsonl, '{"process":0,"type":"invoke","f":"read","value":null}\n{"process":0,"type":"ok","f":"read","value":null}\n');
    expect((await check(jsonl, '--model', 'cas-register', '--initial', '0')).code).toBe(ExitCode.violated);
  });

  it('prints its help', async () => {
    const { code, out } = await check('--help');
    expect(code).toBe(ExitCode.ok);
    expect(out).toContain('usage: pacelc check HISTORY --model register|cas-register|kv');
  });

  it('--html writes a self-contained report beside the verdict, and checks the path before any work', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-check-html-'));
    const target = join(directory, 'stale.html');
    const { code, out, err } = await check('stale-read.jsonl', '--model', 'register', '--html', target);
    expect(code).toBe(ExitCode.violated);
    expect(out).toContain('stale-read.jsonl: VIOLATED linearizable');
    expect(err).toMatch(/^report: .*stale\.html \(\d+ kB\)\n$/);
    const html = readFileSync(target, 'utf8');
    expect(html).toContain('<title>check: stale-read.jsonl</title>');
    expect(html).toContain('"explanation":{"kind":"linearizability"');
    const missing = await check('stale-read.jsonl', '--model', 'register', '--html', join(directory, 'no/such/dir/x.html'));
    expect(missing.code).toBe(ExitCode.badInput);
    expect(missing.err).toContain('--html');
    expect(missing.err).toContain('its directory does not exist');
  });
});
