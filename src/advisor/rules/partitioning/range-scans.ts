import type { EntityContext } from '../../context.js';
import type { PartitioningDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import { hotKeyMitigation, otherStrategies } from './shared.js';

/** Range scans → range partitioning (the key order is kept), with a hot-spot guard. */
export const rangeScanPartitioning: DecisionRule<EntityContext, PartitioningDesign> = {
  id: 'partitioning.range-scans',
  title: 'Range scans need key ranges',
  sources: [ddiaChapter(6, 'Partitioning', 'Partitioning by Key Range')],
  decide: (context) => {
    if (!(context.entity.access ?? []).includes('range')) return undefined;
    const key = context.entity.key;
    return {
      choice: { strategy: 'range', key, ...hotKeyMitigation(context) },
      summary: `range partitioning on ${key}, split automatically by size and load`,
      why: `${context.entity.name} is read by ranges of ${key}: keeping keys in order lets a scan read one or a few adjacent partitions instead of all of them.`,
      tradeOff: `If ${key} grows monotonically (a timestamp, a sequence), all new writes hit the last partition: prefix it with an entity id or a small hash bucket and scan the buckets in parallel.`,
      alternatives: otherStrategies('range', { 'consistent-hashing': 'hashing destroys key order, so every range scan becomes a scatter-gather over all partitions' }),
    };
  },
};
