import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { boundedStalenessConsistency } from './bounded-staleness.js';
import { causalityConsistency } from './causality.js';
import { eventualConsistencyDefault } from './eventual-default.js';
import { givenConsistency } from './given.js';
import { moneyConsistency } from './money.js';
import { noDoubleBookingConsistency } from './no-double-booking.js';
import { noStalenessConsistency } from './no-staleness.js';
import { readYourWritesConsistency } from './read-your-writes.js';

/**
 * The consistency decision tree, in order: the first rule that applies decides.
 *
 * @example
 * ```ts
 * decideFirst(consistencyRules, context).choice; // 'linearizable' for money
 * ```
 */
export const consistencyRules: readonly DecisionRule<EntityContext, ConsistencyModel>[] = [
  givenConsistency,
  moneyConsistency,
  noDoubleBookingConsistency,
  noStalenessConsistency,
  causalityConsistency,
  boundedStalenessConsistency,
  readYourWritesConsistency,
  eventualConsistencyDefault,
];
