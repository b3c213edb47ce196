import { InputError, type InputProblem } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import { EdnKeyword, readEdn } from './edn.js';
import { ednToJs } from './edn-history.js';
import type { HistoryEvent, HistoryEventType } from './history.js';
import { casMismatchError } from './operation.js';
import { recordEventSource } from './source-location.js';

const eventTypes: readonly HistoryEventType[] = ['invoke', 'ok', 'fail', 'info'];
const marker = 'jepsen.util - ';

/**
 * Reads the operations out of a Jepsen log: lines such as
 * `INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]` (process, type, function, value, separated by tabs
 * or spaces). Other log lines are ignored; nemesis lines are kept with process `"nemesis"` (the
 * checkers skip them). A completion's value `:timed-out` becomes `null` with `meta.error`. A `:fail :cas`
 * without an error keyword is a compare that saw another value (as Jepsen's cas-register clients
 * and Porcupine read it): it gets `meta.error` `"cas-mismatch"`, which the checkers use.
 *
 * @throws InputError naming file, line and column for an operation line with a bad type or value.
 *
 * @example
 * ```ts
 * parseJepsenLog('INFO  jepsen.util - 0\t:invoke\t:write\t3\n', 'etcd.log');
 * // [{ process: 0, type: 'invoke', f: 'write', value: 3 }]
 * ```
 */
export function parseJepsenLog(text: string, file: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const problems: InputProblem[] = [];
  const lines = text.split('\n');
  let sawContent = false;
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).replace(/\r$/, '');
    if (line.trim() !== '') sawContent = true;
    const at = line.indexOf(marker);
    if (at < 0) continue;
    const start = at + marker.length;
    const match = /^(\S+)\s+:(\S+)\s+:(\S+)(?:\s+(.*))?$/.exec(line.slice(start));
    if (match === null) continue; // jepsen.util also logs things that are not operations
    const [, processText, typeText, fText, valueText] = match as unknown as [string, string, string, string, string | undefined];
    const lineNumber = index + 1;
    if (!(eventTypes as readonly string[]).includes(typeText)) {
      const suggestion = didYouMean(typeText, eventTypes);
      problems.push({
        file,
        line: lineNumber,
        column: line.indexOf(`:${typeText}`, start) + 1,
        message: `unknown operation type ":${typeText}" (expected :invoke, :ok, :fail or :info)`,
        ...(suggestion === undefined ? {} : { suggestion: `:${suggestion}` }),
      });
      continue;
    }
    const process = /^\d+$/.test(processText) ? Number(processText) : processText.replace(/^:/, '');
    let value: unknown = null;
    let error: string | undefined;
    const trimmed = (valueText ?? '').trim();
    if (trimmed !== '') {
      try {
        const forms = readEdn(trimmed, file);
        const form = forms[0]?.value;
        if (forms.length !== 1) throw new Error('one value expected');
        if (form instanceof EdnKeyword && typeText !== 'invoke') error = form.name;
        else value = ednToJs(form);
      } catch {
        problems.push({ file, line: lineNumber, column: line.indexOf(trimmed, start) + 1, message: `cannot read the value "${trimmed}" (expected an EDN value such as nil, 3, [1 2] or :timed-out)` });
        continue;
      }
    }
    // Jepsen's cas clients complete a compare that saw another value with :fail and no error
    if (error === undefined && typeText === 'fail' && fText === 'cas') error = casMismatchError;
    const event: HistoryEvent = {
      process,
      type: typeText as HistoryEventType,
      f: fText,
      value,
      ...(error === undefined ? {} : { meta: { error } }),
    };
    recordEventSource(event, { file, line: lineNumber });
    events.push(event);
    if (problems.length >= 50) break;
  }
  if (problems.length > 0) throw new InputError(problems);
  if (events.length === 0 && sawContent) {
    throw new InputError([{ file, line: 1, column: 1, message: `no Jepsen operation lines found (expected lines such as "INFO  jepsen.util - 0\t:invoke\t:read\tnil")` }]);
  }
  return events;
}
