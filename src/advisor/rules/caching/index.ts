import type { CachingDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { cacheAside } from './cache-aside.js';
import { noCache } from './no-cache.js';
import type { CachingInput } from './shared.js';
import { writeBehind } from './write-behind.js';
import { writeThrough } from './write-through.js';

export type { CachingInput } from './shared.js';

/**
 * The caching decision tree for one read path, in order.
 *
 * @example
 * ```ts
 * decideFirst(cachingRules, { context, cache: spec.caches[0] }).choice.ttlMs;
 * ```
 */
export const cachingRules: readonly DecisionRule<CachingInput, CachingDesign>[] = [noCache, writeBehind, writeThrough, cacheAside];
