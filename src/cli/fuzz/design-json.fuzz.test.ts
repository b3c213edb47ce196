// Fuzzing `pacelc verify` with mutated design JSON (the output of pacelc design --format json):
// both text mutations and structural ones (a field replaced by any JSON value). Exit 0–3, never a stack trace.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { design } from '../../advisor/design.js';
import { renderJson } from '../../advisor/render/json.js';
import { parseSpec } from '../../advisor/spec/parse.js';
import { expectCleanExit, fuzzSeed, mutatedText } from './fuzz-cli.js';

const spec = readFileSync(new URL('../../../examples/specs/bank-ledger.yaml', import.meta.url), 'utf8');
const designJson = renderJson(design(parseSpec(spec)));
const parsed = JSON.parse(designJson) as unknown;
const run = ['--seeds', '1', '--ops', '10', '--clients', '2', '--faults', 'crash', '--format', 'json'];

/** Every path to a value inside `root`. */
function paths(root: unknown, prefix: Array<string | number> = [], into: Array<Array<string | number>> = []): Array<Array<string | number>> {
  into.push(prefix);
  if (root !== null && typeof root === 'object' && prefix.length < 8) for (const [key, value] of Object.entries(root)) paths(value, [...prefix, Array.isArray(root) ? Number(key) : key], into);
  return into;
}
const allPaths = paths(parsed).slice(1);
/** The fields verify reads: mutated three times as often as the rest. */
const read = new Set(['schemaVersion', 'system', 'name', 'entities', 'consistency', 'replication', 'failover', 'requirements', 'choice', 'kind', 'mode', 'replicas', 'synchronousAcks', 'consensusFailover', 'n', 'w', 'r', 'readRepair', 'writeBackOnRead', 'sloppyQuorum', 'readsFrom', 'rpoMsNodeLoss', 'automatic', 'stalenessBoundMs', 'conflictResolution']);
const readPaths = allPaths.filter((path) => path.every((key) => typeof key === 'number' || read.has(key)));
const anyPath = fc.oneof({ arbitrary: fc.constantFrom(...readPaths), weight: 3 }, { arbitrary: fc.constantFrom(...allPaths), weight: 1 });

function replaced(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe('fuzz: design JSON', () => {
  it('verify: a field removed or replaced by any JSON value', async () => {
    const anyValue = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(0, -1, 0.5, 1e308, 4294967296, '', 'leaderless', 'multi-leader', 'linearizable', null, [], {}));
    await fc.assert(
      fc.asyncProperty(anyPath, anyValue, (path, value) => expectCleanExit('verify', JSON.stringify(replaced(parsed, path, value)), run, 'json').then(() => undefined)),
      { seed: fuzzSeed, numRuns: 30 },
    );
  }, 60_000);

  it('verify: mutated design JSON text', async () => {
    await fc.assert(fc.asyncProperty(mutatedText([designJson]), (text) => expectCleanExit('verify', text, run, 'json').then(() => undefined)), { seed: fuzzSeed, numRuns: 20 });
  }, 60_000);
});
