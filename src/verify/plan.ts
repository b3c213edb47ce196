import type { Design, EntityDesign } from '../advisor/design-types.js';
import type { ConsistencyModel } from '../advisor/engines/types.js';
import type { ConsistencyName } from '../check/index.js';
import type { ProtocolOptions } from '../replication/index.js';
import type { DataType } from '../sim/protocol.js';

/** What a design claims about one entity, in terms a simulation can test. */
export interface EntityClaim {
  readonly consistency: ConsistencyModel;
  /** The design promises that acknowledged writes survive a node failure (RPO 0). */
  readonly noLostAcknowledgedWrites: boolean;
  /** For bounded staleness: the bound in ms, when the spec gives one. */
  readonly stalenessBoundMs?: number;
  /**
   * The spec itself demands that no acknowledged write is ever lost (money, no double booking,
   * RPO 0), so a write dropped by conflict resolution (last writer wins) counts as lost too.
   * Otherwise a design that chose last-writer-wins accepts losing one of two concurrent writes.
   */
  readonly noConcurrentWriteDropped: boolean;
  /**
   * The spec forbids double booking (`noDoubleBooking: true`): the workload claims items with
   * compare-and-set, and two successful claims of one item from the same state is a violation.
   */
  readonly noDoubleBooking: boolean;
}

/**
 * How one entity's claim is tested: the protocol model that mirrors its chosen replication, and
 * the history checks that decide the claim. `protocol` is absent when no model exists for the
 * choice (multi-leader replication is not simulated yet): the claim is then reported as not
 * verified, never as holding.
 */
export interface EntityPlan {
  readonly entity: string;
  readonly claim: EntityClaim;
  readonly protocol?: ProtocolOptions;
  /** Why the entity cannot be simulated, when `protocol` is absent. */
  readonly notModelled?: string;
  /** Consistency checks run on each history (session guarantees for causal, linearizability for strong models). */
  readonly checks: readonly ConsistencyName[];
  /** True when the checks are stronger than the claim (sequential checked as linearizable): a violation is then only a hint. */
  readonly checksStrongerThanClaim: boolean;
  /** The data type the workload exercises (each key one of it): the design's `merge` kind, else a register. */
  readonly dataType: DataType;
  /** The operation mix: claims (compare-and-set) join reads and writes when the design claims no double booking. */
  readonly mix: { readonly read: number; readonly write: number; readonly cas: number };
  /** Parts of the design the model reproduces, one phrase each (printed by verify). */
  readonly modelled: readonly string[];
  /** Parts of the design the model assumes or leaves out, one phrase each (printed by verify). */
  readonly assumed: readonly string[];
}

/** Session guarantees that together make causal consistency (Brzezinski, Sobaniec & Wawrzyniak 2004). */
const causalGuarantees: readonly ConsistencyName[] = ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'];

/**
 * Turns each entity of a design into a verification plan.
 *
 * @example
 * ```ts
 * const plans = planVerification(design(parseSpec(text, { file: 'bank.yaml' })));
 * plans[0]?.protocol; // { kind: 'leader-follower', mode: 'synchronous', replicas: 3, ... }
 * ```
 */
export function planVerification(design: Design, stalenessBounds: ReadonlyMap<string, number> = new Map()): EntityPlan[] {
  // The design JSON echoes each entity's requirements; an explicit map (older designs) takes precedence.
  return design.entities.map((entity) => planEntity(entity, stalenessBounds.get(entity.name) ?? entity.requirements?.stalenessBoundMs));
}

/** What the design's `merge` kind makes each key: the data type the workload exercises. */
function dataTypeOf(entity: EntityDesign): { readonly dataType: DataType; readonly phrase: string } {
  const merge = entity.requirements?.merge;
  const choice = entity.replication.choice.choice;
  switch (merge) {
    case 'counter':
      if (choice.kind === 'leader-follower') return { dataType: 'register', phrase: 'merge: counter: one leader orders every write, so increments never merge: each key is a register of unique values' };
      return { dataType: 'counter', phrase: 'each key is a counter (merge: counter): clients increment it, and every acknowledged increment must be counted' };
    case 'set':
      if (choice.kind === 'multi-leader') return { dataType: 'set', phrase: 'each key is a set (merge: set): unique elements added and removed' };
      return { dataType: 'register', phrase: 'merge: set on this replication is simulated as a register of unique values' };
    case 'max':
    case 'register':
      return { dataType: 'register', phrase: `each key is a register of unique values (merge: ${merge})` };
    default:
      if (choice.kind === 'multi-leader' && choice.conflictResolution === 'crdt') {
        // A CRDT needs a data type the design does not name: an observed-remove set (cart lines,
        // messages in a channel) is the one the advisor's reasoning names first.
        return { dataType: 'set', phrase: 'each key is an observed-remove set of unique elements with adds and removes (the design names a CRDT, not which one)' };
      }
      return { dataType: 'register', phrase: 'each key is a register of unique values (the design names no data type)' };
  }
}

