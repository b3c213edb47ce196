import type { EntityContext } from '../../context.js';
import type { PartitioningDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { hotKeyMitigation, otherStrategies } from './shared.js';

/** Default → consistent hashing with virtual nodes on the entity key. */
export const hashDefaultPartitioning: DecisionRule<EntityContext, PartitioningDesign> = {
  id: 'partitioning.hash-default',
  title: 'Default: consistent hashing with virtual nodes',
  sources: [ddiaChapter(6, 'Partitioning', 'Partitioning by Hash of Key; Rebalancing'), literature.consistentHashing, literature.dynamo],
  decide: (context) => ({
    choice: { strategy: 'consistent-hashing', key: context.entity.key, virtualNodesPerNode: 128, ...hotKeyMitigation(context) },
    summary: `consistent hashing on ${context.entity.key}, 128 virtual nodes per node`,
    why: `${context.entity.name} is read by ${context.entity.key} (point lookups): hashing spreads keys evenly, and with 128 virtual nodes per node the load per node stays within about ±10% while adding a node moves only about 1/N of the keys.`,
    tradeOff: 'Range queries over the key become scatter-gather; a single very hot key still lands on one partition.',
    alternatives: otherStrategies('consistent-hashing', { range: 'the spec lists no range scans, and ranges risk hot spots' }),
  }),
};
