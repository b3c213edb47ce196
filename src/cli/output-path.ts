import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Checks `--out FILE` before any work is done: the file's directory must exist and the path must
 * not be a directory. An existing file is replaced, as shells do with `>`.
 *
 * @returns the absolute path to write.
 * @throws UsageError naming the flag, the path and what was expected (exit 2).
 *
 * @example
 * ```ts
 * const target = outputFile('--out', values.out, io.cwd); // before rendering the design
 * ```
 */
export function outputFile(flag: string, path: string, cwd: string): string {
  const target = resolve(cwd, path);
  const kind = kindOf(target);
  if (kind === 'directory') throw new UsageError(`${flag} ${path}: is a directory, expected a file name (e.g. ${flag} ${path.replace(/\/+$/, '')}/design.md)`);
  const parent = dirname(target);
  const parentKind = kindOf(parent);
  if (parentKind !== 'directory') {
    throw new UsageError(`${flag} ${path}: ${parentKind === 'missing' ? 'its directory does not exist' : 'its directory is a file'}, expected a file in an existing directory`);
  }
  return target;
}

/**
 * Prepares `--out DIR` before any work is done: creates the directory (and its parents) when
 * missing; refuses a path that is a file, or that runs through one.
 *
 * @returns the absolute path of the directory.
 * @throws UsageError naming the flag, the path and what was expected (exit 2).
 *
 * @example
 * ```ts
 * const directory = outputDirectory('--out', values.out, io.cwd);
 * ```
 */
export function outputDirectory(flag: string, path: string, cwd: string): string {
  const target = resolve(cwd, path);
  const kind = kindOf(target);
  if (kind === 'directory') return target;
  if (kind === 'file') throw new UsageError(`${flag} ${path}: is a file, expected a directory (created when missing) to write into`);
  try {
    mkdirSync(target, { recursive: true });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    const reason = code === 'ENOTDIR' || code === 'EEXIST' ? 'part of the path is a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot create it (${code})`;
    throw new UsageError(`${flag} ${path}: ${reason}, expected a directory that can be created`);
  }
  return target;
}

function kindOf(path: string): 'file' | 'directory' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}
