import { InputError, type InputProblem } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import type { HistoryEvent, HistoryEventType } from './history.js';
import { recordEventSource } from './source-location.js';

const eventTypes: readonly HistoryEventType[] = ['invoke', 'ok', 'fail', 'info'];
const fields = ['process', 'type', 'f', 'key', 'value', 'time', 'meta'];
/** How deeply a value may nest: far beyond any history, well within what the checkers' recursion can take. */
export const maxValueNesting = 100;

/**
 * Reads pacelc's own history format: one JSON object per line, each a {@link HistoryEvent}
 * (`{"process":0,"type":"invoke","f":"write","key":"x","value":1,"time":0}`). Blank lines and
 * lines starting with `#` or `//` are skipped. Unknown fields are errors (with a suggestion for
 * typos), so a misspelt `"proces"` is not silently ignored.
 *
 * @throws InputError naming file, line and column of every malformed line (up to 50).
 *
 * @example
 * ```ts
 * parseJsonLinesHistory('{"process":0,"type":"invoke","f":"read","value":null}\n', 'h.jsonl');
 * ```
 */
export function parseJsonLinesHistory(text: string, file: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const problems: InputProblem[] = [];
  const lines = text.split('\n');
  let lastTime: { time: number; line: number } | undefined;
  for (let index = 0; index < lines.length && problems.length < 50; index++) {
    const raw = (lines[index] as string).replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    const line = index + 1;
    const indent = raw.length - raw.trimStart().length;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(message);
      const column = indent + (position === null ? 0 : Number(position[1])) + 1;
      problems.push({ file, line, column, message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '')}` });
      continue;
    }
    const where = { file, line, column: indent + 1 };
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ ...where, message: 'expected one event object per line, such as {"process":0,"type":"invoke","f":"read","value":null}' });
      continue;
    }
    const record = parsed as Record<string, unknown>;
    const before = problems.length;
    const fieldProblem = (path: string, message: string, suggestion?: string): void => {
      const at = raw.indexOf(`"${path}"`);
      problems.push({ file, line, column: at >= 0 ? at + 1 : indent + 1, path, message, ...(suggestion === undefined ? {} : { suggestion }) });
    };
    for (const name of Object.keys(record)) {
      if (!fields.includes(name)) fieldProblem(name, `unknown field (an event has ${fields.join(', ')})`, didYouMean(name, fields));
    }
    const { process, type, f, key, value, time, meta } = record;
    if (!(typeof process === 'number' || typeof process === 'string')) fieldProblem('process', process === undefined ? 'missing: the client that issued the operation (a number or string)' : `must be a number or string, found ${JSON.stringify(process)}`);
    else if (typeof process === 'number' && !(Number.isSafeInteger(process) && process >= 0)) fieldProblem('process', `must be a whole number ≥ 0 (or a string), found ${String(process)}`);
    if (typeof type !== 'string' || !(eventTypes as readonly string[]).includes(type)) {
      const suggestion = typeof type === 'string' ? didYouMean(type, eventTypes) : undefined;
      fieldProblem('type', type === undefined ? 'missing: one of invoke, ok, fail, info' : `must be one of invoke, ok, fail, info, found ${JSON.stringify(type)}`, suggestion);
    }
    if (typeof f !== 'string' || f === '') fieldProblem('f', f === undefined ? 'missing: the operation (read, write, cas, get, put, append)' : `must be a non-empty string, found ${JSON.stringify(f)}`);
    if (key !== undefined && typeof key !== 'string') fieldProblem('key', `must be a string, found ${JSON.stringify(key)}`);
    if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time))) fieldProblem('time', `must be a number of milliseconds, found ${JSON.stringify(time)}`);
    else if (typeof time === 'number' && lastTime !== undefined && time < lastTime.time) fieldProblem('time', `runs backwards: ${time} ms is before ${lastTime.time} ms on line ${lastTime.line} (events are listed in the order they happened)`);
    const valueProblem = unreadableValue(value);
    if (valueProblem !== undefined) fieldProblem('value', valueProblem);
    if (meta !== undefined && (meta === null || typeof meta !== 'object' || Array.isArray(meta))) fieldProblem('meta', `must be an object, found ${JSON.stringify(meta)}`);
    if (problems.length > before) continue;
    if (typeof time === 'number') lastTime = { time, line };
    const event: HistoryEvent = {
      process: process as number | string,
      type: type as HistoryEventType,
      f: f as string,
      ...(key === undefined ? {} : { key: key as string }),
      value: value ?? null,
      ...(time === undefined ? {} : { time: time as number }),
      ...(meta === undefined ? {} : { meta: meta as Record<string, unknown> }),
    };
    recordEventSource(event, { file, line });
    events.push(event);
  }
  if (problems.length > 0) throw new InputError(problems);
  return events;
}

/**
 * Why a value cannot be checked, if it cannot: a number too large for a double (JSON.parse reads
 * `1e400` as Infinity) or nesting deeper than {@link maxValueNesting} levels. Walks without
 * recursion, so a hostile value cannot overflow the stack here either.
 *
 * @example
 * ```ts
 * unreadableValue(JSON.parse('[1e400]')); // 'holds a number out of range (such as 1e400): ...'
 * ```
 */
export function unreadableValue(value: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current === 'number' && !Number.isFinite(current)) return 'holds a number out of range (such as 1e400): expected finite numbers (at most about 1.8e308)';
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxValueNesting) return `nested deeper than ${maxValueNesting} levels: expected an ordinary JSON value`;
    for (const item of Object.values(current)) stack.push({ value: item, depth: depth + 1 });
  }
  return undefined;
}

/**
 * Writes events as pacelc's JSON-lines history (one event per line, ending with a newline).
 *
 * @example
 * ```ts
 * writeFileSync('history.jsonl', formatJsonLinesHistory(events));
 * ```
 */
export function formatJsonLinesHistory(events: readonly HistoryEvent[]): string {
  let text = '';
  for (const event of events) text += `${JSON.stringify(event)}\n`;
  return text;
}
