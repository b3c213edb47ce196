import type { Design, EntityDesign } from '../advisor/design-types.js';
import type { ConsistencyModel } from '../advisor/engines/types.js';
import type { ConsistencyName } from '../check/index.js';
import type { ProtocolOptions } from '../replication/index.js';

/** What a design claims about one entity, in terms a simulation can test. */
export interface EntityClaim {
  readonly consistency: ConsistencyModel;
  /** The design promises that acknowledged writes survive a node failure (RPO 0). */
  readonly noLostAcknowledgedWrites: boolean;
  /** For bounded staleness: the bound in ms, when the spec gives one. */
  readonly stalenessBoundMs?: number;
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

function planEntity(entity: EntityDesign, stalenessBoundMs: number | undefined): EntityPlan {
  const consistency = entity.consistency.choice;
  const claim: EntityClaim = {
    consistency,
    noLostAcknowledgedWrites: entity.failover.choice.rpoMsNodeLoss === 0,
    ...(stalenessBoundMs === undefined ? {} : { stalenessBoundMs }),
  };
  const { checks, stronger } = checksFor(consistency);
  const base = { entity: entity.name, claim, checks, checksStrongerThanClaim: stronger };
  const design = entity.replication.choice;
  const choice = design.choice;
  const leaderReads = design.readsFrom === 'leader' || design.readsFrom === 'local-leader';
  switch (choice.kind) {
    case 'leader-follower': {
      // Raft commits on a majority: it models the design only when the design's acknowledgements are a majority too.
      const majorityAcks = choice.mode === 'synchronous' || (choice.mode === 'semi-synchronous' && choice.synchronousAcks + 1 > choice.replicas / 2);
      if (choice.consensusFailover && entity.failover.choice.automatic && leaderReads && majorityAcks) {
        // Consensus failover is Raft: elections, majority commit, ReadIndex reads (safe whatever the clocks do).
        return { ...base, protocol: { kind: 'raft', replicas: Math.max(1, choice.replicas), reads: 'read-index', preVote: true, checkQuorum: true } };
      }
      return {
        ...base,
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
    case 'leaderless':
      return {
        ...base,
        protocol: {
          kind: 'leaderless',
          n: choice.n,
          w: choice.w,
          r: choice.r,
          readRepair: choice.readRepair,
          writeBackOnRead: choice.writeBackOnRead,
          sloppyQuorum: choice.sloppyQuorum,
        },
      };
    case 'multi-leader':
      return {
        ...base,
        notModelled: `multi-leader replication (${choice.conflictResolution}) has no simulator model yet; its claim is not verified`,
      };
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
