import type { Alternative } from '../../design-types.js';
import type { ConsistencyModel } from '../../engines/types.js';

const rejections: Record<ConsistencyModel, string> = {
  linearizable: 'costs a round trip to the leader or a quorum on every operation and stops the minority side of a partition',
  sequential: 'orders all operations globally but lets reads lag real time; it costs nearly what linearizability costs and buys little here',
  causal: 'tracks dependencies (vector clocks or session tokens) and still lets concurrent writes diverge',
  'read-your-writes': "guarantees only a client's own writes, not other clients'",
  'bounded-staleness': 'needs lag monitoring and still serves stale reads within the bound',
  eventual: 'allows arbitrarily stale reads and needs conflict resolution',
};

/** The other models, each with why it was not chosen here (override per rule as needed). */
export function otherModels(chosen: ConsistencyModel, overrides: Partial<Record<ConsistencyModel, string>> = {}): Alternative[] {
  return (Object.keys(rejections) as ConsistencyModel[])
    .filter((model) => model !== chosen)
    .map((model) => ({ choice: model, whyRejected: overrides[model] ?? rejections[model] }));
}
