import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../text/did-you-mean.js';
import { UsageError } from './usage-error.js';

/** The options of one command, in `node:util` `parseArgs` form (`{ format: { type: 'string', short: 'f' } }`). */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

type Parsed<O extends OptionsConfig, P extends boolean> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: P; strict: true }>>;

/**
 * The one argument parser of every `pacelc` command: `node:util`'s `parseArgs` in strict mode,
 * with its errors rewritten for people. An unknown flag or a flag without its value is a
 * {@link UsageError} (the CLI prints it with the command's usage line and exits 2) that names
 * the flag and suggests the closest known one: `unknown option --fromat (did you mean --format?)`.
 * `-` alone is a positional (by convention, standard input).
 *
 * @throws UsageError on an unknown flag, a missing or unexpected value, or an unexpected positional.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseArguments(['spec.yaml', '--format', 'json'], { format: { type: 'string' } }, true);
 * values.format; // 'json'
 * ```
 */
export function parseArguments<const O extends OptionsConfig, const P extends boolean = true>(args: readonly string[], options: O, allowPositionals: P = true as P): Parsed<O, P> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true }) as Parsed<O, P>;
  } catch (error) {
    throw new UsageError(describeParseError(error, options));
  }
}

/** The text of a `parseArgs` error, for a person: the flag, what is wrong, the closest known flag. */
function describeParseError(error: unknown, options: OptionsConfig): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const names = Object.keys(options);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    const bare = flag.replace(/^-+/, '').replace(/=.*$/, '');
    const suggestion = didYouMean(bare, names);
    const closest = suggestion === undefined ? '' : ` (did you mean "--${suggestion}"?)`;
    const known = suggestion === undefined ? `; the options are ${names.map((name) => `--${name}`).join(', ')}` : '';
    return `unknown option ${flag}${closest}${known}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']*)'/.exec(message)?.[1] ?? '';
    return `unexpected argument "${argument}": this command takes only options`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /--([\w-]+)/.exec(message)?.[1];
    const option = flag === undefined ? undefined : options[flag];
    if (flag !== undefined && option?.type === 'boolean') return `--${flag} is a switch and takes no value`;
    if (flag !== undefined && /ambiguous/.test(message)) return `--${flag} needs a value, found an option after it (write --${flag}=VALUE if the value starts with "-")`;
    if (flag !== undefined) return `--${flag} needs a value`;
  }
  return message.replace(/\. To specify a positional argument.*$/s, '');
}

/**
 * A value of a flag that takes one of a few words, with a did-you-mean for a typo.
 *
 * @throws UsageError naming the flag, the choices and the value received.
 *
 * @example
 * ```ts
 * oneOf('--format', 'jsno', ['text', 'json']); // throws: --format must be one of text, json, received "jsno" (did you mean "json"?)
 * ```
 */
export function oneOf<const T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}, received "${value}"${suggest(value, choices)}`);
}

/**
 * A flag's whole number, from `min` to `max` (no upper bound when `max` is left out).
 *
 * @throws UsageError naming the flag, the range and the value received.
 *
 * @example
 * ```ts
 * wholeNumberFlag('--port', '99999', 0, 65_535); // throws: --port must be a whole number from 0 to 65535, received "99999"
 * ```
 */
export function wholeNumberFlag(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, received "${text}"`);
  }
  return value;
}

/**
 * ` (did you mean "x"?)` when `value` is a likely typo of one of `candidates`, else `''`.
 *
 * @example
 * ```ts
 * suggest('partiton', ['partition', 'crash']); // ' (did you mean "partition"?)'
 * ```
 */
export function suggest(value: string, candidates: readonly string[]): string {
  const suggestion = didYouMean(value, candidates);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
