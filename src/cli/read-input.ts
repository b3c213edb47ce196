import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PacelcError } from '../errors.js';

/**
 * Reads a text file named on the command line, relative to `cwd`; `-` is standard input (read with
 * `stdin`, which the CLI's io provides). A missing or unreadable file is a `PacelcError` with code
 * `FILE_NOT_FOUND` (the CLI reports it and exits 2), never a stack trace.
 *
 * @example
 * ```ts
 * const text = await readInputFile(file, io.cwd, io.stdin); // `pacelc design -` reads a piped spec
 * ```
 */
export async function readInputFile(path: string, cwd: string, stdin?: () => Promise<string>): Promise<string> {
  if (path === '-') {
    if (stdin === undefined) throw new PacelcError('FILE_NOT_FOUND', '-: standard input is not available here', { outcome: 'definite' });
    return stdin();
  }
  const fullPath = resolve(cwd, path);
  try {
    return await readFile(fullPath, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a file' : 'cannot read it';
    throw new PacelcError('FILE_NOT_FOUND', `${path}: ${reason}`, { cause: error, outcome: 'definite' });
  }
}

/**
 * The name to show for an input in messages: `<stdin>` for `-`, else the path as typed.
 *
 * @example
 * ```ts
 * inputName('-'); // '<stdin>'
 * ```
 */
export function inputName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}
