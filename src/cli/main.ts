import { InputError, formatProblem, PacelcError } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import type { CommandEntry, CommandModule } from './command.js';
import { commands } from './commands.js';
import { ExitCode } from './exit-code.js';
import { type CliIo, processIo } from './io.js';
import { UsageError } from './usage-error.js';
import { packageVersion } from './version.js';

/**
 * Runs `pacelc` with the given arguments and returns the exit code. Bad input and usage never
 * print a stack trace; only a bug in pacelc does.
 *
 * @example
 * ```ts
 * import { main } from 'pacelc/cli';
 * process.exitCode = await main(['quorum', '--n', '5', '--w', '3', '--r', '2']);
 * ```
 */
export async function main(args: readonly string[], io: CliIo = processIo(), registry: readonly CommandEntry[] = commands): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && rest[0] !== undefined) return main([rest[0], '--help'], io, registry);
    io.stdout(helpText(registry));
    return ExitCode.ok;
  }
  if (first === '--version' || first === '-v' || first === '-V') {
    io.stdout(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const entry = registry.find((command) => command.name === first);
  if (entry === undefined) {
    const suggestion = didYouMean(first, registry.map((command) => command.name));
    const hint = suggestion === undefined ? '' : ` Did you mean "pacelc ${suggestion}"?`;
    io.stderr(`pacelc: unknown command "${first}".${hint}\nRun "pacelc --help" for the list of commands.\n`);
    return ExitCode.badInput;
  }
  let module: CommandModule;
  try {
    module = await entry.load();
  } catch (error) {
    if (isModuleNotFound(error, entry.name)) {
      io.stderr(`pacelc ${entry.name}: this command is not available in this build.\n`);
      return ExitCode.badInput;
    }
    throw error;
  }
  try {
    return await module.run(rest, io);
  } catch (error) {
    return reportError(error, entry, io);
  }
}

function reportError(error: unknown, entry: CommandEntry, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`pacelc ${entry.name}: ${error.message}\nusage: ${entry.usage}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof InputError) {
    const count = error.problems.length;
    io.stderr(`pacelc ${entry.name}: ${count} problem${count === 1 ? '' : 's'} in the input:\n`);
    for (const problem of error.problems) io.stderr(`  ${formatProblem(problem)}\n`);
    return ExitCode.badInput;
  }
  if (error instanceof PacelcError && error.code === 'FILE_NOT_FOUND') {
    io.stderr(`pacelc ${entry.name}: ${error.message}\n`);
    return ExitCode.badInput;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`pacelc ${entry.name}: internal error (a bug in pacelc, please report it):\n${detail}\n`);
  return ExitCode.internalError;
}

/** True when the command's own module file is missing (not when something it imports is). */
function isModuleNotFound(error: unknown, name: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`commands/${name}.`)
  );
}

/** The text of `pacelc --help`. */
export function helpText(registry: readonly CommandEntry[] = commands): string {
  const width = Math.max(...registry.map((command) => command.name.length));
  const lines = [
    'pacelc: design, verify and build distributed systems',
    '',
    'usage: pacelc <command> [options]      pacelc <command> --help for its options',
    '',
    'commands:',
    ...registry.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'options:',
    '  -h, --help     show this help',
    '  -v, --version  show the version',
    '',
    'exit codes: 0 ok / property holds, 1 property violated, 2 bad input or usage, 3 undecided (budget ran out)',
    '',
  ];
  return lines.join('\n');
}
