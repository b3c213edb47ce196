import type { CliIo } from './io.js';

/** What a subcommand module exports. It returns the exit code (see `ExitCode`). */
export interface CommandModule {
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A subcommand as the registry knows it: its module is loaded only when it runs. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `pacelc --help`. */
  readonly summary: string;
  /** How it is called, e.g. `pacelc quorum --n N --w W --r R`. */
  readonly usage: string;
  readonly load: () => Promise<CommandModule>;
}
