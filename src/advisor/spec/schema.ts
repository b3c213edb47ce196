/**
 * The spec a user writes for `pacelc design`: the system's regions, its data (entities), its
 * multi-service transactions (workflows), its service-to-service calls and the read paths to
 * cache. Requirements only: the advisor decides the design. Validated with zod; the published
 * JSON Schema (`schema/pacelc-spec.schema.json`) is generated from {@link specSchema}.
 */
import * as z from 'zod';

const name = z.string().min(1).max(100);
const positiveMs = z.number().positive();
const count = z.number().int().nonnegative();

/**
 * Continent-scale areas; a region's area is inferred from well-known cloud region names
 * (`us-east-1`, `europe-west4`, `westeurope`...) when the spec does not give it.
 *
 * @example
 * ```yaml
 * regions: [{ name: dc-frankfurt-2, area: europe }]
 * ```
 */
export const areas = ['north-america', 'south-america', 'europe', 'middle-east', 'africa', 'asia-pacific', 'oceania'] as const;
export type Area = (typeof areas)[number];

const regionSchema = z.union([
  name,
  z.strictObject({
    name,
    area: z.enum(areas).optional().describe('Continent-scale area, used to estimate round trips when system.latency does not give them'),
  }),
]);

const latencySchema = z.strictObject({
  between: z.tuple([name, name]).describe('Two region names'),
  rttMs: positiveMs.describe('Measured round-trip time between the two regions, in milliseconds'),
});

const systemSchema = z.strictObject({
  name,
  description: z.string().optional(),
  regions: z.array(regionSchema).min(1).describe('Regions the system runs in; the first is the primary'),
  latency: z.array(latencySchema).optional().describe('Measured inter-region round trips; others come from a per-pair table of common cloud regions, else from the areas'),
  availability: z.number().min(90).max(99.9999).optional().describe('Availability target in percent, e.g. 99.99'),
  availabilityWindow: z
    .enum(['monthly', 'yearly'])
    .optional()
    .describe('The window the availability target is measured over (default monthly): 99.999% allows about 26 s of downtime a month, 5.3 min a year'),
  scale: z
    .strictObject({
      requestsPerSecond: z.number().nonnegative().optional(),
      users: count.optional(),
    })
    .optional(),
  platform: z.enum(['kubernetes', 'virtual-machines', 'serverless']).optional().describe('Where services run; shapes service discovery'),
  clocks: z
    .strictObject({
      source: z.enum(['ntp', 'ptp', 'truetime']).optional(),
      maxSkewMs: z.number().nonnegative().optional().describe('Worst clock offset between nodes, in milliseconds'),
    })
    .optional(),
});

const serviceSchema = z.strictObject({
  name,
  database: name.optional().describe('The database this service writes to; two services naming the same one share a database'),
  language: z.string().min(1).optional(),
  instances: z.number().int().positive().optional(),
});

/** How an entity is read (`access: [point, range]`). */
export const accessPatterns = ['point', 'range', 'geo', 'scan', 'top-k'] as const;
export type AccessPattern = (typeof accessPatterns)[number];
/** What to do with concurrent writes from two regions (`conflicts: merge`). */
export const conflictPolicies = ['reject', 'merge', 'last-writer-wins', 'custom'] as const;
export type ConflictPolicy = (typeof conflictPolicies)[number];
/** How multi-writer data merges concurrent writes (`merge: counter`). */
export const mergeKinds = ['counter', 'max', 'set', 'register'] as const;
export type MergeKind = (typeof mergeKinds)[number];
/** Whether items change once written (`mutability: append-only`). */
export const mutabilities = ['mutable', 'append-only', 'immutable'] as const;
export const consistencyModels = ['linearizable', 'sequential', 'causal', 'read-your-writes', 'bounded-staleness', 'eventual'] as const;

const stalenessSchema = z.union([
  z.literal('none').describe('Every read sees every acknowledged write'),
  z.literal('any').describe('Reads may be arbitrarily stale while replicas converge'),
  z.strictObject({ maxMs: positiveMs.describe('Reads are at most this many milliseconds behind') }),
  z.strictObject({ maxVersions: z.number().int().positive().describe('Reads are at most this many versions behind') }),
]);

const givenReplicationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('leader-follower'),
    mode: z.enum(['synchronous', 'semi-synchronous', 'asynchronous']),
    replicas: z.number().int().min(1).max(9).optional(),
    readsFrom: z.enum(['leader', 'followers']).optional(),
  }),
  z.strictObject({
    kind: z.literal('multi-leader'),
    conflictResolution: z.enum(['last-writer-wins', 'vector-clocks-with-siblings', 'crdt', 'application-merge', 'none']),
  }),
  z.strictObject({
    kind: z.literal('leaderless'),
    n: z.number().int().min(1).max(9),
    w: z.number().int().min(1).max(9),
    r: z.number().int().min(1).max(9),
    sloppyQuorum: z.boolean().optional(),
  }),
]);

const entitySchema = z.strictObject({
  name,
  service: name.describe('The service that owns (writes) this data'),
  key: z.string().min(1).describe('The field that identifies one item, e.g. account_id'),
  access: z.array(z.enum(accessPatterns)).min(1).optional().describe('How the data is read: point lookups, range scans, geo queries, full scans, rankings (top-k: leaderboards, trending)'),
  readWriteRatio: z.number().positive().optional().describe('Reads per write, e.g. 100 for read-heavy data'),
  money: z.boolean().optional().describe('Balances, payments, ledgers: acknowledged writes must never be lost or reordered'),
  noDoubleBooking: z.boolean().optional().describe('Double booking or overselling is unacceptable (seats, stock, unique names)'),
  causality: z.boolean().optional().describe('Readers must see causes before effects (replies after messages, edits in order)'),
  readYourWrites: z.boolean().optional().describe('A user must see their own writes at once'),
  staleness: stalenessSchema.optional().describe('How stale a read may be'),
  latency: z
    .strictObject({
      readP99Ms: positiveMs.optional(),
      writeP99Ms: positiveMs.optional(),
    })
    .optional()
    .describe('Latency objectives at the 99th percentile, in milliseconds'),
  writes: z
    .enum(['single-region', 'multi-region', 'per-jurisdiction'])
    .optional()
    .describe('Whether writes are accepted in one region, in several, or each jurisdiction (residency) writes in its own regions'),
  mutability: z
    .enum(mutabilities)
    .optional()
    .describe('mutable (default); append-only: new items are added, none is changed; immutable: written once, never changed'),
  merge: z
    .enum(mergeKinds)
    .optional()
    .describe('What concurrent writes merge into: counter (increments add up), max (the largest wins), set (adds and removes), register (one value wins)'),
  deletes: z
    .strictObject({
      propagate: z.literal(true).describe('A delete (an erasure request) must reach and stay on every copy'),
      longestOutageMs: z.number().positive().optional().describe('Longest time a replica may be cut off and still rejoin, in milliseconds (default 10 days)'),
    })
    .optional()
    .describe('Deletes that must propagate to every copy, e.g. erasure requests'),
  residency: z
    .array(
      z.strictObject({
        jurisdiction: z.string().min(1).describe('Whose data, e.g. EU'),
        regions: z.array(name).min(1).describe('The only regions that may store it'),
      }),
    )
    .optional(),
  conflicts: z.enum(conflictPolicies).optional().describe('What to do when two regions write the same item concurrently'),
  volume: z
    .strictObject({
      items: z.number().nonnegative().optional(),
      sizeGb: z.number().nonnegative().optional(),
      writesPerSecond: z.number().nonnegative().optional(),
      readsPerSecond: z.number().nonnegative().optional(),
    })
    .optional(),
  hotKeys: z.enum(['low', 'medium', 'high']).optional().describe('Risk that a few keys take a large share of the traffic'),
  rpoMs: z.number().nonnegative().optional().describe('Most recent acknowledged writes you may lose when a node fails, in milliseconds (0: none)'),
  rpoRegionLossMs: z.number().nonnegative().optional().describe('Most recent acknowledged writes you may lose when a whole region is lost, in milliseconds (0: none)'),
  rtoMs: z.number().nonnegative().optional().describe('Longest tolerable unavailability in a failover, in milliseconds'),
  consistency: z.enum(consistencyModels).optional().describe('A hard requirement on the model; normally left to the advisor'),
  replication: givenReplicationSchema.optional().describe('Replication you run today or must keep: the advisor checks it instead of choosing'),
});

