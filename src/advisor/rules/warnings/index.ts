import type { CheckRule } from '../../rule.js';
import type { ReviewInput, WarningDraft } from '../review.js';
import { asyncReplicationDurable } from './async-replication-durable.js';
import { availabilityOneRegion } from './availability-one-region.js';
import { availabilityVsFailover } from './availability-vs-failover.js';
import { cacheWithoutStampedeProtection } from './cache-without-stampede-protection.js';
import { failoverTargets } from './failover-targets.js';
import { hotKeyContention } from './hot-key-contention.js';
import { lwwClockSkew } from './lww-clock-skew.js';
import { protectedReadsCachedUnstated } from './money-behind-cache.js';
import { multiWriterWithoutResolution } from './multi-writer-without-resolution.js';
import { remoteStrongReads } from './remote-strong-reads.js';
import { retryNonIdempotent } from './retry-non-idempotent.js';
import { sagaStepOrder } from './saga-step-order.js';
import { sharedDatabase } from './shared-database.js';
import { strongEverywhere } from './strong-everywhere.js';
import { timeoutBelowP99 } from './timeout-below-p99.js';
import { twoPhaseCommit } from './two-phase-commit.js';

/**
 * Every anti-pattern check, in report order.
 *
 * @example
 * ```ts
 * design(spec).warnings.map((warning) => warning.ruleId); // ids of these rules
 * ```
 */
export const warningRules: readonly CheckRule<ReviewInput, WarningDraft>[] = [
  sharedDatabase,
  twoPhaseCommit,
  sagaStepOrder,
  strongEverywhere,
  multiWriterWithoutResolution,
  asyncReplicationDurable,
  remoteStrongReads,
  hotKeyContention,
  lwwClockSkew,
  cacheWithoutStampedeProtection,
  protectedReadsCachedUnstated,
  retryNonIdempotent,
  timeoutBelowP99,
  failoverTargets,
  availabilityOneRegion,
  availabilityVsFailover,
];
