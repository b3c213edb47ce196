// Fuzzing `pacelc simulate` with mutated scenarios: exit 0–3, never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectCleanExit, fuzzSeed, mutatedText } from './fuzz-cli.js';

const folder = new URL('../../../examples/scenarios/', import.meta.url);
const scenarios = readdirSync(folder).filter((name) => name.endsWith('.yaml')).map((name) => readFileSync(new URL(name, folder), 'utf8'));

describe('fuzz: scenarios', () => {
  it('simulate: mutated scenarios (short runs: the flags cap operations and settling)', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(scenarios), (text) => expectCleanExit('simulate', text, ['--ops', '20', '--settle', '100', '--format', 'json'], 'yaml').then(() => undefined)), { seed: fuzzSeed, numRuns: 60 });
  }, 60_000);
});
