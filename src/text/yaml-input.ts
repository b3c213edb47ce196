import { type Document, isAlias, isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { InputError } from '../errors.js';

/** Options of {@link readYamlInput}. */
export interface YamlInputOptions {
  /** The file name to put in every problem (as the user typed it). */
  readonly file?: string | undefined;
  /** What the text should be, for messages: `YAML` or `YAML or JSON`. */
  readonly expected: string;
}

/** A YAML (or JSON) text read into a document and a plain value, with a way to locate offsets. */
export interface YamlInput {
  readonly document: Document;
  readonly value: unknown;
  readonly at: (offset: number) => { line: number; column: number };
}

/** The deepest nesting of flow collections (`[`, `{`) a spec or scenario may have; real ones use fewer than 10. */
export const maxYamlNesting = 64;
/** How many aliases a document may expand: enough for any hand-written file, too few for an alias bomb. */
export const maxYamlAliases = 100;

/**
 * Parses a YAML or JSON input file into a plain value, turning every way it can be hostile into an
 * `InputError` with the file, line and column: syntax errors; nesting deeper than
 * {@link maxYamlNesting} levels (which would otherwise overflow the stack); and alias bombs
 * (a few lines whose aliases expand to millions of nodes, refused past {@link maxYamlAliases}).
 *
 * @throws InputError naming file, line and column of each problem.
 *
 * @example
 * ```ts
 * const { value, document, at } = readYamlInput(text, { file: 'spec.yaml', expected: 'YAML or JSON' });
 * ```
 */
export function readYamlInput(text: string, options: YamlInputOptions): YamlInput {
  const where = options.file === undefined ? {} : { file: options.file };
  const deep = tooDeep(text, maxYamlNesting);
  if (deep !== undefined) {
    throw new InputError([{ ...where, ...deep, message: `nested deeper than ${maxYamlNesting} levels: expected a ${options.expected} file of ordinary depth` }]);
  }
  const lineCounter = new LineCounter();
  const at = (offset: number): { line: number; column: number } => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new InputError(
      document.errors.map((error) => {
        const first = error.message.split('\n')[0] ?? error.message;
        const message = /call stack/i.test(first) ? `nested too deeply: expected ordinary ${options.expected}` : `not valid ${options.expected}: ${first}`;
        return { ...where, ...at(error.pos[0]), message };
      }),
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: maxYamlAliases });
  } catch (error) {
    if (error instanceof ReferenceError) {
      const offset = firstAliasOffset(document);
      throw new InputError([
        { ...where, ...(offset === undefined ? { line: 1, column: 1 } : at(offset)), message: `its aliases (*name) expand to too many nodes (more than ${maxYamlAliases} per anchor): expected a file without an alias bomb` },
      ]);
    }
    if (error instanceof RangeError) throw new InputError([{ ...where, line: 1, column: 1, message: `nested too deeply: expected ordinary ${options.expected}` }]);
    throw error;
  }
  return { document, value, at };
}

/** Where flow nesting (`[`, `{`, outside strings and comments) first goes past `limit`, if it does. */
function tooDeep(text: string, limit: number): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '\n') {
      line++;
      lineStart = index + 1;
      if (quote === undefined) continue;
    }
    if (quote !== undefined) {
      if (character === '\\' && quote === '"') index++;
      else if (character === quote) quote = undefined;
      continue;
    }
    if (character === '"' || (character === "'" && /[\s[{,:]/.test(text[index - 1] ?? ' '))) quote = character;
    else if (character === '#' && /\s/.test(text[index - 1] ?? ' ')) {
      while (index + 1 < text.length && text[index + 1] !== '\n') index++;
    } else if (character === '[' || character === '{') {
      depth++;
      if (depth > limit) return { line, column: index - lineStart + 1 };
    } else if ((character === ']' || character === '}') && depth > 0) depth--;
  }
  return undefined;
}

function firstAliasOffset(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      if (isAlias(node) && node.range !== undefined && node.range !== null) {
        offset = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

/**
 * Where the value at `path` starts in the document (or the nearest enclosing value that exists);
 * with `key`, where that key of the map at `path` is written.
 *
 * @example
 * ```ts
 * const { document, at } = readYamlInput(text, { expected: 'JSON' });
 * at(offsetOfPath(document, ['entities', 0, 'name']) ?? 0); // { line: 3, column: 15 }
 * ```
 */
export function offsetOfPath(document: Document, path: ReadonlyArray<string | number>, key?: string): number | undefined {
  if (key !== undefined) {
    const parent = path.length === 0 ? document.contents : document.getIn(path, true);
    if (isMap(parent)) {
      for (const pair of parent.items) if (isScalar(pair.key) && pair.key.value === key) return pair.key.range?.[0];
    }
  }
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range !== undefined) return range[0];
  }
  return undefined;
}

/**
 * A field path as people write it: `entities[0].replication.choice`.
 *
 * @example
 * ```ts
 * formatFieldPath(['entities', 0, 'name']); // 'entities[0].name'
 * ```
 */
export function formatFieldPath(path: ReadonlyArray<string | number>): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}
