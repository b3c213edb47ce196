import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { EdnKeyword, readEdn } from './edn.js';
import { parseEdnHistory } from './edn-history.js';
import { parseJepsenLog } from './jepsen-log.js';
import { formatJsonLinesHistory, parseJsonLinesHistory } from './json-lines-history.js';
import { detectHistoryFormat, parseHistory } from './parse-history.js';
import { eventSource } from './source-location.js';

function problemsOf(run: () => unknown): InputError['problems'] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readEdn', () => {
  it('reads maps, vectors, lists, sets, keywords, strings with escapes, numbers, nil, comments, discards and tags', () => {
    const [top] = readEdn('{:a [1 -2.5 3N nil true] :b ("x\\"y" :k/w) :c #{1} ; comment\n :d #_ 9 #inst "2020" :e \\a}', 'x.edn');
    const map = top?.value as Map<unknown, unknown>;
    const get = (name: string) => [...map].find(([key]) => key instanceof EdnKeyword && key.name === name)?.[1];
    expect(get('a')).toEqual([1, -2.5, 3, null, true]);
    expect(get('b')).toEqual(['x"y', new EdnKeyword('k/w')]);
    expect(get('c')).toEqual(new Set([1]));
    expect(get('d')).toBe('2020');
    expect(get('e')).toBe('a');
  });

  it('names line and column of a syntax error', () => {
    expect(problemsOf(() => readEdn('{:a 1}\n{:b [1 2}', 'x.edn'))).toEqual([{ file: 'x.edn', line: 2, column: 9, message: '"]" expected, found "}"' }]);
    expect(problemsOf(() => readEdn('\n  "open', 'x.edn'))[0]).toMatchObject({ line: 2, column: 3, message: 'this string is not closed' });
    expect(problemsOf(() => readEdn('{:a}', 'x.edn'))[0]?.message).toMatch(/even number/);
  });
});

describe('parseEdnHistory', () => {
  const line = '{:process 0, :type :invoke, :f :get, :key "1", :value nil, :time 123, :index 4}';

  it('reads one map per line, ignoring :time and :index, and records lines', () => {
    const events = parseEdnHistory(`${line}\n{:process 0, :type :ok, :f :get, :key "1", :value "x 0 0 y"}\n`, 'kv.txt');
    expect(events).toEqual([
      { process: 0, type: 'invoke', f: 'get', key: '1', value: null },
      { process: 0, type: 'ok', f: 'get', key: '1', value: 'x 0 0 y' },
    ]);
    expect(eventSource(events[1]!)).toEqual({ file: 'kv.txt', line: 2 });
  });

  it('reads one vector of maps, across lines; cas values become arrays; nemesis processes stay keywords', () => {
    const text = '[{:process 0 :type :invoke :f :cas :value [1 2]}\n {:process 0 :type :fail :f :cas :value [1 2] :error :mismatch}\n {:process :nemesis :type :info :f :start}]';
    const events = parseEdnHistory(text, 'h.edn');
    expect(events[0]).toEqual({ process: 0, type: 'invoke', f: 'cas', value: [1, 2] });
    expect(events[1]).toEqual({ process: 0, type: 'fail', f: 'cas', value: [1, 2], meta: { error: 'mismatch' } });
    expect(events[2]?.process).toBe('nemesis');
    expect(eventSource(events[1]!)?.line).toBe(2);
  });

  it('reports every malformed operation with its line', () => {
    const problems = problemsOf(() => parseEdnHistory(`${line}\n{:process 0, :type :okk, :f :get}\n{:type :ok, :f :get}\n[1 2]\n`, 'kv.txt'));
    expect(problems).toEqual([
      { file: 'kv.txt', line: 2, column: 1, path: ':type', message: ':type must be :invoke, :ok, :fail or :info, found :okk', suggestion: ':ok' },
      { file: 'kv.txt', line: 3, column: 1, message: ':process is missing' },
      { file: 'kv.txt', line: 4, column: 1, message: 'expected an operation map such as {:process 0, :type :invoke, :f :read, :value nil}, found a vector' },
    ]);
  });
});

