import type { ProgressStream } from './progress.js';

/** Where a command writes, and how: the CLI passes the process's streams, tests pass buffers. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether to use ANSI colour (stdout is a TTY and NO_COLOR is unset, or FORCE_COLOR is set). */
  readonly color: boolean;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** All of standard input, for a file named `-`; absent when the caller has none to give. */
  readonly stdin?: () => Promise<string>;
  /** Where long commands draw their progress: stderr, which draws only when it is a terminal (see `Progress`). Absent: none. */
  readonly progress?: ProgressStream;
}

/** The process's own streams. */
export function processIo(): CliIo {
  endQuietlyOnClosedPipe(process.stdout, (code) => process.exit(code));
  endQuietlyOnClosedPipe(process.stderr, (code) => process.exit(code));
  const environment = process.env;
  const forced = environment.FORCE_COLOR !== undefined && environment.FORCE_COLOR !== '0';
  const color = forced || (process.stdout.isTTY === true && environment.NO_COLOR === undefined);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color,
    cwd: process.cwd(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    progress: process.stderr,
  };
}

/** An io that keeps what is written, for tests. */
export function bufferIo(options: { color?: boolean; cwd?: string; stdin?: string; progress?: ProgressStream } = {}): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    color: options.color ?? false,
    cwd: options.cwd ?? process.cwd(),
    ...(options.stdin === undefined ? {} : { stdin: async () => options.stdin as string }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const guarded = new WeakSet<object>();

/**
 * When the reader of `stream` goes away (`pacelc design spec.yaml | head -1`), writing fails with
 * `EPIPE`: end the process quietly with exit 0, as `cat` and `grep` do, instead of a stack trace
 * and exit 1 (which scripts read as "conflicts"). Other stream errors are rethrown.
 *
 * @example
 * ```ts
 * endQuietlyOnClosedPipe(process.stdout, (code) => process.exit(code));
 * ```
 */
export function endQuietlyOnClosedPipe(stream: { on(event: 'error', listener: (error: Error) => void): unknown }, exit: (code: number) => void): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error) => {
    if ('code' in error && error.code === 'EPIPE') exit(0);
    else throw error;
  });
}
