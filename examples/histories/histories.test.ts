// Every example history gives the verdict its comment describes, under each model it illustrates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkHistory, type CheckOptions, measureStaleness, parseHistory } from '../../src/check/index.js';
import { InputError } from '../../src/errors.js';

function load(name: string) {
  return parseHistory(readFileSync(new URL(name, import.meta.url), 'utf8'), name);
}

const expectations: ReadonlyArray<readonly [file: string, options: CheckOptions, verdict: 'holds' | 'violated']> = [
  ['stale-read.jsonl', { model: 'register' }, 'violated'],
  ['stale-read.jsonl', { model: 'register', consistency: 'monotonic-reads' }, 'holds'],
  ['stale-read.jsonl', { model: 'register', consistency: 'read-your-writes' }, 'holds'],
  ['lost-write.jsonl', { model: 'kv' }, 'violated'],
  ['lost-write.jsonl', { model: 'kv', consistency: 'read-your-writes' }, 'violated'],
  ['read-your-writes.jsonl', { model: 'register' }, 'violated'],
  ['read-your-writes.jsonl', { model: 'register', consistency: 'read-your-writes' }, 'violated'],
  ['read-your-writes.jsonl', { model: 'register', consistency: 'monotonic-reads' }, 'holds'],
  ['cas-with-timeouts.edn', { model: 'cas-register' }, 'holds'],
  ['jepsen-nil-read.edn', { model: 'cas-register', initial: 0, nilReadsMatchAny: true }, 'holds'],
  ['jepsen-nil-read.edn', { model: 'cas-register', initial: 0 }, 'violated'],
];

describe('example histories', () => {
  for (const [file, options, verdict] of expectations) {
    it(`${file}: ${options.consistency ?? 'linearizable'} ${verdict}`, () => {
      expect(checkHistory(load(file), options).verdict).toBe(verdict);
    });
  }

  it('stale-read.jsonl: the read is one version and 3 ms behind', () => {
    expect(measureStaleness(load('stale-read.jsonl'))).toMatchObject({ reads: 1, staleReads: 1, versionsBehind: { max: 1 }, stalenessMs: { max: 3 } });
  });

  it('malformed.jsonl is rejected with its lines', () => {
    expect(() => load('malformed.jsonl')).toThrow(InputError);
  });
});

describe('check-in-code.ts', () => {
  it('reports the verdicts and the staleness', async () => {
    const { report } = await import('./check-in-code.js');
    const text = report();
    expect(text).toContain('linearizable: violated');
    expect(text).toContain('monotonic reads: holds');
    expect(text).toContain('stale reads: 1 of 1, up to 1 version(s) and 3 ms behind');
  });
});