describe('parseJepsenLog', () => {
  it('reads operation lines with tabs or spaces and skips other log lines', () => {
    const text = [
      'INFO  jepsen.core - Running test',
      'INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]',
      'INFO  jepsen.util - 3   :fail   :cas    [1 2]',
      'INFO  jepsen.util - 4\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 4\t:fail\t:read\t:timed-out',
      'INFO  jepsen.util - :nemesis\t:info\t:start\tnil',
    ].join('\n');
    const events = parseJepsenLog(text, 'etcd.log');
    expect(events).toEqual([
      { process: 3, type: 'invoke', f: 'cas', value: [1, 2] },
      // a :fail :cas without an error is a compare that saw another value
      { process: 3, type: 'fail', f: 'cas', value: [1, 2], meta: { error: 'cas-mismatch' } },
      { process: 4, type: 'invoke', f: 'read', value: null },
      { process: 4, type: 'fail', f: 'read', value: null, meta: { error: 'timed-out' } },
      { process: 'nemesis', type: 'info', f: 'start', value: null },
    ]);
    expect(eventSource(events[0]!)).toEqual({ file: 'etcd.log', line: 2 });
  });

  it('names the line and column of a bad type or value', () => {
    const problems = problemsOf(() => parseJepsenLog('INFO  jepsen.util - 3\t:invok\t:read\tnil\nINFO  jepsen.util - 3\t:ok\t:read\t[1\n', 'etcd.log'));
    expect(problems).toEqual([
      { file: 'etcd.log', line: 1, column: 23, message: 'unknown operation type ":invok" (expected :invoke, :ok, :fail or :info)', suggestion: ':invoke' },
      { file: 'etcd.log', line: 2, column: 33, message: 'cannot read the value "[1" (expected an EDN value such as nil, 3, [1 2] or :timed-out)' },
    ]);
  });
});

describe('parseJsonLinesHistory', () => {
  it('round-trips with formatJsonLinesHistory, skipping blank and comment lines', () => {
    const events = [
      { process: 0, type: 'invoke' as const, f: 'write', key: 'x', value: 1, time: 0 },
      { process: 0, type: 'ok' as const, f: 'write', key: 'x', value: 1, time: 2.5, meta: { node: 'n1' } },
    ];
    const text = `# a comment\n\n${formatJsonLinesHistory(events)}`;
    expect(parseJsonLinesHistory(text, 'h.jsonl')).toEqual(events);
  });

  it('names file, line, column and field of each problem, with suggestions', () => {
    const text = '{"process":0,"type":"invoke","f":"read","value":null}\n{"proces":0,"type":"ok","f":"read"}\n{"process":0,"type":"okay","f":"read"}\n  {"process":0,\n';
    expect(problemsOf(() => parseJsonLinesHistory(text, 'h.jsonl'))).toEqual([
      { file: 'h.jsonl', line: 2, column: 2, path: 'proces', message: 'unknown field (an event has process, type, f, key, value, time, meta)', suggestion: 'process' },
      { file: 'h.jsonl', line: 2, column: 1, path: 'process', message: 'missing: the client that issued the operation (a number or string)' },
      { file: 'h.jsonl', line: 3, column: 14, path: 'type', message: 'must be one of invoke, ok, fail, info, found "okay"' },
      expect.objectContaining({ file: 'h.jsonl', line: 4, message: expect.stringMatching(/^not valid JSON/) }),
    ]);
  });
});

describe('parseHistory', () => {
  it('detects the format', () => {
    expect(detectHistoryFormat('{"process":0}')).toBe('json-lines');
    expect(detectHistoryFormat('\n{:process 0}')).toBe('edn');
    expect(detectHistoryFormat('[{:process 0}]')).toBe('edn');
    expect(detectHistoryFormat('INFO  jepsen.util - 0\t:invoke\t:read\tnil')).toBe('jepsen-log');
    expect(detectHistoryFormat('hello')).toBeUndefined();
    expect(parseHistory('', 'empty.log')).toEqual([]);
  });

  it('rejects an unknown format naming the first line', () => {
    expect(problemsOf(() => parseHistory('\nhello world\n', 'x.txt'))[0]).toMatchObject({ file: 'x.txt', line: 2, column: 1 });
  });
});