function planEntity(entity: EntityDesign, stalenessBoundMs: number | undefined): EntityPlan {
  const consistency = entity.consistency.choice;
  const { dataType, phrase: dataPhrase } = dataTypeOf(entity);
  const noDoubleBooking = entity.requirements?.noDoubleBooking === true && dataType === 'register';
  const claim: EntityClaim = {
    consistency,
    noLostAcknowledgedWrites: entity.failover.choice.rpoMsNodeLoss === 0,
    ...(stalenessBoundMs === undefined ? {} : { stalenessBoundMs }),
    noConcurrentWriteDropped: entity.requirements?.durable === true,
    noDoubleBooking,
  };
  const { checks, stronger } = checksFor(consistency);
  // Claims are compare-and-sets from the value a client last saw; writes (releases) keep items changing hands.
  const mix = noDoubleBooking ? { read: 1, write: 1, cas: 2 } : { read: 1, write: 1, cas: 0 };
  const base = { entity: entity.name, claim, checks, checksStrongerThanClaim: stronger, dataType, mix };
  const design = entity.replication.choice;
  const choice = design.choice;
  const leaderReads = design.readsFrom === 'leader' || design.readsFrom === 'local-leader';
  const replicaCount = choice.kind === 'leader-follower' ? choice.replicas : choice.kind === 'leaderless' ? choice.n : design.regions.length;
  const common = {
    modelled: [
      `${choice.kind} replication as designed (${describeChoice(choice)})`,
      `reads from ${design.readsFrom}`,
      ...(noDoubleBooking ? ['claims as compare-and-set (no double booking): two successful claims of one item from the same state is a double booking'] : []),
    ],
    assumed: [
      dataPhrase,
      ...(design.regions.length > 1 && choice.kind !== 'multi-leader' ? [`all ${replicaCount} copies sit in one simulated network: the regions' latencies are not modelled`] : []),
      'convergence after the faults heal is not checked (the model does not expose each replica)',
    ],
  };
  switch (choice.kind) {
    case 'leader-follower': {
      // Raft commits on a majority: it models the design only when the design's acknowledgements are a majority too.
      const majorityAcks = choice.mode === 'synchronous' || (choice.mode === 'semi-synchronous' && choice.synchronousAcks + 1 > choice.replicas / 2);
      if (choice.consensusFailover && entity.failover.choice.automatic && leaderReads && majorityAcks) {
        // Consensus failover is Raft: elections, majority commit, ReadIndex reads (safe whatever the clocks do).
        return {
          ...base,
          ...common,
          modelled: [...common.modelled, 'consensus failover as Raft: elections, majority commit, ReadIndex reads, pre-vote, check-quorum'],
          protocol: { kind: 'raft', replicas: Math.max(1, choice.replicas), reads: 'read-index', preVote: true, checkQuorum: true },
        };
      }
      return {
        ...base,
        ...common,
        protocol: {
          kind: 'leader-follower',
          mode: choice.mode,
          replicas: Math.max(1, choice.replicas),
          ...(choice.mode === 'semi-synchronous' ? { synchronousAcks: Math.max(1, choice.synchronousAcks) } : {}),
          fencing: choice.consensusFailover,
          // Manual failover (an operator promotes a follower) is outside a short run: no automatic promotion.
          failover: entity.failover.choice.automatic,
          readFrom: leaderReads ? 'leader' : 'any',
          // A consensus leader serves reads as Raft does (ReadIndex / a safe lease): committed state, leadership confirmed.
          readIndex: leaderReads && choice.consensusFailover,
          // Session guarantees from followers need the client's session token (the design's "session token").
          sessionReads: !leaderReads && (consistency === 'read-your-writes' || consistency === 'causal'),
        },
      };
    }
    case 'leaderless': {
      // The advisor's availability design names anti-entropy repair beside read repair and hinted handoff.
      const antiEntropy = /anti-entropy/.test(entity.replication.summary);
      return {
        ...base,
        ...common,
        ...(antiEntropy
          ? {
              modelled: [...common.modelled, 'anti-entropy repair: home replicas push their keys to each other every 500 ms', 'convergence of the home replicas after the faults heal'],
              assumed: common.assumed.filter((part) => !part.startsWith('convergence')),
            }
          : {}),
        protocol: {
          kind: 'leaderless',
          n: choice.n,
          w: choice.w,
          r: choice.r,
          readRepair: choice.readRepair,
          writeBackOnRead: choice.writeBackOnRead,
          sloppyQuorum: choice.sloppyQuorum,
          ...(antiEntropy ? { antiEntropyIntervalMs: 500 } : {}),
          ...(dataType === 'counter' ? { dataType, counterMerge: choice.conflictResolution === 'crdt' ? ('pn-counter' as const) : ('last-writer-wins' as const) } : {}),
        },
      };
    }
    case 'multi-leader': {
      if (choice.conflictResolution === 'crdt' && dataType === 'register') {
        return { ...base, ...common, notModelled: `a CRDT for merge: ${entity.requirements?.merge ?? 'register'} (a max-register) is not simulated: the multi-leader model merges counters, sets and logs` };
      }
      const sessions = consistency === 'causal' || consistency === 'read-your-writes';
      const regions = Math.max(2, design.regions.length);
      return {
        ...base,
        dataType,
        protocol: {
          kind: 'multi-leader',
          regions,
          conflictResolution: choice.conflictResolution,
          dataType,
          // The advisor resolves last-writer-wins on a hybrid logical clock.
          ...(choice.conflictResolution === 'last-writer-wins' ? { lwwClock: 'hlc' as const } : {}),
          // Causal designs apply a remote update only after its dependencies (the advisor's "causal delivery").
          causalDelivery: consistency === 'causal',
          // Session models: sticky by user, with the session's version vector when it must move region.
          sessionTokens: sessions,
          durability: entity.failover.choice.rpoMsNodeLoss === 0 ? 'fsync-per-write' : 'fsync-interval',
        },
        modelled: [
          `a leader per region (${regions}: ${design.regions.join(', ')}), local reads and writes, asynchronous replication between regions`,
          `conflicts: ${choice.conflictResolution}${choice.conflictResolution === 'last-writer-wins' ? ' on a hybrid logical clock' : choice.conflictResolution === 'crdt' ? ` (pacelc/crdt ${dataType === 'counter' ? 'PNCounter' : dataType === 'log' ? 'GSet' : 'ORSet'} merging inside the simulator)` : choice.conflictResolution === 'vector-clocks-with-siblings' ? ' (pacelc/clocks dotted version vectors)' : ''}`,
          ...(consistency === 'causal' ? ['causal delivery: a region applies a remote write after its dependencies'] : []),
          ...(sessions ? ['sticky sessions by client, carrying the session’s version vector when they move region'] : ['sticky sessions by client']),
          entity.failover.choice.rpoMsNodeLoss === 0 ? 'each write made durable before it is acknowledged' : 'writes made durable every 100 ms (acknowledged before)',
          'convergence of every replica after the faults heal, and lost acknowledged writes by data type',
        ],
        assumed: [
          dataPhrase,
          'one node per region: a region’s own replicas are summed up in its durability setting',
          'inter-region latency is the simulated network’s, not the regions’ real distances',
        ],
      };
    }
  }
}

