// Hostile input to every command (issue: "survive a hostile world", items 7, 8 and 13): each is
// bad input and must be exit 2 (or 3 for a run that proves nothing) with the file, the place and
// what was expected; never exit 70 with a stack trace.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from './exit-code.js';
import { bufferIo } from './io.js';
import { main } from './main.js';

const directory = mkdtempSync(join(tmpdir(), 'pacelc-hostile-'));
const file = (name: string, text: string): string => (writeFileSync(join(directory, name), text), name);
const spec = 'system: { name: shop }\nentities:\n  - { name: orders, access: { reads: key, writes: single-key } }\n';

const aliasBomb = file(
  'bomb.yaml',
  ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]', ''].join('\n'),
);
const event = (fields: Record<string, unknown>): string => JSON.stringify({ process: 0, type: 'invoke', f: 'write', value: 1, ...fields });
const scenario = (extra: string): string => `protocol: { kind: leaderless, n: 3, w: 2, r: 2 }\nworkload: { operations: 20 }\n${extra}`;

async function run(args: string[]): Promise<{ exit: number; err: string }> {
  const io = bufferIo({ cwd: directory });
  const exit = await main(args, io);
  const err = io.err();
  expect(err, 'no stack trace').not.toMatch(/\n\s+at |internal error/);
  return { exit, err };
}

