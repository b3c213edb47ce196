/**
 * MongoDB: replica sets (Raft-like elections, one primary per shard) with per-operation write
 * concern, read concern, read preference and causally consistent sessions.
 */
import { formatDurationMs, verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  writeConcern: { title: 'MongoDB Manual: Write Concern', url: 'https://www.mongodb.com/docs/manual/reference/write-concern/' },
  linearizable: { title: 'MongoDB Manual: Read Concern "linearizable"', url: 'https://www.mongodb.com/docs/manual/reference/read-concern-linearizable/' },
  majority: { title: 'MongoDB Manual: Read Concern "majority"', url: 'https://www.mongodb.com/docs/manual/reference/read-concern-majority/' },
  causal: { title: 'MongoDB Manual: Causal Consistency and Read and Write Concerns', url: 'https://www.mongodb.com/docs/manual/core/causal-consistency-read-write-concerns/' },
  readPreference: { title: 'MongoDB Manual: Read Preference (maxStalenessSeconds)', url: 'https://www.mongodb.com/docs/manual/core/read-preference/' },
  rollbacks: { title: 'MongoDB Manual: Rollbacks During Replica Set Failover', url: 'https://www.mongodb.com/docs/manual/core/replica-set-rollbacks/' },
} as const;

/**
 * The smallest `maxStalenessSeconds` MongoDB accepts.
 *
 * @example
 * ```ts
 * const readPreference = { mode: 'nearest', maxStalenessSeconds: Math.max(boundSeconds, mongoMinimumMaxStalenessSeconds) };
 * ```
 */
export const mongoMinimumMaxStalenessSeconds = 90;

/**
 * The MongoDB settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = mongodbSettings({
 *   consistency: 'causal',
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
 *   multiRegionWrites: false, regionCount: 3, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.find((p) => p.name === 'readConcern')?.value; // '{ level: "majority" }'
 * ```
 */
export function mongodbSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.writeConcern];
  const majorityWrites = request.durableAcknowledgedWrites || consistency !== 'eventual';

  parameters.push({
    name: 'writeConcern',
    value: majorityWrites ? '{ w: "majority", j: true }' : '{ w: 1 }',
    scope: 'request',
    why: majorityWrites
      ? 'A write is acknowledged once a majority of voting members have it in their on-disk journal, so no election can roll it back (the implicit default since MongoDB 5.0 for most replica sets, but set it explicitly).'
      : 'Acknowledged by the primary alone: fastest, but a failover can roll the write back.',
  });
  if (!majorityWrites) {
    sourceList.push(sources.rollbacks);
    caveats.push('w: 1 writes that had not reached a majority are rolled back when their primary loses an election: acknowledged writes disappear (written to rollback files, not re-applied).');
  }

  let delivers: ConsistencyModel;
  switch (consistency) {
    case 'linearizable':
    case 'sequential':
      delivers = 'linearizable';
      sourceList.push(sources.linearizable);
      parameters.push(
        { name: 'readConcern', value: '{ level: "linearizable" }', scope: 'request', why: 'The primary confirms it is still primary with a majority before returning, so the read reflects every majority-acknowledged write that completed before it.' },
        { name: 'readPreference', value: 'primary', scope: 'request', why: 'Linearizable reads are only served by the primary.' },
        { name: 'maxTimeMS', value: 'set on every linearizable read', scope: 'request', why: 'A linearizable read blocks while a majority is unreachable; bound the wait.' },
      );
      caveats.push(
        'readConcern "linearizable" covers reads that return a single document (filter on a unique key); multi-document invariants need a transaction with readConcern "snapshot" and writeConcern "majority".',
        'Every linearizable read costs a majority round trip; it is much slower than "majority" or "local" reads.',
      );
      break;
    case 'causal':
    case 'read-your-writes':
      delivers = 'causal';
      sourceList.push(sources.causal, sources.majority, sources.readPreference);
      parameters.push(
        { name: 'session', value: 'startSession({ causalConsistency: true })', scope: 'session', why: 'The driver carries the operation time of each write and read into the next operation (afterClusterTime), so reads in the session wait until the member has caught up.' },
        { name: 'readConcern', value: '{ level: "majority" }', scope: 'session', why: 'With majority writes, causal sessions keep read-your-writes, monotonic reads, monotonic writes and writes-follow-reads even across failovers and network partitions.' },
        { name: 'readPreference', value: request.regionCount > 1 ? 'nearest' : 'primaryPreferred', scope: 'session', why: 'Causal sessions may read from secondaries: a read waits until the member has applied the session\'s cluster time.' },
      );
      caveats.push('The guarantees hold within one causally consistent session; to carry causality across clients or services pass the session\'s operationTime and clusterTime along (advanceOperationTime / advanceClusterTime).');
      break;
    case 'bounded-staleness': {
      sourceList.push(sources.readPreference);
      const boundSeconds = request.stalenessBoundMs === undefined ? mongoMinimumMaxStalenessSeconds : Math.floor(request.stalenessBoundMs / 1_000);
      if (boundSeconds >= mongoMinimumMaxStalenessSeconds) {
        delivers = 'bounded-staleness';
        parameters.push(
          { name: 'readPreference', value: `{ mode: "nearest", maxStalenessSeconds: ${boundSeconds} }`, scope: 'client', why: 'Clients skip secondaries whose estimated lag behind the primary exceeds the bound.' },
          { name: 'readConcern', value: '{ level: "majority" }', scope: 'request', why: 'Only data acknowledged by a majority, so a read never returns a write that is later rolled back.' },
        );
        caveats.push('maxStalenessSeconds is estimated from heartbeats and lastWrite times (precision about 10 s at the default heartbeat); it is not a hard guarantee.');
      } else {
        delivers = 'linearizable';
        sourceList.push(sources.linearizable);
        parameters.push(
          { name: 'readPreference', value: 'primary', scope: 'client', why: `maxStalenessSeconds cannot be below ${mongoMinimumMaxStalenessSeconds} s, so a bound of ${formatDurationMs(request.stalenessBoundMs ?? 0)} needs primary reads.` },
          { name: 'readConcern', value: '{ level: "linearizable" }', scope: 'request', why: 'Only a linearizable read is guaranteed fresh even while a deposed primary still answers.' },
        );
      }
      break;
    }
    case 'eventual':
      delivers = 'eventual';
      sourceList.push(sources.readPreference);
      parameters.push(
        { name: 'readPreference', value: 'nearest', scope: 'client', why: 'Read from the lowest-latency member; secondaries apply the oplog asynchronously.' },
        { name: 'readConcern', value: '{ level: "local" }', scope: 'request', why: 'The member\'s latest data, which may include writes later rolled back.' },
      );
      break;
  }

  if (request.multiRegionWrites || request.replication.kind === 'multi-leader') {
    gaps.push('Each shard has one primary: writes from other regions go to it. For region-local writes use a sharded cluster with zone sharding (each zone\'s shard primary in its region, the shard key prefixed with the region); one document still has a single home region, and there is no multi-primary conflict resolution.');
  }
  if (request.regionCount > 1) {
    caveats.push('Spread voting members so that no single region holds a majority (for example 2-2-1 across three regions); otherwise losing that region stops majority writes.');
  }

  return verdict(request, {
    engine: 'mongodb',
    versions: 'MongoDB 5.0–8.0 (linearizable read concern since 3.4, causally consistent sessions since 3.6, implicit w: "majority" default since 5.0)',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}
