import { describe, expect, it } from 'vitest';
import { oneOf, parseArguments } from './arguments.js';
import { commands } from './commands.js';
import { ExitCode } from './exit-code.js';
import { bufferIo } from './io.js';
import { main } from './main.js';
import { UsageError } from './usage-error.js';

const options = { format: { type: 'string', short: 'f' }, strict: { type: 'boolean' }, out: { type: 'string' } } as const;
const message = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

// The registry loads commands by a computed path, which vitest cannot follow: load each directly.
const modules: Record<string, () => Promise<{ run: (args: readonly string[], io: ReturnType<typeof bufferIo>) => Promise<number> }>> = {
  design: () => import('./commands/design.js'),
  check: () => import('./commands/check.js'),
  verify: () => import('./commands/verify.js'),
  simulate: () => import('./commands/simulate.js'),
  quorum: () => import('./commands/quorum.js'),
  worker: () => import('./commands/worker.js'),
};
const registry = commands.map((entry) => ({ ...entry, load: modules[entry.name] ?? entry.load }));

describe('parseArguments', () => {
  it('parses flags and positionals, with - as a positional (standard input)', () => {
    const { values, positionals } = parseArguments(['-', '--format', 'json', '--strict'], options);
    expect(values).toEqual({ format: 'json', strict: true });
    expect(positionals).toEqual(['-']);
  });

  it('names an unknown flag and suggests the closest, or lists the options when none is close', () => {
    expect(message(() => parseArguments(['--fromat', 'json'], options))).toBe('unknown option --fromat (did you mean "--format"?)');
    expect(message(() => parseArguments(['--zzzzzzz'], options))).toBe('unknown option --zzzzzzz; the options are --format, --strict, --out');
  });

  it('says which flag lacks its value, and which switch takes none, in balanced quotes', () => {
    expect(message(() => parseArguments(['--format'], options))).toBe('--format needs a value');
    expect(message(() => parseArguments(['--out', '--strict'], options))).toMatch(/^--out needs a value, found an option after it/);
    expect(message(() => parseArguments(['--strict=yes'], options))).toBe('--strict is a switch and takes no value');
    expect(message(() => parseArguments(['x'], options, false))).toBe('unexpected argument "x": this command takes only options');
  });

  it('oneOf suggests the closest value', () => {
    expect(oneOf('--format', 'json', ['text', 'json'])).toBe('json');
    expect(message(() => oneOf('--format', 'jsno', ['text', 'json']))).toBe('--format must be one of text, json, received "jsno" (did you mean "json"?)');
  });

  it.each([
    ['design', ['--fromat', 'json', 'x.yaml'], '--format'],
    ['check', ['h.jsonl', '--modle', 'register'], '--model'],
    ['verify', ['--sedes', '3', 'x.yaml'], '--seeds'],
    ['simulate', ['--sead', '3'], '--seed'],
    ['quorum', ['--n', '3', '--wirte-back'], '--write-back'],
    ['worker', ['nats://127.0.0.1:4222', '--jbos', '2'], '--jobs'],
  ])('every command: %s %j suggests %s, prints its usage line and exits 2', async (name, args, flag) => {
    const io = bufferIo();
    expect(await main([name, ...args], io, registry)).toBe(ExitCode.badInput);
    expect(io.err()).toContain(`(did you mean "${flag}"?)`);
    expect(io.err()).toContain(`usage: pacelc ${name}`);
    expect(io.err()).not.toMatch(/To specify a positional|\n\s+at /);
  });

  it.each([
    ['design', ['x.yaml', '--format', 'markdwn'], 'markdown'],
    ['check', ['h.jsonl', '--model', 'regster'], 'register'],
    ['verify', ['x.yaml', '--format', 'jsn'], 'json'],
    ['simulate', ['--protocol', 'leaderles'], 'leaderless'],
    ['quorum', ['--n', '3', '--format', 'txt'], 'text'],
  ])('every command: %s %j suggests the value "%s"', async (name, args, value) => {
    const io = bufferIo();
    expect(await main([name, ...args], io, registry)).toBe(ExitCode.badInput);
    expect(io.err()).toContain(`(did you mean "${value}"?)`);
  });
});
