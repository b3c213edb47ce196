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

  caveats.push('Every acknowledged write is durably stored across several availability zones of its Region; the replication choice of the request is managed by the service and cannot be tuned.');

  return verdict(request, {
    engine: 'dynamodb',
    versions: 'DynamoDB API 2012-08-10; global tables version 2019.11.21; MRSC generally available since June 2025',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}
