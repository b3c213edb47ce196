/** Where a command writes, and how: the CLI passes the process's streams, tests pass buffers. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether to use ANSI colour (stdout is a TTY and NO_COLOR is unset, or FORCE_COLOR is set). */
  readonly color: boolean;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
}

/** The process's own streams. */
export function processIo(): CliIo {
  const environment = process.env;
  const forced = environment.FORCE_COLOR !== undefined && environment.FORCE_COLOR !== '0';
  const color = forced || (process.stdout.isTTY === true && environment.NO_COLOR === undefined);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color,
    cwd: process.cwd(),
  };
}

/** An io that keeps what is written, for tests. */
export function bufferIo(options: { color?: boolean; cwd?: string } = {}): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    color: options.color ?? false,
    cwd: options.cwd ?? process.cwd(),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
