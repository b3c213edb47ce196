import type { EntityContext } from '../../context.js';
import type { PartitioningDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import { otherStrategies } from './shared.js';

const maxSizeGb = 500;
const maxWritesPerSecond = 5_000;

/** Data that fits one node (by the spec's volume) → do not partition: replication alone is enough. */
export const smallDataPartitioning: DecisionRule<EntityContext, PartitioningDesign> = {
  id: 'partitioning.small-data',
  title: 'Data that fits one node is not partitioned',
  sources: [ddiaChapter(6, 'Partitioning', 'introduction: partitioning is for data too large or write load too high for one node')],
  decide: (context) => {
    const volume = context.entity.volume;
    if (volume?.sizeGb === undefined || volume.sizeGb > maxSizeGb || (volume.writesPerSecond ?? 0) > maxWritesPerSecond) return undefined;
    return {
      choice: { strategy: 'none', key: '' },
      summary: `not partitioned (${volume.sizeGb} GB, ${volume.writesPerSecond ?? 'few'} writes/s fit one node)`,
      why: `${context.entity.name} is ${volume.sizeGb} GB with ${volume.writesPerSecond ?? 'a low rate of'} writes per second: one leader handles it, and every partition boundary would add cross-partition queries and transactions for nothing.`,
      tradeOff: `Revisit past about ${maxSizeGb} GB or ${maxWritesPerSecond} writes/s; choose the key (${context.entity.key}) now so that splitting later is mechanical.`,
      alternatives: otherStrategies('none', { 'consistent-hashing': 'adds scatter-gather queries and cross-partition transactions that this volume does not need' }),
    };
  },
};