const stepSchema = z.strictObject({
  name,
  service: name,
  compensation: name.optional().describe('The action that semantically undoes this step; absent when it cannot be undone'),
  retriable: z.boolean().optional().describe('The step always succeeds eventually when retried (after the pivot)'),
});

const workflowSchema = z.strictObject({
  name,
  steps: z.array(stepSchema).min(2),
  deadlineMs: positiveMs.optional().describe('The whole transaction must finish or be compensated within this time'),
  coordination: z.enum(['saga', 'two-phase-commit']).optional().describe('How it is coordinated today'),
  centralView: z.boolean().optional().describe('Operators need one place that shows each instance’s state'),
});

const callSchema = z.strictObject({
  from: name,
  to: name,
  operation: z.string().min(1).optional(),
  latency: z.strictObject({
    p50Ms: positiveMs.optional(),
    p99Ms: positiveMs,
  }).describe("The callee's latency"),
  budgetMs: positiveMs.optional().describe('Time the caller can spend on this call, retries included'),
  idempotent: z.boolean().describe('Repeating the request has the same effect as sending it once'),
  criticality: z.enum(['critical', 'degradable', 'optional']).optional(),
  requestsPerSecond: z.number().nonnegative().optional(),
  retries: count.max(20).optional().describe('Retries configured today (checked, not chosen)'),
});

const freshnessSchema = z.union([z.literal('none'), z.literal('any'), z.strictObject({ maxMs: positiveMs })]);

const cacheSchema = z.strictObject({
  name,
  entity: name,
  freshness: freshnessSchema.describe('How stale a cached answer may be'),
  readsPerSecond: z.number().nonnegative().optional(),
  hotKeys: z.enum(['low', 'medium', 'high']).optional(),
  stampedeProtection: z.boolean().optional().describe('Whether the cache you run today coalesces misses (checked, not chosen)'),
  reads: z
    .enum(['decision', 'display'])
    .optional()
    .describe('decision: the answer decides a write (a balance before a debit, a seat before a claim); display: it is only shown'),
  writesPerSecond: z.number().nonnegative().optional().describe('Writes per second to the cached entity that would invalidate entries'),
});

/**
 * The zod schema of a spec (use {@link parseSpec} for located, readable errors).
 *
 * @example
 * ```ts
 * specSchema.safeParse({ system: { name: 's', regions: ['eu-west-1'] }, entities: [{ name: 'e', service: 's', key: 'id' }] }).success; // true
 * ```
 */
export const specSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).optional().describe('Spec format version'),
  system: systemSchema,
  services: z.array(serviceSchema).optional(),
  entities: z.array(entitySchema).min(1),
  workflows: z.array(workflowSchema).optional(),
  calls: z.array(callSchema).optional(),
  caches: z.array(cacheSchema).optional(),
});

/**
 * A validated spec.
 *
 * @example
 * ```ts
 * import { parseSpec } from 'pacelc/advisor';
 * const spec: Spec = parseSpec(text, { file: 'shop.yaml' });
 * ```
 */
export type Spec = z.infer<typeof specSchema>;
export type SystemSpec = Spec['system'];
export type RegionSpec = SystemSpec['regions'][number];
export type ServiceSpec = NonNullable<Spec['services']>[number];
export type EntitySpec = Spec['entities'][number];
export type Staleness = NonNullable<EntitySpec['staleness']>;
export type GivenReplication = NonNullable<EntitySpec['replication']>;
export type WorkflowSpec = NonNullable<Spec['workflows']>[number];
export type StepSpec = WorkflowSpec['steps'][number];
export type CallSpec = NonNullable<Spec['calls']>[number];
export type CacheSpec = NonNullable<Spec['caches']>[number];
export type Freshness = CacheSpec['freshness'];
export type ResidencySpec = NonNullable<EntitySpec['residency']>[number];
