import { InputError } from '../errors.js';

/** An EDN keyword such as `:invoke`, kept apart from strings. */
export class EdnKeyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

/** An EDN symbol such as `foo` (anything that is not nil, true, false, a number or a keyword). */
export class EdnSymbol {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

/** An EDN map: keys in insertion order; keyword keys are looked up by name with {@link ednGet}. */
export type EdnMap = Map<unknown, unknown>;

/** An EDN value read by {@link readEdn}, with where it starts in the text. */
export interface EdnTopLevel {
  readonly value: unknown;
  readonly line: number;
  readonly column: number;
}

const positions = new WeakMap<object, { line: number; column: number }>();

/** How deeply maps, vectors, lists and sets may nest: far beyond any history, well within the stack. */
export const maxEdnNesting = 100;

/**
 * Where a map, vector, list or set read by {@link readEdn} starts (1-based line and column).
 *
 * @example
 * ```ts
 * const [top] = readEdn('{:a 1}', 'x.edn');
 * ednPosition(top!.value as object); // { line: 1, column: 1 }
 * ```
 */
export function ednPosition(value: object): { line: number; column: number } | undefined {
  return positions.get(value);
}

/**
 * The value of a keyword key in an EDN map (`ednGet(map, 'process')` reads `:process`).
 *
 * @example
 * ```ts
 * ednGet(readEdn('{:f :read}', 'h.edn')[0]!.value as EdnMap, 'f'); // EdnKeyword { name: 'read' }
 * ```
 */
export function ednGet(map: EdnMap, name: string): unknown {
  for (const [key, value] of map) if (key instanceof EdnKeyword && key.name === name) return value;
  return undefined;
}

/**
 * Reads every top-level EDN value in a text: nil, booleans, numbers, strings, characters,
 * keywords, symbols, lists, vectors, maps, sets, `#_` discards and tagged values (the tag is
 * dropped). Maps become `Map`s, vectors and lists arrays, sets `Set`s.
 *
 * @throws InputError naming file, line and column of the first syntax error.
 *
 * @example
 * ```ts
 * readEdn('{:process 0, :type :invoke, :f :read, :value nil}', 'h.edn')[0]?.value;
 * // Map { EdnKeyword(process) => 0, EdnKeyword(type) => EdnKeyword(invoke), ... }
 * ```
 */
export function readEdn(text: string, file: string): EdnTopLevel[] {
  return new EdnReader(text, file).readAll();
}

/** 1 for each character code that ends a token. */
const delimiter = new Uint8Array(128);
for (const character of ' \t\n\r,()[]{}";') delimiter[character.charCodeAt(0)] = 1;

class EdnReader {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  /** Keywords repeat on every line of a history: one object per name. */
  private readonly keywords = new Map<string, EdnKeyword>();
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  readAll(): EdnTopLevel[] {
    const values: EdnTopLevel[] = [];
    for (;;) {
      this.skipSpace();
      if (this.offset >= this.text.length) return values;
      const line = this.line;
      const column = this.offset - this.lineStart + 1;
      const value = this.readValue();
      if (value !== discarded) values.push({ value, line, column });
    }
  }

  private fail(message: string, line = this.line, column = this.offset - this.lineStart + 1): never {
    throw new InputError([{ file: this.file, line, column, message }]);
  }

  private skipSpace(): void {
    const text = this.text;
    while (this.offset < text.length) {
      const code = text.charCodeAt(this.offset);
      if (code === 10) {
        this.offset++;
        this.line++;
        this.lineStart = this.offset;
      } else if (code === 32 || code === 9 || code === 13 || code === 44) {
        this.offset++;
      } else if (code === 59) {
        while (this.offset < text.length && text[this.offset] !== '\n') this.offset++;
      } else {
        return;
      }
    }
  }

