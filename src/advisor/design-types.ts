/**
 * The design `pacelc design` produces: the stable JSON contract (`--format json`) that
 * `pacelc verify` and users' own tooling consume. Documented in docs/design-json.md; additive
 * changes keep {@link designSchemaVersion}, anything else increments it.
 */
import type { ConsistencyModel, EngineSettings, ReplicationChoice } from './engines/types.js';
import type { QuorumAnalysis } from './quorum.js';
import type { Citation } from './sources.js';
import type { MergeKind } from './spec/schema.js';

/**
 * The version of the design JSON format.
 *
 * @example
 * ```ts
 * if (parsed.schemaVersion !== designSchemaVersion) throw new Error('unsupported design version');
 * ```
 */
export const designSchemaVersion = 1;

/** An option the rule considered and did not choose. */
export interface Alternative {
  readonly choice: string;
  readonly whyRejected: string;
}

/**
 * One decision: what was chosen, the rule that fired, why, what it costs, what else was
 * considered, and where the reasoning comes from.
 *
 * @example
 * ```ts
 * const made: Decision<ConsistencyModel> = design(spec).entities[0].consistency;
 * console.log(`${made.summary} [${made.ruleId}]: ${made.why}`);
 * ```
 */
export interface Decision<Choice> {
  /** The machine-readable choice. */
  readonly choice: Choice;
  /** The choice in a few words, for people. */
  readonly summary: string;
  /** The id of the rule that fired, e.g. `consistency.money`; rules are listed in docs/design-json.md. */
  readonly ruleId: string;
  /** Why, in one or two sentences. */
  readonly why: string;
  /** What the choice costs. */
  readonly tradeOff: string;
  readonly alternatives: readonly Alternative[];
  readonly sources: readonly Citation[];
}

/** The replication chosen for an entity: the engines contract's choice plus placement and reads. */
export interface ReplicationDesign {
  readonly choice: ReplicationChoice;
  /** Where reads are served from. */
  readonly readsFrom: 'leader' | 'followers' | 'quorum' | 'any-replica' | 'local-leader';
  /** Regions holding copies of the data. */
  readonly regions: readonly string[];
  /** Where the leader (or the write-ordering point) lives, when there is one. */
  readonly leaderRegion?: string;
  /** Whether the synchronous acknowledgement crosses regions (survives losing a region). */
  readonly crossRegionSynchronous: boolean;
  /**
   * With data residency: one placement per jurisdiction (then `other` for data no rule covers),
   * each replicated with the same choice but only inside its own regions. `regions` is then the
   * union of the placements' regions, and `leaderRegion` is set only when there is one placement.
   */
  readonly placements?: readonly PlacementDesign[];
}

/** Where one jurisdiction's copies live, where its leader is, and where it accepts writes. */
export interface PlacementDesign {
  /** The residency rule's jurisdiction, e.g. `EU`; `other` for data no rule covers. */
  readonly jurisdiction: string;
  /** The only regions holding its copies (backups included). */
  readonly regions: readonly string[];
  readonly leaderRegion?: string;
  /** Regions that accept its writes. */
  readonly writeRegions: readonly string[];
  readonly crossRegionSynchronous: boolean;
}

export type PartitionStrategy = 'none' | 'consistent-hashing' | 'range' | 'geographic';

export interface PartitioningDesign {
  readonly strategy: PartitionStrategy;
  /** The partition key, e.g. `account_id` or `(region, geohash5)`. Empty when not partitioned. */
  readonly key: string;
  /** Virtual nodes per physical node, for consistent hashing. */
  readonly virtualNodesPerNode?: number;
  /** Splitting of hot keys (key salting, write sharding), when hot keys are likely. */
  readonly hotKeyMitigation?: string;
}

export type CacheStrategy = 'none' | 'cache-aside' | 'write-through' | 'write-behind';

