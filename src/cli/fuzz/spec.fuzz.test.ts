// Fuzzing `pacelc design` and `pacelc verify` with mutated specs (YAML and JSON): exit 0–3, never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectCleanExit, fuzzSeed, mutatedText } from './fuzz-cli.js';

const folder = new URL('../../../examples/specs/', import.meta.url);
const specs = readdirSync(folder).filter((name) => name.endsWith('.yaml')).map((name) => readFileSync(new URL(name, folder), 'utf8'));

describe('fuzz: specs', () => {
  it('design: mutated YAML specs', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(specs), (text) => expectCleanExit('design', text, [], 'yaml').then(() => undefined)), { seed: fuzzSeed, numRuns: 60 });
  }, 60_000);

  it('verify: mutated YAML specs (one short run per entity)', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(specs.slice(0, 2)), (text) => expectCleanExit('verify', text, ['--seeds', '1', '--ops', '20', '--clients', '2'], 'yaml').then(() => undefined)), { seed: fuzzSeed, numRuns: 25 });
  }, 60_000);
});