  private readValue(): unknown {
    const text = this.text;
    const character = text[this.offset] as string;
    const line = this.line;
    const column = this.offset - this.lineStart + 1;
    switch (character) {
      case '{': {
        this.offset++;
        const items = this.readSequence('}', line, column);
        if (items.length % 2 !== 0) this.fail('a map needs an even number of forms (key value pairs)', line, column);
        const map: EdnMap = new Map();
        for (let index = 0; index < items.length; index += 2) map.set(items[index], items[index + 1]);
        positions.set(map, { line, column });
        return map;
      }
      case '[':
      case '(': {
        this.offset++;
        const items = this.readSequence(character === '[' ? ']' : ')', line, column);
        positions.set(items, { line, column });
        return items;
      }
      case '"':
        return this.readString();
      case ')':
      case ']':
      case '}':
        return this.fail(`unexpected "${character}" with nothing open`);
      case '#': {
        const following = text[this.offset + 1];
        if (following === '{') {
          this.offset += 2;
          const set = new Set(this.readSequence('}', line, column));
          positions.set(set, { line, column });
          return set;
        }
        if (following === '_') {
          this.offset += 2;
          this.skipSpace();
          this.readValue();
          return discarded;
        }
        // tagged element: #inst "..." -> the value
        this.offset++;
        this.readToken();
        this.skipSpace();
        if (this.offset >= text.length) this.fail('a tag must be followed by a value', line, column);
        return this.readValue();
      }
      case '\\': {
        this.offset++;
        const token = this.readToken();
        const named: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };
        return named[token] ?? (token.length === 0 ? this.fail('a character literal is empty', line, column) : token[0]);
      }
      default:
        return this.readAtom(line, column);
    }
  }

  private readSequence(close: string, line: number, column: number): unknown[] {
    if (++this.depth > maxEdnNesting) this.fail(`nested deeper than ${maxEdnNesting} levels: expected an ordinary EDN value`, line, column);
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.offset >= this.text.length) this.fail(`"${close}" expected to close the form opened here, found the end of the file`, line, column);
      if (this.text[this.offset] === close) {
        this.offset++;
        this.depth--;
        return items;
      }
      const character = this.text[this.offset] as string;
      if (character === ')' || character === ']' || character === '}') this.fail(`"${close}" expected, found "${character}"`);
      const value = this.readValue();
      if (value !== discarded) items.push(value);
    }
  }

  private readString(): string {
    const line = this.line;
    const column = this.offset - this.lineStart + 1;
    const text = this.text;
    let index = this.offset + 1;
    let result = '';
    let chunkStart = index;
    for (;;) {
      if (index >= text.length) this.fail('this string is not closed', line, column);
      const character = text[index];
      if (character === '"') break;
      if (character === '\n') {
        this.line++;
        this.lineStart = index + 1;
      }
      if (character === '\\') {
        result += text.slice(chunkStart, index);
        const escaped = text[index + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (escaped !== undefined && simple[escaped] !== undefined) {
          result += simple[escaped];
          index += 2;
        } else if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
          result += String.fromCharCode(Number.parseInt(text.slice(index + 2, index + 6), 16));
          index += 6;
        } else {
          this.offset = index;
          this.fail(`unknown escape "\\${escaped ?? ''}" in a string`);
        }
        chunkStart = index;
        continue;
      }
      index++;
    }
    result += text.slice(chunkStart, index);
    this.offset = index + 1;
    return result;
  }

  private readToken(): string {
    const start = this.offset;
    const text = this.text;
    while (this.offset < text.length) {
      const code = text.charCodeAt(this.offset);
      if (code < 128 && delimiter[code] === 1) break;
      this.offset++;
    }
    return this.text.slice(start, this.offset);
  }

  /** A number as read, refused when it does not fit a double (`1e400` is not Infinity). */
  private finite(value: number, token: string, line: number, column: number): number {
    if (!Number.isFinite(value)) this.fail(`${token} is out of range: expected a finite number (at most about 1.8e308)`, line, column);
    return value;
  }

  private readAtom(line: number, column: number): unknown {
    const token = this.readToken();
    if (token === '') this.fail(`unexpected "${this.text[this.offset] ?? ''}"`);
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token.startsWith(':')) {
      if (token.length === 1) this.fail('a keyword needs a name after ":"', line, column);
      const name = token.slice(1);
      let keyword = this.keywords.get(name);
      if (keyword === undefined) this.keywords.set(name, (keyword = new EdnKeyword(name)));
      return keyword;
    }
    if (/^[+-]?\d/.test(token)) {
      const number = /^([+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)[NM]?$/.exec(token);
      if (number === null) {
        const ratio = /^([+-]?\d+)\/(\d+)$/.exec(token);
        if (ratio !== null) return this.finite(Number(ratio[1]) / Number(ratio[2]), token, line, column);
        this.fail(`"${token}" is not a number`, line, column);
      }
      return this.finite(Number(number[1]), token, line, column);
    }
    return new EdnSymbol(token);
  }
}

const discarded = Symbol('discarded');
