/**
 * The contract between the design advisor's decisions and the engine-settings catalog: given the
 * consistency model and replication the advisor chose for an entity, the catalog answers with
 * concrete settings for each real engine, what they actually deliver, caveats and sources.
 */

/** Consistency models, strongest first. */
export type ConsistencyModel =
  | 'linearizable'
  | 'sequential'
  | 'causal'
  | 'read-your-writes'
  | 'bounded-staleness'
  | 'eventual';

export type ConflictResolution = 'last-writer-wins' | 'vector-clocks-with-siblings' | 'crdt' | 'application-merge';

/** The replication the advisor chose for one entity. */
export type ReplicationChoice =
  | {
      readonly kind: 'leader-follower';
      readonly mode: 'synchronous' | 'semi-synchronous' | 'asynchronous';
      /** Copies of the data in total (the leader included). */
      readonly replicas: number;
      /** Replicas, besides the leader, that must acknowledge a write before it is acknowledged (0 when asynchronous). */
      readonly synchronousAcks: number;
      /** Whether failover is automatic through consensus (Raft/Paxos) with fencing. */
      readonly consensusFailover: boolean;
    }
  | {
      readonly kind: 'multi-leader';
      readonly conflictResolution: ConflictResolution;
    }
  | {
      readonly kind: 'leaderless';
      readonly n: number;
      readonly w: number;
      readonly r: number;
      readonly readRepair: boolean;
      /** Coordinator writes the value back to a quorum before returning a read (ABD). */
      readonly writeBackOnRead: boolean;
      /** Must be false for a strong claim: sloppy quorums with hinted handoff do not overlap. */
      readonly sloppyQuorum: boolean;
      /** How concurrent writes merge, when not last-writer-wins by version: `crdt` for a counter (a PN-counter, as Riak's and Cassandra's counters). */
      readonly conflictResolution?: 'crdt';
    };

export interface EngineSettingsRequest {
  readonly consistency: ConsistencyModel;
  readonly replication: ReplicationChoice;
  /** For bounded staleness: the bound. */
  readonly stalenessBoundMs?: number;
  /** Writes accepted in more than one region. */
  readonly multiRegionWrites: boolean;
  /** Regions the data is replicated across (1 when single-region). */
  readonly regionCount: number;
  /** Acknowledged writes must survive the loss of a node (money, bookings). */
  readonly durableAcknowledgedWrites: boolean;
  /** The regions holding the copies, leader's first, when known (for region-bound features such as DynamoDB Region sets). */
  readonly regions?: readonly string[];
  /** Data residency: each jurisdiction's copies may live only in its regions. */
  readonly placements?: readonly { readonly jurisdiction: string; readonly regions: readonly string[] }[];
  /** Size of the data, in GB (checked against engine limits such as etcd's storage quota). */
  readonly sizeGb?: number;
  /** The write latency objective at the 99th percentile, in ms (checked against the engine's commit path). */
  readonly writeP99Ms?: number;
  /** Round trip from the leader's region to the nearest other region holding copies, in ms. */
  readonly nearestRegionRttMs?: number;
  /** Whether the design acknowledges a write only once another region has it. */
  readonly synchronousAcrossRegions?: boolean;
  /** Deletes must reach every copy (erasure requests); the longest time a replica may be cut off and rejoin, in ms. */
  readonly deletesPropagate?: { readonly longestOutageMs: number };
}

export type EngineName =
  | 'postgresql'
  | 'mysql'
  | 'mongodb'
  | 'cassandra'
  | 'dynamodb'
  | 'cosmosdb'
  | 'kafka'
  | 'redis'
  | 'etcd'
  | 'cockroachdb'
  | 'spanner';

/** One setting: where it is set, its value, and why. */
export interface EngineParameter {
  readonly name: string;
  readonly value: string;
  /** Where it goes: server configuration, per session, per request, per topic, per table... */
  readonly scope: 'server' | 'cluster' | 'database' | 'table' | 'topic' | 'session' | 'client' | 'request';
  readonly why: string;
}

export interface Source {
  readonly title: string;
  readonly url: string;
}

/** The settings of one engine that come closest to the requested model. */
export interface EngineSettings {
  readonly engine: EngineName;
  /** The versions the settings hold for, e.g. "PostgreSQL 10–17". */
  readonly versions: string;
  readonly parameters: readonly EngineParameter[];
  /** What these settings actually give, which may be weaker than requested. */
  readonly delivers: ConsistencyModel;
  /**
   * True when `delivers` is at least as strong as the requested model AND no other requirement
   * of the request is unmet (`gaps` is empty): residency, durability, writes in several regions,
   * conflict resolution, size, the write latency objective.
   */
  readonly meetsRequest: boolean;
  /** Traps: silent fallbacks, what the setting does not cover, operational notes. */
  readonly caveats: readonly string[];
  readonly sources: readonly Source[];
  /**
   * Requirements of the request, other than the consistency model, that these settings do not
   * meet: writes in several regions, durability of acknowledged writes, the staleness bound.
   * Absent or empty when there are none.
   */
  readonly gaps?: readonly string[];
  /**
   * Sequential cross-region round trips on the commit path of one write with these settings (0:
   * commits inside one region). Compared with the write latency objective.
   */
  readonly commitCrossRegionRoundTrips?: number;
}
