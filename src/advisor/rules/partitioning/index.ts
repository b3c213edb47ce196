import type { EntityContext } from '../../context.js';
import type { PartitioningDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { geoAccessPartitioning } from './geo-access.js';
import { hashDefaultPartitioning } from './hash-default.js';
import { rangeScanPartitioning } from './range-scans.js';
import { residencyPartitioning } from './residency.js';
import { smallDataPartitioning } from './small-data.js';

/**
 * The partitioning decision tree, in order.
 *
 * @example
 * ```ts
 * decideFirst(partitioningRules, context).choice.strategy; // 'geographic' when the entity has residency rules
 * ```
 */
export const partitioningRules: readonly DecisionRule<EntityContext, PartitioningDesign>[] = [
  residencyPartitioning,
  geoAccessPartitioning,
  rangeScanPartitioning,
  smallDataPartitioning,
  hashDefaultPartitioning,
];