export interface CachingDesign {
  /** The read path (the spec's `caches[].name`). */
  readonly readPath: string;
  readonly strategy: CacheStrategy;
  /** Time to live in milliseconds (absent when not cached). */
  readonly ttlMs?: number;
  /** Random extra TTL, as a fraction, so entries written together do not expire together. */
  readonly ttlJitter?: number;
  readonly invalidation?: 'ttl-only' | 'on-write-event';
  readonly stampedeProtection: readonly ('request-coalescing' | 'probabilistic-early-expiration' | 'stale-while-revalidate' | 'ttl-jitter')[];
}

/** PACELC: under a Partition, Availability or Consistency; Else, Latency or Consistency. */
export interface PacelcClass {
  readonly partition: 'PA' | 'PC';
  readonly normal: 'EL' | 'EC';
  /** `PC/EC`, `PA/EL`, ... */
  readonly label: string;
}

/** How deletes that must propagate (erasure requests) reach every copy and stay deleted. */
export interface DeletesDesign {
  /** Whether deletes are tombstones (several writers) rather than entries of one ordered log. */
  readonly tombstones: boolean;
  readonly tombstoneLifetimeMs: number;
  /** The longest time a replica may be cut off and still rejoin by repair. */
  readonly longestOutageMs: number;
  /** A replica out longer than the tombstones live is wiped and rebuilt, never repaired. */
  readonly rejoinAfterLifetime: 'rebuild';
}

export interface FailoverDesign {
  /** Acknowledged writes that may be lost when a node fails, in ms of writes (0: none); null when unbounded. */
  readonly rpoMsNodeLoss: number | null;
  /** The same when a whole region is lost. */
  readonly rpoMsRegionLoss: number | null;
  /** Time until writes are accepted again after the leader (or a replica) fails, in ms. */
  readonly rtoMs: number;
  readonly automatic: boolean;
  /** How failover happens, in a sentence. */
  readonly mechanism: string;
}

/** What the spec required of an entity, echoed so that the design JSON is self-contained (for `pacelc verify`). */
export interface EntityRequirements {
  /** Acknowledged writes must never be lost (money, no double booking, or RPO 0). */
  readonly durable: boolean;
  readonly multiRegionWrites: boolean;
  /** Regions that accept writes. */
  readonly writeRegions: readonly string[];
  /** The staleness bound in ms, when the spec gives one. */
  readonly stalenessBoundMs?: number;
  /** The staleness bound in versions, when the spec gives one. */
  readonly stalenessBoundVersions?: number;
  readonly readP99Ms?: number;
  readonly writeP99Ms?: number;
  /** What concurrent writes merge into, when the spec says (`merge: counter`): the data type verify simulates. */
  readonly merge?: MergeKind;
  /** The spec forbids double booking (`noDoubleBooking: true`): two successful claims of one item. */
  readonly noDoubleBooking?: boolean;
}

export interface EntityDesign {
  readonly name: string;
  readonly service: string;
  readonly requirements: EntityRequirements;
  /** The model the requirements need (the decision), and below what the replication delivers. */
  readonly consistency: Decision<ConsistencyModel>;
  /**
   * What the design delivers: the required model when the advisor chose the replication, possibly
   * less when the spec stated it (then a conflict says so).
   */
  readonly delivers: { readonly consistency: ConsistencyModel; readonly reason: string };
  readonly replication: Decision<ReplicationDesign>;
  /** The quorum analysis when the replication is leaderless. */
  readonly quorum?: QuorumAnalysis;
  readonly partitioning: Decision<PartitioningDesign>;
  /** One decision per read path of this entity in the spec's `caches`. */
  readonly caching: readonly Decision<CachingDesign>[];
  /** Derived from the chosen replication and reads, never looked up by product name. */
  readonly pacelc: Decision<PacelcClass>;
  readonly failover: Decision<FailoverDesign>;
  /** How deletes reach every copy, when the spec says they must (`deletes: { propagate: true }`). */
  readonly deletes?: Decision<DeletesDesign>;
  /** Concrete settings per engine from the engines catalog. */
  readonly engines: readonly EngineSettings[];
}

