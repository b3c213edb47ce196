/** One suggestion for the spec editor. */
export interface Completion {
  /** What to insert in place of the word being typed. */
  readonly insert: string;
  readonly kind: 'field' | 'value';
  /** The schema's description, when it has one. */
  readonly detail?: string;
}

/** Suggestions for the word at the cursor, and the range of text (offsets) they replace. */
export interface CompletionResult {
  readonly from: number;
  readonly to: number;
  readonly items: readonly Completion[];
}

type Schema = Record<string, unknown>;

/** The item of a list, in a path. */
const item = Symbol('item');
type Step = string | typeof item;

/** The most suggestions returned at once. */
export const maxCompletions = 50;

/**
 * Schema-aware completion for a YAML spec (block style): the fields allowed where the cursor is,
 * or the values allowed for the field whose value is being typed (enums, constants, booleans),
 * read from the spec's JSON Schema. Works on a spec that does not parse yet (it reads the
 * indentation above the cursor, not a syntax tree), since that is the moment it is needed.
 *
 * @example
 * ```ts
 * completeSpec('system:\n  plat', 14, specJsonSchema()).items[0]; // { insert: 'platform', kind: 'field', detail: 'Where services run; ...' }
 * ```
 */
export function completeSpec(text: string, offset: number, schema: Schema): CompletionResult {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > text.length) throw new RangeError(`Invalid option offset: expected a position from 0 to ${text.length}, received ${String(offset)}`);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const none = { from: offset, to: offset, items: [] };
  if (prefix.trimStart().startsWith('#')) return none;
  const value = /^(\s*)(- )?(\s*)([A-Za-z_$][\w$-]*):\s+["']?([\w.-]*)$/.exec(prefix);
  if (value !== null) {
    const [, spaces = '', dash, extra = '', key = '', typed = ''] = value;
    const path = pathAt(text, lineStart, spaces.length + (dash === undefined ? 0 : 2 + extra.length), dash === undefined ? undefined : { spaces: spaces.length });
    if (path === undefined) return none;
    const items = valuesOf(at(schema, [...path, key])).filter((candidate) => candidate.startsWith(typed));
    return { from: offset - typed.length, to: offset, items: items.slice(0, maxCompletions).map((insert) => ({ insert, kind: 'value' as const })) };
  }
  const field = /^(\s*)(- )?(\s*)([A-Za-z_$][\w$-]*)?$/.exec(prefix);
  if (field === null) return none;
  const [, spaces = '', dash, extra = '', typed = ''] = field;
  const path = pathAt(text, lineStart, spaces.length + (dash === undefined ? 0 : 2 + extra.length), dash === undefined ? undefined : { spaces: spaces.length });
  if (path === undefined) return none;
  const target = at(schema, path);
  const present = siblingKeys(text, lineStart, dash !== undefined ? spaces.length + 2 + extra.length : spaces.length, dash !== undefined);
  const fields = fieldsOf(target)
    .filter(([name]) => name.startsWith(typed) && name !== '$schema' && !present.has(name))
    .map(([name, described]) => ({ insert: name, kind: 'field' as const, ...(typeof described.description === 'string' ? { detail: described.description } : {}) }));
  // A list item may be a scalar: offer its values too.
  const values = dash !== undefined && typed !== '' ? valuesOf(target).filter((candidate) => candidate.startsWith(typed)).map((insert) => ({ insert, kind: 'value' as const })) : [];
  return { from: offset - typed.length, to: offset, items: [...fields, ...values].slice(0, maxCompletions) };
}

interface Line {
  readonly spaces: number;
  readonly dash: boolean;
  /** Where the line's key starts (after `- ` for a list item). */
  readonly keyIndent: number;
  readonly key?: string;
  /** Whether the key has no value on its line (its value is the block below). */
  readonly opensBlock: boolean;
}

