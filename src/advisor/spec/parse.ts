import { isMap, isScalar, type Document } from 'yaml';
import type * as z from 'zod';
import { describeValue, InputError, type InputProblem } from '../../errors.js';
import { didYouMean } from '../../text/did-you-mean.js';
import { readYamlInput } from '../../text/yaml-input.js';
import { crossCheckSpec } from './cross-check.js';
import { type Spec, specSchema } from './schema.js';

/** Options of {@link parseSpec}, e.g. `{ file: 'shop.yaml' }`. */
export interface ParseSpecOptions {
  /** The file name to put in every problem (as the user typed it). */
  readonly file?: string;
}

type PathKey = string | number;

/**
 * Parses and validates a spec written in YAML or JSON. Every problem is reported at once, as an
 * `InputError` whose problems carry the file, line, column, field path, what was expected and
 * what was found, and a did-you-mean for misspelt fields, values and names.
 *
 * @example
 * ```ts
 * import { parseSpec } from 'pacelc/advisor';
 * const spec = parseSpec(readFileSync('shop.yaml', 'utf8'), { file: 'shop.yaml' });
 * ```
 */
export function parseSpec(text: string, options: ParseSpecOptions = {}): Spec {
  const file = options.file;
  const { document, value, at } = readYamlInput(text, { file, expected: 'YAML or JSON' });
  if (value === null || value === undefined) {
    throw new InputError([{ ...(file === undefined ? {} : { file }), line: 1, column: 1, message: 'the spec is empty: expected a mapping with at least `system` and `entities`' }]);
  }
  const locate = (path: readonly PathKey[], key?: string): { line?: number; column?: number } => {
    const offset = offsetOf(document, path, key);
    return offset === undefined ? {} : at(offset);
  };
  const problem = (path: readonly PathKey[], message: string, extra: { key?: string; suggestion?: string } = {}): InputProblem => ({
    ...(file === undefined ? {} : { file }),
    ...locate(path, extra.key),
    path: formatPath(extra.key === undefined ? path : [...path, extra.key]),
    message,
    ...(extra.suggestion === undefined ? {} : { suggestion: extra.suggestion }),
  });

  const result = specSchema.safeParse(value);
  const schemaProblems = result.success ? [] : result.error.issues.flatMap((issue) => issueProblems(issue, value, problem));
  // Names are checked even when the schema failed, so that every problem is reported at once.
  const references = referenceProblems(result.success ? result.data : value).map((found) =>
    problem(found.path, found.message, found.suggestion === undefined ? {} : { suggestion: found.suggestion }),
  );
  if (!result.success || references.length > 0) throw new InputError(sortProblems(dedupe([...schemaProblems, ...references])));
  return result.data;
}

/** Cross-checks names; on a spec that failed the schema, checks what it can and skips the rest. */
function referenceProblems(value: unknown): ReturnType<typeof crossCheckSpec> {
  try {
    return crossCheckSpec(value as Spec);
  } catch {
    return [];
  }
}

type MakeProblem = (path: readonly PathKey[], message: string, extra?: { key?: string; suggestion?: string }) => InputProblem;

