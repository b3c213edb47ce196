import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PacelcError } from '../errors.js';

/**
 * Reads a text file named on the command line, relative to `cwd`. A missing or unreadable file is
 * a `PacelcError` with code `FILE_NOT_FOUND` (the CLI reports it and exits 2), never a stack trace.
 */
export async function readInputFile(path: string, cwd: string): Promise<string> {
  const fullPath = resolve(cwd, path);
  try {
    return await readFile(fullPath, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : 'cannot read it';
    throw new PacelcError('FILE_NOT_FOUND', `${path}: ${reason}`, { cause: error, outcome: 'definite' });
  }
}