function describeChoice(choice: EntityDesign['replication']['choice']['choice']): string {
  switch (choice.kind) {
    case 'leader-follower':
      return `${choice.mode}, ${choice.replicas} replicas${choice.mode === 'semi-synchronous' ? `, ${choice.synchronousAcks} synchronous acks` : ''}, ${choice.consensusFailover ? 'consensus failover' : 'failover without consensus'}`;
    case 'leaderless':
      return `N=${choice.n} W=${choice.w} R=${choice.r}${choice.readRepair ? ', read repair' : ''}${choice.writeBackOnRead ? ', write-back' : ''}${choice.sloppyQuorum ? ', sloppy quorum' : ''}${choice.conflictResolution === 'crdt' ? ', CRDT merge' : ''}`;
    case 'multi-leader':
      return choice.conflictResolution;
  }
}

function checksFor(consistency: ConsistencyModel): { checks: readonly ConsistencyName[]; stronger: boolean } {
  switch (consistency) {
    case 'linearizable':
      return { checks: ['linearizable'], stronger: false };
    case 'sequential':
      // No sequential-consistency checker yet: linearizability implies it, so a pass proves the claim.
      return { checks: ['linearizable'], stronger: true };
    case 'causal':
      return { checks: causalGuarantees, stronger: false };
    case 'read-your-writes':
      return { checks: ['read-your-writes'], stronger: false };
    case 'bounded-staleness':
    case 'eventual':
      return { checks: [], stronger: false };
  }
}
