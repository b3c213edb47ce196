import { InputError } from '../errors.js';
import { parseEdnHistory } from './edn-history.js';
import type { HistoryEvent } from './history.js';
import { parseJepsenLog } from './jepsen-log.js';
import { parseJsonLinesHistory } from './json-lines-history.js';

/** The history formats {@link parseHistory} reads. */
export type HistoryFormat = 'json-lines' | 'jepsen-log' | 'edn';

/**
 * Which format a history text is in, from its first meaningful line: `{"` is pacelc's JSON lines,
 * a line with `jepsen.util - ` is a Jepsen log, `{:` or `[` is EDN (a map per line or one vector).
 * `undefined` when the text is empty.
 *
 * @example
 * ```ts
 * detectHistoryFormat('{:process 0, :type :invoke, :f :read}'); // 'edn'
 * ```
 */
export function detectHistoryFormat(text: string): HistoryFormat | undefined {
  if (text.includes('jepsen.util - ')) return 'jepsen-log';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//') || line.startsWith(';')) continue;
    if (/^\{\s*"/.test(line) || line === '{}') return 'json-lines';
    if (line.startsWith('{') || line.startsWith('[') || line.startsWith('(')) return 'edn';
    return undefined;
  }
  return undefined;
}

/**
 * Reads a history in any supported format (detected by {@link detectHistoryFormat}): pacelc's JSON
 * lines, a Jepsen log, or EDN. An empty text is an empty history.
 *
 * @throws InputError naming file, line and column when the text is malformed or in no known format.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const events = parseHistory(readFileSync('etcd_002.log', 'utf8'), 'etcd_002.log');
 * ```
 */
export function parseHistory(text: string, file: string): HistoryEvent[] {
  const format = detectHistoryFormat(text);
  switch (format) {
    case 'json-lines':
      return parseJsonLinesHistory(text, file);
    case 'jepsen-log':
      return parseJepsenLog(text, file);
    case 'edn':
      return parseEdnHistory(text, file);
    default: {
      if (text.trim() === '') return [];
      const lines = text.split('\n');
      const index = lines.findIndex((line) => line.trim() !== '');
      throw new InputError([
        {
          file,
          line: index + 1,
          column: 1,
          message: 'not a history in a known format: expected JSON lines ({"process":0,"type":"invoke",...}), a Jepsen log (INFO  jepsen.util - 0\t:invoke\t:read\tnil) or EDN ({:process 0, :type :invoke, ...})',
        },
      ]);
    }
  }
}
