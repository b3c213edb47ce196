import type { CachingDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { type CachingInput, otherCaching, stampedeProtection, ttlFor } from './shared.js';

/** Users must read their own writes through the cache → write-through (the writer updates the cache). */
export const writeThrough: DecisionRule<CachingInput, CachingDesign> = {
  id: 'caching.write-through',
  title: 'Read-your-writes through a cache: write-through',
  sources: [literature.terry, literature.cachingDataSources],
  decide: ({ context, cache }) => {
    if (context.entity.readYourWrites !== true && context.consistency !== 'read-your-writes') return undefined;
    return {
      choice: { readPath: cache.name, strategy: 'write-through', ttlMs: ttlFor(cache), ttlJitter: 0.1, invalidation: 'on-write-event', stampedeProtection: stampedeProtection({ context, cache }) },
      summary: `write-through, TTL ${ttlFor(cache)} ms as a safety net`,
      why: `Users of ${cache.name} must see their own writes: writing to the store and then the cache in the same request means the writer's next read hits the new value.`,
      tradeOff: 'Writes pay a cache write; a crash between the two writes leaves the old value until the TTL expires (keep the TTL short).',
      alternatives: otherCaching('write-through', { 'cache-aside': 'after a write the writer may read the old cached value until it expires' }),
    };
  },
};
