/**
 * Amazon DynamoDB: a regional service replicated across availability zones, with eventually or
 * strongly consistent reads, transactions, and global tables in multi-Region eventual (MREC) or
 * multi-Region strong (MRSC) consistency mode.
 */
import { verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  readConsistency: { title: 'Amazon DynamoDB: Read consistency', url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html' },
  transactions: { title: 'Amazon DynamoDB: Transactions', url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transactions.html' },
  globalTables: { title: 'Amazon DynamoDB: Global tables (consistency modes MREC and MRSC)', url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html' },
  howGlobalTablesWork: { title: 'Amazon DynamoDB: How global tables work', url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html' },
  conditionExpressions: { title: 'Amazon DynamoDB: Condition expressions', url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html' },
} as const;

/**
 * The Region sets of multi-Region strong consistency: an MRSC global table's three Regions
 * (replicas and witness) must all belong to one of them.
 *
 * @example
 * ```ts
 * mrscRegionSet(['us-east-1', 'eu-west-1']); // undefined: not one Region set
 * ```
 */
export const mrscRegionSets: Readonly<Record<'US' | 'EU' | 'AP', readonly string[]>> = {
  US: ['us-east-1', 'us-east-2', 'us-west-2'],
  EU: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
  AP: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
};

/** The MRSC Region set holding every one of `regions`, if there is one. */
export function mrscRegionSet(regions: readonly string[]): { name: string; regions: readonly string[] } | undefined {
  for (const [name, members] of Object.entries(mrscRegionSets)) {
    if (regions.every((region) => members.includes(region))) return { name, regions: members };
  }
  return undefined;
}

/**
 * The DynamoDB settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = dynamodbSettings({
 *   consistency: 'linearizable',
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 2, consensusFailover: true },
 *   multiRegionWrites: true, regionCount: 3, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.find((p) => p.name === 'MultiRegionConsistency')?.value; // 'STRONG'
 * ```
 */
export function dynamodbSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.readConsistency];
  const wantsFresh = consistency !== 'eventual';
  let delivers: ConsistencyModel;
  let commitCrossRegionRoundTrips = 0;

  if (request.regionCount === 1) {
    delivers = wantsFresh ? 'linearizable' : 'eventual';
    parameters.push({
      name: 'ConsistentRead',
      value: wantsFresh ? 'true' : 'false (default)',
      scope: 'request',
      why: wantsFresh
        ? 'GetItem, Query and Scan on the table (and local secondary indexes) return the result of every write that succeeded before the read: a strongly consistent read, at twice the read capacity.'
        : 'Eventually consistent reads: half the read capacity, usually fresh within a second.',
    });
    if (wantsFresh) {
      sourceList.push(sources.conditionExpressions, sources.transactions);
      parameters.push(
        { name: 'ConditionExpression', value: 'attribute_not_exists(pk) / #version = :expected', scope: 'request', why: 'Conditional writes (optimistic concurrency on a version attribute) make read-modify-write safe: compare-and-set per item.' },
        { name: 'TransactWriteItems / TransactGetItems', value: 'for multi-item invariants', scope: 'request', why: 'Serializable, all-or-nothing across up to 100 items in one Region (use a ClientRequestToken for idempotent retries).' },
      );
      caveats.push('Global secondary indexes are always eventually consistent: ConsistentRead=true is rejected on a GSI, so a fresh read must go to the base table or a local secondary index.');
    }
  } else if (wantsFresh && (consistency === 'linearizable' || consistency === 'sequential' || consistency === 'bounded-staleness' || request.multiRegionWrites)) {
    // Multi-Region strong consistency.
    commitCrossRegionRoundTrips = 1;
    sourceList.push(sources.globalTables, sources.howGlobalTablesWork);
    delivers = 'linearizable';
    parameters.push(
      { name: 'MultiRegionConsistency', value: 'STRONG', scope: 'table', why: 'MRSC global table: a write is replicated synchronously to at least one other Region before it returns, and ConsistentRead=true in any Region returns the latest version (RPO zero).' },
      {
        name: 'replicas',
        value: request.regionCount >= 3 ? '3 replicas in one Region set' : '2 replicas + 1 witness in one Region set',
        scope: 'table',
        why: 'MRSC needs exactly three Regions (three replicas, or two replicas and a witness) within one Region set: US (us-east-1, us-east-2, us-west-2), EU (eu-west-1, eu-west-2, eu-west-3, eu-central-1) or AP (ap-northeast-1, ap-northeast-2, ap-northeast-3).',
      },
      { name: 'ConsistentRead', value: 'true', scope: 'request', why: 'Strongly consistent reads with multi-Region scope.' },
    );
    caveats.push(
      'MRSC writes and strongly consistent reads pay a cross-Region round trip; concurrent conflicting writes to one item from different Regions fail with ReplicatedWriteConflictException and must be retried.',
      'The consistency mode is chosen when the global table is created (the table must be empty) and cannot be changed; check the current MRSC limits (at launch in 2025: no transaction APIs, no time to live, no local secondary indexes).',
    );
    if (request.regionCount > 3) gaps.push(`MRSC spans exactly three Regions; the request has ${request.regionCount}.`);
    const groups = (request.placements ?? []).length > 0 ? (request.placements ?? []) : request.regions === undefined ? [] : [{ jurisdiction: '', regions: request.regions }];
    for (const group of groups) {
      const where = group.jurisdiction === '' ? '' : ` for ${group.jurisdiction}`;
      const set = mrscRegionSet(group.regions);
      if (set === undefined) {
        gaps.push(`MRSC Regions must all be in one Region set (US: ${mrscRegionSets.US.join(', ')}; EU: ${mrscRegionSets.EU.join(', ')}; AP: ${mrscRegionSets.AP.join(', ')}); ${group.regions.join(' + ')}${where} is not one.`);
      } else if (group.jurisdiction !== '' && group.regions.length < 3) {
        const witnesses = set.regions.filter((region) => !group.regions.includes(region));
        gaps.push(`MRSC needs a third Region${where} (a replica or a witness in ${witnesses.join(', ') || 'the same Region set'}), but residency keeps ${group.jurisdiction}'s data in ${group.regions.join(', ')} only; the witness holds replicated change data too.`);
      }
    }
  } else {
    // Multi-Region eventual consistency, optionally with a home Region per item for fresh reads.
    sourceList.push(sources.globalTables, sources.howGlobalTablesWork);
    parameters.push({ name: 'MultiRegionConsistency', value: 'EVENTUAL (default)', scope: 'table', why: 'MREC global table: every replica accepts writes and replicates them asynchronously, usually within a second; concurrent writes to one item are resolved by last-writer-wins on an internal timestamp.' });
    if (wantsFresh) {
      delivers = 'read-your-writes';
      parameters.push(
        { name: 'request routing', value: 'each item (or user) has a home Region for its writes and fresh reads', scope: 'client', why: 'ConsistentRead=true is only fresh for writes made in the same Region; pinning a user\'s writes and reads to one Region gives read-your-writes while that Region is healthy.' },
        { name: 'ConsistentRead', value: 'true in the home Region', scope: 'request', why: 'Sees every write the home Region accepted.' },
      );
      caveats.push('When traffic moves to another Region after a failure, writes not yet replicated are missing there (RPO ≈ the ReplicationLatency metric, no SLA) and reappear later, possibly overwriting newer ones by last-writer-wins.');
      if (consistency === 'causal') caveats.push('No causal order across items or Regions: items are replicated independently and may arrive out of order.');
    } else {
      delivers = 'eventual';
    }
    caveats.push('Conditional writes are evaluated against the local Region\'s copy only: they are not a cross-Region compare-and-set, and transactions are atomic only in the Region where they ran.');
  }

  if (request.replication.kind === 'multi-leader' && (request.replication.conflictResolution === 'crdt' || request.replication.conflictResolution === 'application-merge' || request.replication.conflictResolution === 'vector-clocks-with-siblings')) {
    gaps.push(`global tables with multi-Region eventual consistency resolve concurrent writes to an item by last-writer-wins; they do not deliver "${request.replication.conflictResolution}": build it as one item per writer Region (or per increment) merged on read, or use atomic ADD updates in one home Region.`);
  }
  if ((request.placements ?? []).length > 0) {
    parameters.push({
      name: 'residency',
      value: `one table per jurisdiction, replicas only in its Regions: ${(request.placements ?? []).map((placement) => `${placement.jurisdiction} → ${placement.regions.join(', ')}`).join('; ')}`,
      scope: 'table',
      why: 'A global table replicates every item to every replica Region, so residency needs a separate table (global table) per jurisdiction whose replica Regions are only that jurisdiction\'s; on-demand backups and exports must target the same Regions.',
    });
  }
  caveats.push('Every acknowledged write is durably stored across several availability zones of its Region; the replication choice of the request is managed by the service and cannot be tuned.');

  return verdict(request, {
    engine: 'dynamodb',
    versions: 'DynamoDB API 2012-08-10; global tables version 2019.11.21; MRSC generally available since June 2025',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
    commitCrossRegionRoundTrips,
  });
}