function readLine(raw: string): Line | undefined {
  if (raw.trim() === '' || raw.trimStart().startsWith('#')) return undefined;
  const match = /^(\s*)(- +)?(?:(["']?)([^"':#]+)\3\s*:(?:\s+(.*))?)?/.exec(raw) as RegExpExecArray;
  const spaces = match[1]?.length ?? 0;
  const dash = match[2] !== undefined;
  const keyIndent = spaces + (match[2]?.length ?? 0);
  const key = match[4]?.trim();
  const rest = (match[5] ?? '').trim();
  return { spaces, dash, keyIndent, ...(key === undefined ? {} : { key }), opensBlock: key !== undefined && (rest === '' || rest.startsWith('#')) };
}

/**
 * The path (field names and list items) of the mapping the cursor's line belongs to, found by
 * walking up the lines above it; undefined where the indentation makes no sense (a field under
 * a scalar value). `keyIndent` is where the line's key starts; `dash` whether the line opens a
 * list item itself.
 */
function pathAt(text: string, lineStart: number, keyIndent: number, dash: { readonly spaces: number } | undefined): Step[] | undefined {
  const path: Step[] = [];
  // The indentation of the mapping (or, inList, of the list) whose owner is looked for.
  let need = keyIndent;
  let inList = false;
  if (dash !== undefined) {
    path.push(item);
    need = dash.spaces;
    inList = true;
  }
  const above = lineStart === 0 ? [] : text.slice(0, lineStart - 1).split('\n').reverse();
  for (const raw of above) {
    if (need === 0 && !inList) break;
    const line = readLine(raw);
    if (line === undefined) continue;
    if (!inList && line.dash && line.keyIndent === need && line.spaces < need) {
      // The first line of the list item this mapping is.
      path.push(item);
      need = line.spaces;
      inList = true;
      continue;
    }
    const owner = line.keyIndent < need || (inList && !line.dash && line.keyIndent === need);
    if (!owner) continue;
    if (line.key === undefined || !line.opensBlock) return undefined;
    path.push(line.key);
    if (line.dash) {
      path.push(item);
      need = line.spaces;
      inList = true;
    } else {
      need = line.keyIndent;
      inList = false;
    }
  }
  if (need !== 0 || inList) return undefined;
  return path.reverse();
}

/** Keys already written in the mapping the cursor is in (same indentation, same block). */
function siblingKeys(text: string, lineStart: number, keyIndent: number, opensItem: boolean): Set<string> {
  const keys = new Set<string>();
  const lines = text.split('\n');
  const cursorLine = text.slice(0, lineStart).split('\n').length - 1;
  const scan = (from: number, step: number): void => {
    for (let index = from; index >= 0 && index < lines.length; index += step) {
      const line = readLine(lines[index] ?? '');
      if (line === undefined) continue;
      if (line.keyIndent < keyIndent || (line.dash && line.keyIndent === keyIndent)) {
        if (line.dash && line.keyIndent === keyIndent && line.key !== undefined && step < 0) keys.add(line.key);
        return;
      }
      if (line.keyIndent === keyIndent && !line.dash && line.key !== undefined) keys.add(line.key);
    }
  };
  // A line that opens a list item starts a new mapping: the lines above belong to the item before.
  if (!opensItem) scan(cursorLine - 1, -1);
  scan(cursorLine + 1, 1);
  return keys;
}

/** The schema's alternatives (anyOf/oneOf) flattened. */
function branches(schema: unknown): Schema[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Schema;
  const union = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  return Array.isArray(union) ? union.flatMap(branches) : [node];
}

function at(schema: Schema, path: readonly Step[]): Schema[] {
  let current = branches(schema);
  for (const step of path) {
    current = current.flatMap((node) => {
      if (step === item) {
        const items = node.items;
        return branches(Array.isArray(items) ? items[0] : items);
      }
      const properties = node.properties as Record<string, unknown> | undefined;
      return branches(properties?.[step]);
    });
  }
  return current;
}

function fieldsOf(nodes: readonly Schema[]): [string, Schema][] {
  const fields = new Map<string, Schema>();
  for (const node of nodes) {
    for (const [name, described] of Object.entries((node.properties as Record<string, Schema> | undefined) ?? {})) if (!fields.has(name)) fields.set(name, described);
  }
  return [...fields];
}

function valuesOf(nodes: readonly Schema[]): string[] {
  const values = new Set<string>();
  for (const node of nodes) {
    if (Array.isArray(node.enum)) for (const value of node.enum) values.add(String(value));
    if (node.const !== undefined) values.add(String(node.const));
    if (node.type === 'boolean') {
      values.add('true');
      values.add('false');
    }
  }
  return [...values];
}
