import { InputError, type InputProblem } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import { EdnKeyword, type EdnMap, EdnSymbol, ednGet, ednPosition, readEdn } from './edn.js';
import type { HistoryEvent, HistoryEventType } from './history.js';
import { casMismatchError } from './operation.js';
import { recordEventSource } from './source-location.js';

const eventTypes: readonly HistoryEventType[] = ['invoke', 'ok', 'fail', 'info'];
const knownKeys = ['process', 'type', 'f', 'key', 'value'];

/**
 * Reads a Jepsen history in EDN: one map per line
 * (`{:process 0, :type :invoke, :f :get, :key "1", :value nil}`), or one vector of such maps.
 * `:process`, `:type` and `:f` are required; `:key` and `:value` are optional; other keys (`:time`,
 * `:index`, `:error`...) are ignored, except `:error` and `:node` which are kept in `meta`.
 * Keywords become strings, vectors arrays, maps objects.
 *
 * @throws InputError naming file, line and column of each malformed operation.
 *
 * @example
 * ```ts
 * parseEdnHistory('{:process 0, :type :invoke, :f :put, :key "x", :value "1"}\n', 'kv.edn');
 * // [{ process: 0, type: 'invoke', f: 'put', key: 'x', value: '1' }]
 * ```
 */
export function parseEdnHistory(text: string, file: string): HistoryEvent[] {
  const forms = readEdn(text, file);
  const maps: Array<{ value: unknown; line: number; column: number }> = [];
  const first = forms[0];
  if (forms.length === 1 && first !== undefined && Array.isArray(first.value)) {
    for (const item of first.value) {
      const position = item !== null && typeof item === 'object' ? ednPosition(item) : undefined;
      maps.push({ value: item, line: position?.line ?? first.line, column: position?.column ?? first.column });
    }
  } else {
    maps.push(...forms);
  }
  const events: HistoryEvent[] = [];
  const problems: InputProblem[] = [];
  for (const { value, line, column } of maps) {
    const where = { file, line, column };
    if (!(value instanceof Map)) {
      problems.push({ ...where, message: `expected an operation map such as {:process 0, :type :invoke, :f :read, :value nil}, found ${describeForm(value)}` });
      continue;
    }
    const map = value as EdnMap;
    const process = ednGet(map, 'process');
    const type = ednGet(map, 'type');
    const f = ednGet(map, 'f');
    const issues: string[] = [];
    let processValue: number | string | undefined;
    if (typeof process === 'number' && !(Number.isSafeInteger(process) && process >= 0)) issues.push(`:process must be a whole number ≥ 0 or a keyword, found ${String(process)}`);
    else if (typeof process === 'number') processValue = process;
    else if (process instanceof EdnKeyword || process instanceof EdnSymbol) processValue = process.name;
    else if (typeof process === 'string') processValue = process;
    else issues.push(process === undefined ? ':process is missing' : `:process must be a number or keyword, found ${describeForm(process)}`);
    const typeName = type instanceof EdnKeyword ? type.name : undefined;
    if (typeName === undefined || !(eventTypes as readonly string[]).includes(typeName)) {
      const suggestion = typeName === undefined ? undefined : didYouMean(typeName, eventTypes);
      problems.push({
        ...where,
        path: ':type',
        message: type === undefined ? ':type is missing (expected :invoke, :ok, :fail or :info)' : `:type must be :invoke, :ok, :fail or :info, found ${describeForm(type)}`,
        ...(suggestion === undefined ? {} : { suggestion: `:${suggestion}` }),
      });
    }
    const fName = f instanceof EdnKeyword || f instanceof EdnSymbol ? f.name : typeof f === 'string' ? f : undefined;
    if (fName === undefined) issues.push(f === undefined ? ':f is missing' : `:f must be a keyword, found ${describeForm(f)}`);
    const key = ednGet(map, 'key');
    if (key !== undefined && key !== null && typeof key !== 'string' && typeof key !== 'number' && !(key instanceof EdnKeyword)) {
      issues.push(`:key must be a string, number or keyword, found ${describeForm(key)}`);
    }
    for (const issue of issues) problems.push({ ...where, message: issue });
    if (issues.length > 0 || processValue === undefined || typeName === undefined || fName === undefined || !(eventTypes as readonly string[]).includes(typeName)) continue;
    const meta: Record<string, unknown> = {};
    for (const [mapKey, mapValue] of map) {
      if (mapKey instanceof EdnKeyword && !knownKeys.includes(mapKey.name) && (mapKey.name === 'error' || mapKey.name === 'node')) meta[mapKey.name] = ednToJs(mapValue);
    }
    // Jepsen's cas clients complete a compare that saw another value with :fail and no :error
    if (typeName === 'fail' && fName === 'cas' && meta.error === undefined) meta.error = casMismatchError;
    const event: HistoryEvent = {
      process: processValue,
      type: typeName as HistoryEventType,
      f: fName,
      ...(key === undefined || key === null ? {} : { key: key instanceof EdnKeyword ? key.name : String(key) }),
      value: ednToJs(ednGet(map, 'value') ?? null),
      ...(Object.keys(meta).length === 0 ? {} : { meta }),
    };
    recordEventSource(event, { file, line });
    events.push(event);
    if (problems.length >= 50) break;
  }
  if (problems.length > 0) throw new InputError(problems);
  return events;
}

/**
 * An EDN value as plain JavaScript: keywords and symbols become their names, vectors and lists
 * arrays, sets arrays, maps objects (keyed by the keyword's name or the key's text).
 *
 * @example
 * ```ts
 * ednToJs(readEdn('[:a 1 nil]', 'x')[0]!.value); // ['a', 1, null]
 * ```
 */
export function ednToJs(value: unknown): unknown {
  if (value instanceof EdnKeyword || value instanceof EdnSymbol) return value.name;
  if (Array.isArray(value)) return value.map(ednToJs);
  if (value instanceof Set) return [...value].map(ednToJs);
  if (value instanceof Map) {
    const object: Record<string, unknown> = {};
    for (const [key, item] of value) object[key instanceof EdnKeyword || key instanceof EdnSymbol ? key.name : String(key)] = ednToJs(item);
    return object;
  }
  return value;
}

function describeForm(value: unknown): string {
  if (value === null) return 'nil';
  if (value instanceof EdnKeyword) return `:${value.name}`;
  if (value instanceof EdnSymbol) return value.name;
  if (value instanceof Map) return 'a map';
  if (Array.isArray(value)) return 'a vector';
  if (value instanceof Set) return 'a set';
  return JSON.stringify(value);
}
