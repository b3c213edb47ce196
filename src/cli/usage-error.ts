import { PacelcError } from '../errors.js';

/**
 * Wrong command-line usage (unknown flag, missing argument). The CLI prints the message and the
 * command's usage line, and exits with code 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--n must be a whole number from 1 to 99, received "x"');
 * ```
 */
export class UsageError extends PacelcError {
  constructor(message: string) {
    super('USAGE', message, { outcome: 'definite' });
  }
}