function issueProblems(issue: z.core.$ZodIssue, root: unknown, problem: MakeProblem): InputProblem[] {
  const path = issue.path.filter((key): key is PathKey => typeof key !== 'symbol');
  const found = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(path, root);
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, known);
        return problem(path, `unknown field "${key}"${known.length > 0 ? `; expected one of: ${known.join(', ')}` : ''}`, {
          key,
          ...(suggestion === undefined ? {} : { suggestion }),
        });
      });
    }
    case 'invalid_type': {
      if (found === undefined) return [problem(path, `missing required field: expected ${typeName(issue.expected)}`)];
      return [problem(path, `expected ${typeName(issue.expected)}, found ${describeFound(found)}`)];
    }
    case 'invalid_value': {
      const values = issue.values.map((candidate) => describeValue(candidate));
      const suggestion = typeof found === 'string' ? didYouMean(found, issue.values.filter((candidate): candidate is string => typeof candidate === 'string')) : undefined;
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      if (found === undefined) return [problem(path, `missing required field: expected ${expected}`)];
      return [problem(path, `expected ${expected}, found ${describeFound(found)}`, suggestion === undefined ? {} : { suggestion })];
    }
    case 'invalid_union': {
      if ('options' in issue && Array.isArray((issue as { options?: unknown }).options)) {
        const options = (issue as unknown as { options: unknown[] }).options.filter((option): option is string => typeof option === 'string');
        const suggestion = typeof found === 'string' ? didYouMean(found, options) : undefined;
        const what = found === undefined ? 'missing required field: expected' : 'expected';
        const tail = found === undefined ? '' : `, found ${describeFound(found)}`;
        return [problem(path, `${what} one of ${options.map((option) => JSON.stringify(option)).join(', ')}${tail}`, suggestion === undefined ? {} : { suggestion })];
      }
      return unionProblems(issue.errors, path, found, root, problem);
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      const relation = issue.code === 'too_small' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
      const expected =
        issue.origin === 'array'
          ? `${relation} ${String(bound)} item${Number(bound) === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? `${relation} ${String(bound)} character${Number(bound) === 1 ? '' : 's'}`
            : `a number ${relation} ${String(bound)}`;
      return [problem(path, `expected ${expected}, found ${describeFound(found)}`)];
    }
    default:
      return [problem(path, `${issue.message}${found === undefined ? '' : `, found ${describeFound(found)}`}`)];
  }
}

/**
 * A union failed on every branch. When some branch matched the shape (its problems are all inside
 * the value), report that branch's problems; otherwise say which alternatives were expected.
 */
function unionProblems(branches: readonly (readonly z.core.$ZodIssue[])[], path: readonly PathKey[], found: unknown, root: unknown, problem: MakeProblem): InputProblem[] {
  const isRootMismatch = (issue: z.core.$ZodIssue): boolean => issue.path.length === 0 && issue.code !== 'unrecognized_keys';
  const shaped = branches.filter((issues) => !issues.some(isRootMismatch));
  if (shaped.length > 0) {
    const best = shaped.reduce((a, b) => (b.length < a.length ? b : a));
    return best.flatMap((issue) => issueProblems({ ...issue, path: [...path, ...issue.path] } as z.core.$ZodIssue, root, problem));
  }
  const literals: string[] = [];
  const kinds: string[] = [];
  for (const issues of branches) {
    for (const issue of issues) {
      if (!isRootMismatch(issue)) continue;
      if (issue.code === 'invalid_value') literals.push(...issue.values.map((candidate) => describeValue(candidate)));
      else if (issue.code === 'invalid_type') kinds.push(typeName(issue.expected));
    }
  }
  const alternatives = [...new Set([...literals, ...kinds])];
  const suggestion = typeof found === 'string' ? didYouMean(found, literals.map((literal) => literal.replace(/^"|"$/g, ''))) : undefined;
  const expected = alternatives.length === 0 ? 'a different value' : alternatives.length === 1 ? alternatives[0] : `${alternatives.slice(0, -1).join(', ')} or ${alternatives.at(-1)}`;
  if (found === undefined) return [problem(path, `missing required field: expected ${expected}`)];
  return [problem(path, `expected ${expected}, found ${describeFound(found)}`, suggestion === undefined ? {} : { suggestion })];
}

function typeName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a mapping (key: value)';
    case 'array':
      return 'a list';
    case 'tuple':
      return 'a list of two region names';
    default:
      return expected;
  }
}

function describeFound(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return `a list (${describeValue(value)})`;
  if (typeof value === 'object') return `a mapping (${describeValue(value)})`;
  if (typeof value === 'number' && !Number.isInteger(value)) return `${value} (not a whole number)`;
  return describeValue(value);
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathKey, unknown>)[key];
  }
  return current;
}

/** The field names allowed where a path points, read from the zod schema (for did-you-mean). */
function knownKeysAt(path: readonly PathKey[], root: unknown): string[] {
  let schema: unknown = specSchema;
  for (let index = 0; index <= path.length; index++) {
    schema = unwrap(schema, valueAt(root, path.slice(0, index)));
    if (index === path.length) break;
    const key = path[index];
    const definition = (schema as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } } | undefined)?.def;
    if (definition?.type === 'object' && typeof key === 'string') schema = definition.shape?.[key];
    else if (definition?.type === 'array') schema = definition.element;
    else return [];
  }
  const shape = (schema as { def?: { type?: string; shape?: Record<string, unknown> } } | undefined)?.def;
  return shape?.type === 'object' ? Object.keys(shape.shape ?? {}) : [];
}

/** Removes optional wrappers and picks the union branch that fits the value (by `kind` or by shape). */
function unwrap(schema: unknown, value: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown; options?: unknown[]; discriminator?: string } } | undefined;
  for (let depth = 0; depth < 10 && current?.def !== undefined; depth++) {
    const definition = current.def;
    if (definition.type === 'optional' || definition.type === 'default' || definition.type === 'nullable') {
      current = definition.innerType as typeof current;
    } else if (definition.type === 'union') {
      const objects = (definition.options ?? []).filter((option) => (option as typeof current)?.def?.type === 'object') as (typeof current)[];
      const discriminator = definition.discriminator;
      if (discriminator !== undefined && value !== null && typeof value === 'object') {
        const tag = (value as Record<string, unknown>)[discriminator];
        const match = objects.find((option) => {
          const literal = (option?.def as { shape?: Record<string, { def?: { values?: unknown[] } }> } | undefined)?.shape?.[discriminator];
          return literal?.def?.values?.includes(tag) === true;
        });
        current = match ?? objects[0];
      } else if (objects.length > 0 && value !== null && typeof value === 'object') {
        // Several object shapes: offer the keys of all of them.
        const keys: Record<string, unknown> = {};
        for (const option of objects) Object.assign(keys, (option?.def as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
        return { def: { type: 'object', shape: keys } };
      } else return current;
    } else return current;
  }
  return current;
}

/** Where in the text the node at `path` (or the key `key` of the mapping there) starts. */
function offsetOf(document: Document, path: readonly PathKey[], key?: string): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true) as unknown;
    if (length === 0 && node === undefined) return document.contents?.range?.[0];
    if (node === undefined || node === null) continue;
    if (key !== undefined && length === path.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      const range = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return range[0];
    }
    const range = (node as { range?: [number, number, number] }).range;
    if (range) return range[0];
  }
  return undefined;
}

/**
 * A field path as the CLI prints it.
 *
 * @example
 * ```ts
 * formatPath(['entities', 2, 'latency', 'writeP99Ms']); // 'entities[2].latency.writeP99Ms'
 * ```
 */
export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? key : `.${key}`;
  return text;
}

function dedupe(problems: readonly InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((found) => {
    const id = `${found.line}:${found.column}:${found.path}:${found.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function sortProblems(problems: readonly InputProblem[]): InputProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
