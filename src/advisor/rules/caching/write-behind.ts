import type { CachingDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { type CachingInput, otherCaching, stampedeProtection, ttlFor } from './shared.js';

/** Write-heavy data whose writes may be lost (counters, likes, views) → write-behind with batching. */
export const writeBehind: DecisionRule<CachingInput, CachingDesign> = {
  id: 'caching.write-behind',
  title: 'Write-heavy, loss-tolerant data: write-behind',
  sources: [literature.cachingDataSources],
  decide: ({ context, cache }) => {
    const ratio = context.entity.readWriteRatio;
    if (context.durable || ratio === undefined || ratio > 1 || context.consistency !== 'eventual') return undefined;
    return {
      choice: { readPath: cache.name, strategy: 'write-behind', ttlMs: ttlFor(cache), ttlJitter: 0.1, invalidation: 'on-write-event', stampedeProtection: stampedeProtection({ context, cache }) },
      summary: 'write-behind: absorb writes in the cache, flush in batches',
      why: `${context.entity.name} takes more writes than reads and tolerates loss: the cache absorbs and coalesces writes (a counter incremented 1,000 times is flushed once), cutting store writes by orders of magnitude.`,
      tradeOff: 'Writes acknowledged but not yet flushed are lost if the cache node dies; flush at least every few seconds and bound the buffer.',
      alternatives: otherCaching('write-behind', { 'cache-aside': 'does nothing for the write load, which is the problem here' }),
    };
  },
};