describe('hostile input: exit 2 with the file, the place and what was expected', () => {
  it.each([
    ['design', [aliasBomb], /bomb\.yaml:2:\d+: its aliases \(\*name\) expand to too many nodes/],
    ['simulate', [aliasBomb], /bomb\.yaml:2:\d+: its aliases/],
    ['verify', [aliasBomb], /bomb\.yaml:2:\d+: its aliases/],
    ['design', [file('deep.json', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`)], /deep\.json:1:321: nested deeper than 64 levels/],
    ['simulate', ['deep.json'], /deep\.json:1:321: nested deeper than 64 levels/],
    ['check', [file('deep.edn', `${'['.repeat(3000)}${']'.repeat(3000)}\n`), '--model', 'register'], /deep\.edn:1:101: nested deeper than 100 levels/],
    ['check', [file('deep.jsonl', `{"process":0,"type":"invoke","f":"write","value":${'['.repeat(5000)}${']'.repeat(5000)}}\n`), '--model', 'register'], /deep\.jsonl:1:\d+: value: nested deeper than 100 levels/],
    ['simulate', [file('regions.yaml', scenario('network: { regions: { nodes: [eu, us], latency: {} } }\n'))], /regions\.yaml:3:\d+: network\.regions\.nodes: names 2 regions: expected one per node \(3\)/],
    ['simulate', [file('node7.yaml', scenario('faults:\n  schedule:\n    - { atMs: 10, kind: isolate, node: 7 }\n    - { atMs: 10, kind: crash, nodes: [1, 3] }\n'))], /node7\.yaml:5:\d+: faults\.schedule\[0\]\.node: node 7 does not exist: the cluster has nodes 0 to 2[\s\S]*node7\.yaml:6:\d+: faults\.schedule\[1\]\.nodes\[1\]: node 3 does not exist/],
    ['simulate', [file('nodes.yaml', 'protocol: { kind: leaderless, n: 3, w: 2, r: 2, nodes: 2 }\n')], /nodes\.yaml: the options do not fit together: nodes: expected an integer from n \(3\) to 30/],
    ['verify', [file('design.json', '{"schemaVersion":1,"entities":[{}]}')], /design\.json:1:32: entities\[0\]\.name: missing: expected string/],
    ['verify', [file('quorum.json', JSON.stringify({ schemaVersion: 1, system: { name: 'x' }, entities: [{ name: 'a', consistency: { choice: 'linearizable' }, replication: { choice: { readsFrom: 'quorum', choice: { kind: 'leaderless', n: 3, w: 5, r: 2, readRepair: false, writeBackOnRead: true, sloppyQuorum: false } } }, failover: { choice: { rpoMsNodeLoss: 0, automatic: true } } }] }))], /quorum\.json:1:\d+: entities\[0\]\.replication\.choice\.choice\.w: expected at most n \(3\), found 5/],
    ['simulate', ['--keys', '4294967296'], /--keys must be a whole number from 1 to 100000, received "4294967296"/],
    ['simulate', ['--out', file('a-file', ''), '--ops', '10'], /--out a-file: is a file, expected a directory/],
    ['verify', [file('spec.yaml', spec), '--out', 'a-file'], /--out a-file: is a file, expected a directory/],
    ['design', ['spec.yaml', '--out', 'missing/design.txt'], /--out missing\/design\.txt: its directory does not exist, expected a file in an existing directory/],
    ['design', ['spec.yaml', '--out', (mkdirSync(join(directory, 'out-dir')), 'out-dir')], /--out out-dir: is a directory, expected a file name/],
  ])('%s %j', async (command, args, message) => {
    const { exit, err } = await run([command, ...args]);
    expect(err).toMatch(message);
    expect(exit).toBe(ExitCode.badInput);
  });
});

describe('documented bounds on sizes, checked before anything is allocated', () => {
  it.each([
    [['--ops', '1e12'], /--ops must be a whole number from 1 to 1000000, received "1e12"/],
    [['--ops', '1000001'], /--ops must be a whole number from 1 to 1000000/],
    [['--keys', '100000000'], /--keys must be a whole number from 1 to 100000/],
    [['--clients', '10001'], /--clients must be a whole number from 1 to 10000/],
    [[file('big.yaml', 'protocol: { kind: leaderless, n: 3, w: 2, r: 2 }\nworkload: { operations: 1000000000000, keys: 100000000 }\n')], /big\.yaml:2:\d+: workload\.operations: expected a number ≤ 1000000[\s\S]*workload\.keys: expected a number ≤ 100000/],
  ])('simulate %j', async (args, message) => {
    const { exit, err } = await run(['simulate', ...args]);
    expect(err).toMatch(message);
    expect(exit).toBe(ExitCode.badInput);
  });
});

describe('verify: the bounds docs/verify.md documents are the ones enforced', () => {
  const page = readFileSync(new URL('../../docs/verify.md', import.meta.url), 'utf8');
  const bounds = [...page.matchAll(/^\| `(--\w+) \w+` \|.*\(at most ([\d,]+)\) \|$/gm)].map((match) => [match[1] as string, Number((match[2] as string).replace(/,/g, ''))] as const);
  it('documents --seeds, --ops and --clients', () => expect(bounds.map(([flag]) => flag).sort()).toEqual(['--clients', '--ops', '--seeds']));
  it.each(bounds)('%s past %d is exit 2 naming the bound', async (flag, bound) => {
    const { exit, err } = await run(['verify', file('bounded.yaml', spec), flag, String(bound + 1)]);
    expect(err).toContain(`${flag} must be a whole number from 1 to ${bound}`);
    expect(exit).toBe(ExitCode.badInput);
  });
});

describe('check refuses histories that prove nothing or cannot have happened', () => {
  it.each([
    [file('empty.jsonl', ''), [], /empty\.jsonl:1:1: the history holds no operations/],
    [file('blank.jsonl', '\n  \n\n'), [], /the history holds no operations/],
    [file('huge.jsonl', '{"process":0,"type":"invoke","f":"write","value":1e400}\n'), [], /huge\.jsonl:1:\d+: value: holds a number out of range \(such as 1e400\)/],
    [file('huge.edn', '{:process 0, :type :invoke, :f :write, :value 1e400}\n'), [], /huge\.edn:1:\d+: 1e400 is out of range: expected a finite number/],
    [file('h.jsonl', `${event({})}\n${event({ type: 'ok' })}\n`), ['--initial', '{bad'], /--initial must be a JSON value .* received "\{bad"/],
    ['h.jsonl', ['--initial', '[1e400]'], /--initial holds a number out of range/],
    [file('changed.jsonl', `${event({})}\n${event({ type: 'ok', value: 2 })}\n`), [], /changed\.jsonl:2: process 0 completes "write" with 2 but invoked it with 1 at line 1/],
    [file('backwards.jsonl', `${event({ time: 10 })}\n${event({ type: 'ok', time: 5 })}\n`), [], /backwards\.jsonl:2:\d+: time: runs backwards: 5 ms is before 10 ms on line 1/],
    [file('negative.jsonl', `${event({ process: -1 })}\n`), [], /negative\.jsonl:1:\d+: process: must be a whole number ≥ 0 \(or a string\), found -1/],
    [file('fraction.jsonl', `${event({ process: 0.5 })}\n`), [], /process: must be a whole number ≥ 0 \(or a string\), found 0\.5/],
    [file('negative.edn', '{:process -1, :type :invoke, :f :write, :value 1}\n'), [], /negative\.edn:1:1: :process must be a whole number ≥ 0 or a keyword, found -1/],
  ])('check %s %j', async (history, extra, message) => {
    const { exit, err } = await run(['check', history, '--model', 'register', ...extra]);
    expect(err).toMatch(message);
    expect(exit).toBe(ExitCode.badInput);
  });
});

describe('simulate: a run that completed nothing proves nothing', () => {
  it('--latency 1e308 completes no operation: UNKNOWN, exit 3, not HOLDS', async () => {
    const io = bufferIo({ cwd: directory });
    const exit = await main(['simulate', '--latency', '1e308', '--ops', '20', '--seed', '1'], io);
    expect(io.out()).toMatch(/verdict +UNKNOWN .*no operation completed \(0 of 20 invoked\): a run that completed nothing proves nothing/);
    expect(exit).toBe(ExitCode.undecided);
  });
});