export type StepKind = 'compensatable' | 'pivot' | 'retriable';

export interface StepPlan {
  readonly name: string;
  readonly service: string;
  readonly kind: StepKind;
  readonly compensation?: string;
  /** The idempotency key the step's handler deduplicates on. */
  readonly idempotencyKey: string;
  /** Time budget of the step, in ms. */
  readonly timeoutMs: number;
}

export interface WorkflowDesign {
  readonly name: string;
  readonly coordination: Decision<'orchestration' | 'choreography'>;
  readonly steps: readonly StepPlan[];
  /** Compensations run in this order (reverse of the completed steps). */
  readonly compensation: Decision<{ readonly order: readonly string[]; readonly pivot?: string }>;
  readonly messaging: Decision<{ readonly outbox: true; readonly idempotentConsumers: true; readonly keyFormat: string }>;
  readonly deadline: Decision<{ readonly deadlineMs: number; readonly onExpiry: 'compensate'; readonly deadLetter: string; readonly maxCompensationAttempts: number }>;
}

export interface RetryPolicy {
  /** Attempts in total, the first included (1: no retry). */
  readonly attempts: number;
  readonly backoff: { readonly kind: 'exponential'; readonly baseMs: number; readonly capMs: number; readonly jitter: 'full' | 'decorrelated' | 'none' };
  /** Retries allowed as a share of requests (a token bucket), e.g. 0.1 for 10%. */
  readonly budgetRatio: number;
}

export interface BreakerPolicy {
  readonly failureRateThreshold: number;
  readonly slowCallMs: number;
  readonly minimumRequests: number;
  readonly windowMs: number;
  readonly openMs: number;
  readonly halfOpenProbes: number;
}

export interface CallDesign {
  readonly from: string;
  readonly to: string;
  readonly operation?: string;
  readonly timeout: Decision<{ readonly timeoutMs: number }>;
  readonly retry: Decision<RetryPolicy>;
  readonly breaker: Decision<BreakerPolicy>;
  readonly bulkhead: Decision<{ readonly maxConcurrent: number; readonly maxQueue: number }>;
  readonly fallback: Decision<{ readonly kind: 'fail-fast' | 'stale-cache' | 'default-value' | 'omit-feature' | 'queue-for-later' }>;
}

export interface Monitor {
  readonly signal: string;
  readonly subject: string;
  readonly alertWhen: string;
}

export interface SystemDesign {
  readonly discovery: Decision<'client-side' | 'server-side' | 'service-mesh'>;
  readonly monitoring: Decision<readonly Monitor[]>;
}

/** An anti-pattern found in the spec (or in the design it leads to). */
export interface Warning {
  readonly ruleId: string;
  /** What it is about: `entities.ledger`, `calls[2]`, `workflows.checkout`... */
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
  readonly sources: readonly Citation[];
}

/** Requirements that cannot all hold; reported, never silently resolved. */
export interface Conflict {
  readonly ruleId: string;
  readonly subject: string;
  /** The spec fields that contradict one another. */
  readonly requirements: readonly string[];
  readonly explanation: string;
  /** The ways out: each relaxes one requirement. */
  readonly options: readonly string[];
  readonly sources: readonly Citation[];
}

/**
 * The whole design, as `pacelc design --format json` prints it.
 *
 * @example
 * ```ts
 * const result: Design = JSON.parse(execSync('npx pacelc design shop.yaml --format json', { encoding: 'utf8' }));
 * for (const entity of result.entities) console.log(entity.name, entity.pacelc.choice.label);
 * ```
 */
export interface Design {
  readonly schemaVersion: typeof designSchemaVersion;
  readonly system: { readonly name: string; readonly regions: readonly { readonly name: string; readonly area: string }[] };
  readonly entities: readonly EntityDesign[];
  readonly workflows: readonly WorkflowDesign[];
  readonly calls: readonly CallDesign[];
  readonly systemDecisions: SystemDesign;
  readonly warnings: readonly Warning[];
  readonly conflicts: readonly Conflict[];
}
