// Test support: a Design with only the fields verification reads, for hand-made claims.
import type { Decision, Design, EntityDesign, ReplicationDesign } from '../../advisor/design-types.js';
import type { ConsistencyModel, ReplicationChoice } from '../../advisor/engines/types.js';

export interface EntitySketch {
  readonly name: string;
  readonly consistency: ConsistencyModel;
  readonly replication: ReplicationChoice;
  readonly readsFrom?: ReplicationDesign['readsFrom'];
  readonly rpoMsNodeLoss?: number | null;
  /** The requirements echoed by the design (merge kind, no double booking). */
  readonly requirements?: Partial<EntityDesign['requirements']>;
}

function decision<T>(choice: T): Decision<T> {
  return { choice, summary: '', ruleId: 'test', why: '', tradeOff: '', alternatives: [], sources: [] };
}

/** A design whose entities make exactly the sketched claims. */
export function sketchDesign(entities: readonly EntitySketch[]): Design {
  return {
    schemaVersion: 1,
    system: { name: 'sketch', regions: [] },
    entities: entities.map(
      (entity) =>
        ({
          name: entity.name,
          service: 'svc',
          consistency: decision(entity.consistency),
          replication: decision({ choice: entity.replication, readsFrom: entity.readsFrom ?? 'leader', regions: [], crossRegionSynchronous: false }),
          requirements: entity.requirements ?? {},
          failover: decision({ rpoMsNodeLoss: entity.rpoMsNodeLoss === undefined ? 0 : entity.rpoMsNodeLoss, rpoMsRegionLoss: null, rtoMs: 0, automatic: true, mechanism: '' }),
        }) as unknown as EntityDesign,
    ),
    workflows: [],
    calls: [],
    systemDecisions: { discovery: decision('client-side'), monitoring: decision([]) },
    warnings: [],
    conflicts: [],
  } as unknown as Design;
}
