import { PacelcError } from '../errors.js';

/**
 * A residency rule cannot be met: the key's data may only live in regions that have no (or too
 * few) nodes. Thrown instead of silently placing data elsewhere.
 *
 * @example
 * ```ts
 * import { ResidencyError } from 'pacelc/partitioning';
 * try { geo.replicasFor('eu:user:1', 3); } catch (error) {
 *   if (error instanceof ResidencyError) alert(error.rule, error.allowedRegions);
 * }
 * ```
 */
export class ResidencyError extends PacelcError {
  constructor(
    message: string,
    /** The rule that cannot be met. */
    readonly rule: string,
    /** The regions it allows. */
    readonly allowedRegions: readonly string[],
    /** How many nodes are needed and how many the allowed regions have. */
    readonly needed: number,
    readonly available: number,
  ) {
    super('RESIDENCY_UNSATISFIABLE', message, { outcome: 'definite' });
  }
}
