// Test support for the CLI fuzz suites: seeded mutations of real input files, and one run of a
// command in-process that must end with an exit code from 0 to 3 and no stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { bufferIo } from '../io.js';
import { main } from '../main.js';

/** One seed for every suite, so a failure replays; fast-check prints the shrunk counterexample. */
export const fuzzSeed = 20_261_202;

/** Tokens that broke parsers before: huge and odd numbers, deep nesting, aliases, EDN and YAML syntax. */
const hostile = [
  '1e400', '-1e400', '-1', '0.5', '4294967296', '1e12', 'NaN', 'Infinity', '-0', '9007199254740993',
  '[[[[[[[[', ']]]]', '{{{{', '}}', '&a', '*a', '<<: *a', '!!binary', '!!js/function', '---', '...',
  ':', ': ', '- ', '#', '"', "'", '\\', '\u0000', '\uD800', '\u202E', 'null', '~', 'nil', 'true',
  ':invoke', ':ok', ':fail', ':info', '#{', '#_', '#inst', '\\newline', '{:a', ';', ',', '\t', '\n', '\r\n',
  '__proto__', 'constructor', '{"__proto__":{"x":1}}', '"time":-5', '"process":-1', '"value":1e400',
];

/** Whole blocks appended at the end of a YAML text: an alias bomb, and faults and regions that name nodes a cluster lacks. */
const hostileBlocks = [
  (width: number) => {
    const items = (name: string) => Array.from({ length: width }, () => name).join(', ');
    return `\nbomb0: &b0 [${items('x')}]\nbomb1: &b1 [${items('*b0')}]\nbomb2: &b2 [${items('*b1')}]\nbomb3: &b3 [${items('*b2')}]\nbomb4: [${items('*b3')}]\n`;
  },
  (node: number) => `\nfaults:\n  schedule:\n    - { atMs: 10, durationMs: 50, kind: crash, nodes: [${node}] }\n`,
  (count: number) => `\nnetwork: { regions: { nodes: [${Array.from({ length: count % 8 }, (_, index) => `r${index}`).join(', ')}], latency: {} } }\n`,
];

/** A mutation of a text: cut a range, insert a token or random text, repeat or drop a line, append a hostile block. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('repeat-line' as const), at: fc.nat(), times: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('drop-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 4000 }), open: fc.constantFrom('[', '{', '(', '{"a":', '{:a ') }),
  fc.record({ kind: fc.constant('append' as const), block: fc.nat({ max: hostileBlocks.length - 1 }), size: fc.integer({ min: 3, max: 12 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(text: string, change: Mutation): string {
  const lines = text.split('\n');
  switch (change.kind) {
    case 'cut': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + change.length);
    }
    case 'insert': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + change.text + text.slice(at);
    }
    case 'repeat-line': {
      const at = change.at % lines.length;
      lines.splice(at, 0, ...Array.from({ length: change.times }, () => lines[at] as string));
      return lines.join('\n');
    }
    case 'drop-line':
      lines.splice(change.at % lines.length, 1);
      return lines.join('\n');
    case 'append':
      return text + (hostileBlocks[change.block] as (size: number) => string)(change.size);
    case 'nest': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + change.open.repeat(change.depth) + text.slice(at);
    }
  }
}

/** A text made from one of `bases` by one to four mutations. */
export function mutatedText(bases: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([base, changes]) => changes.reduce(apply, base));
}

const directory = mkdtempSync(join(tmpdir(), 'pacelc-fuzz-'));
let counter = 0;

/**
 * Writes `text` to a fresh file and runs `pacelc COMMAND FILE ARGS...` in-process: the exit code
 * must be 0 to 3 and stderr must hold no stack trace (exit 70 is a bug in pacelc).
 */
export async function expectCleanExit(command: string, text: string, args: readonly string[], extension: string): Promise<number> {
  const name = `input-${counter++}.${extension}`;
  writeFileSync(join(directory, name), text);
  const io = bufferIo({ cwd: directory });
  const exit = await main([command, name, ...args], io);
  const detail = `pacelc ${command} ${name} ${args.join(' ')}\n--- input (first 400 chars) ---\n${text.slice(0, 400)}\n--- stderr ---\n${io.err().slice(0, 2000)}`;
  expect([0, 1, 2, 3], detail).toContain(exit);
  expect(io.err(), detail).not.toMatch(/\n\s+at |internal error/);
  return exit;
}
