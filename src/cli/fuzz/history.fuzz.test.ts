// Fuzzing `pacelc check` with mutated histories in every format it reads (pacelc JSON lines, EDN,
// Jepsen log): exit 0–3, never a stack trace.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectCleanExit, fuzzSeed, mutatedText } from './fuzz-cli.js';

const examples = new URL('../../../examples/histories/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, examples), 'utf8');
const jsonLines = ['lost-write.jsonl', 'read-your-writes.jsonl', 'stale-read.jsonl', 'malformed.jsonl'].map(read);
const edn = [
  read('cas-with-timeouts.edn'),
  '[{:process 0, :type :invoke, :f :write, :value 1}\n {:process 0, :type :ok, :f :write, :value 1}\n {:process 1, :type :invoke, :f :read, :value nil}\n {:process 1, :type :ok, :f :read, :value 1}]\n',
];
const jepsen = [
  [
    'INFO  jepsen.util - 0\t:invoke\t:write\t3',
    'INFO  jepsen.util - 1\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 0\t:ok\t:write\t3',
    'INFO  jepsen.util - 1\t:ok\t:read\t3',
    'INFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]',
    'INFO  jepsen.util - 2\t:fail\t:cas\t[3 4]',
    'INFO  jepsen.util - :nemesis\t:info\t:start\tnil',
    '',
  ].join('\n'),
];
const budget = ['--model', 'cas-register', '--budget-steps', '20000', '--format', 'json'];

describe('fuzz: histories', () => {
  it.each([
    ['JSON lines', jsonLines, 'jsonl'],
    ['EDN', edn, 'edn'],
    ['Jepsen log', jepsen, 'log'],
  ] as const)('check: mutated %s histories', async (_, bases, extension) => {
    await fc.assert(fc.asyncProperty(mutatedText(bases), (text) => expectCleanExit('check', text, budget, extension).then(() => undefined)), { seed: fuzzSeed, numRuns: 150 });
  }, 60_000);
});
