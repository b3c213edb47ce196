import type { EntityContext } from '../../context.js';
import type { PartitioningDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { hotKeyMitigation, otherStrategies } from './shared.js';

/** Data residency → geographic partitioning: each jurisdiction's data is pinned to its regions. */
export const residencyPartitioning: DecisionRule<EntityContext, PartitioningDesign> = {
  id: 'partitioning.residency',
  title: 'Data residency pins partitions to regions',
  sources: [literature.spanner],
  decide: (context) => {
    const residency = context.entity.residency;
    if (residency === undefined || residency.length === 0) return undefined;
    const rules = residency.map((rule) => `${rule.jurisdiction} → ${rule.regions.join(', ')}`).join('; ');
    return {
      choice: { strategy: 'geographic', key: `(home_jurisdiction, ${context.entity.key})`, virtualNodesPerNode: 128, ...hotKeyMitigation(context) },
      summary: `geographic by home jurisdiction (${rules}), then consistent hashing on ${context.entity.key} inside each`,
      why: `Residency is a placement constraint, not a preference: the partition key starts with the user's home jurisdiction, so every replica of that data lives only in its allowed regions (${rules}).`,
      tradeOff: 'A user’s data is far from them when they travel; queries across jurisdictions fan out; moving a user between jurisdictions is a migration.',
      alternatives: otherStrategies('geographic', { 'consistent-hashing': 'places replicas by hash, so EU data lands in non-EU regions', none: 'one partition puts all data in the same regions, breaking residency' }),
    };
  },
};
