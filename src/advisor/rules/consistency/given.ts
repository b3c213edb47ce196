import type { EntityContext } from '../../context.js';
import type { ConsistencyModel } from '../../engines/types.js';
import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import { otherModels } from './shared.js';

/** The spec states the model as a hard requirement: keep it (other rules still check it). */
export const givenConsistency: DecisionRule<EntityContext, ConsistencyModel> = {
  id: 'consistency.given',
  title: 'A model stated in the spec is a requirement',
  sources: [literature.vogels, literature.abadi],
  decide: ({ entity }) =>
    entity.consistency === undefined
      ? undefined
      : {
          choice: entity.consistency,
          summary: entity.consistency,
          why: `The spec requires ${entity.consistency} for ${entity.name}, so the advisor keeps it and designs replication to deliver it.`,
          tradeOff: 'A stated model is not re-derived: if it is stronger than the requirements need, it costs latency and availability for nothing (see the warnings).',
          alternatives: otherModels(entity.consistency, Object.fromEntries(
            ['linearizable', 'sequential', 'causal', 'read-your-writes', 'bounded-staleness', 'eventual'].map((model) => [model, 'the spec requires another model']),
          )),
        },
};
