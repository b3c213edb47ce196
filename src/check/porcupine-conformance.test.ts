// Porcupine's public test histories (../shared/data/histories/porcupine, read in place, never
// copied): every verdict in VERDICTS.txt must be reproduced.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.js';
import { parseHistory } from './parse-history.js';

const corpus = fileURLToPath(new URL('../../../shared/data/histories/porcupine/', import.meta.url));
const present = existsSync(`${corpus}VERDICTS.txt`);
if (!present) console.warn(`[skip] Porcupine conformance: corpus not found at ${corpus}`);

function verdicts(): Array<{ file: string; linearizable: boolean }> {
  return readFileSync(`${corpus}VERDICTS.txt`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [file, verdict] = line.trim().split(/\s+/);
      return { file: file as string, linearizable: verdict === 'linearizable' };
    });
}

function check(file: string, splitByKey = true) {
  const events = parseHistory(readFileSync(corpus + file, 'utf8'), file);
  return checkHistory(events, { model: file.startsWith('kv/') ? 'kv' : 'cas-register', splitByKey });
}

describe.skipIf(!present)('Porcupine conformance corpus', () => {
  it('reproduces every verdict in VERDICTS.txt (etcd as a CAS register starting with no value, kv split by key)', () => {
    const list = verdicts();
    expect(list.length).toBeGreaterThanOrEqual(107);
    const mismatches: string[] = [];
    for (const { file, linearizable } of list) {
      const result = check(file);
      const expected = linearizable ? 'holds' : 'violated';
      if (result.verdict !== expected) mismatches.push(`${file}: expected ${expected}, got ${result.verdict}${result.reason === undefined ? '' : ` (${result.reason})`}`);
      if (result.verdict === 'violated') expect(result.counterexample).toBeDefined();
    }
    expect(mismatches).toEqual([]);
  });

  it('reproduces the kv verdicts without splitting by key too (the stress case)', () => {
    for (const file of ['kv/c01-ok.txt', 'kv/c01-bad.txt', 'kv/c10-ok.txt', 'kv/c10-bad.txt']) {
      expect(check(file, false).verdict, file).toBe(file.endsWith('-ok.txt') ? 'holds' : 'violated');
    }
  });

  it('reads the empty etcd_095.log as an empty history, which holds', () => {
    const result = check('etcd/etcd_095.log');
    expect(result.verdict).toBe('holds');
    expect(result.operations).toBe(0);
  });
});
