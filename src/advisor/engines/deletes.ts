/**
 * What each engine does with a delete that must reach every copy (an erasure request): how it
 * replicates, how long its marker (tombstone) lives, and what still holds the data afterwards.
 */
import type { EngineName, EngineParameter } from './types.js';

/**
 * The delete setting of one engine, given the longest time a replica (or consumer) may be cut
 * off and still rejoin.
 *
 * @example
 * ```ts
 * deleteParameter('cassandra', 864_000_000).value; // "gc_grace_seconds = 950400 (≥ the longest outage)"
 * ```
 */
export function deleteParameter(engine: EngineName, longestOutageMs: number): EngineParameter {
  const lifetimeSeconds = Math.ceil((longestOutageMs + 86_400_000) / 1_000);
  const days = +(lifetimeSeconds / 86_400).toFixed(1);
  const backups = 'Backups and archives still hold erased rows: expire them within the erasure deadline or re-apply the erasure log after any restore.';
  const entries: Record<EngineName, Omit<EngineParameter, 'name'>> = {
    cassandra: {
      value: `gc_grace_seconds = ${lifetimeSeconds} (≥ the longest outage)`,
      scope: 'table',
      why: `A delete is a tombstone replicated like a write; compaction drops it after gc_grace_seconds. A replica down longer than that never receives it and, once back, repairs the deleted data into the others (resurrection): keep gc_grace above the longest outage (${days} days here), run a full repair within it, and rebuild rather than repair a node out for longer. A concurrent write with a later timestamp also wins over the tombstone (last-writer-wins). ${backups}`,
    },
    dynamodb: {
      value: 'DeleteItem (replicated to every replica Region); TTL deletes replicate too',
      scope: 'request',
      why: `Global tables replicate deletes like writes; a concurrent update in another Region with a later timestamp wins over the delete (last-writer-wins), so erase with a conditional delete in the item's home Region. Point-in-time recovery keeps up to 35 days of history. ${backups}`,
    },
    cosmosdb: {
      value: 'delete (replicated to every region)',
      scope: 'request',
      why: `Deletes replicate to all regions; with multiple write regions and last-writer-wins, a delete conflicting with an update wins. Continuous backup keeps 7 or 30 days of history. ${backups}`,
    },
    postgresql: {
      value: 'DELETE (replicated through the WAL); VACUUM reclaims the rows',
      scope: 'database',
      why: `A delete is a WAL record that every standby replays in order: no tombstone to outlive. Dead rows stay in the table files until VACUUM, and WAL archives and base backups keep them until they expire. ${backups}`,
    },
    mysql: {
      value: 'DELETE (replicated through the binlog); purge old binlogs (binlog_expire_logs_seconds)',
      scope: 'database',
      why: `A delete is a binlog event every replica applies in order. Binary logs keep the row image until purged. ${backups}`,
    },
    mongodb: {
      value: 'deleteOne / deleteMany with w: "majority" (replicated through the oplog)',
      scope: 'request',
      why: `A delete is an oplog entry applied by every member in order; a member offline longer than the oplog window must resync from scratch (it cannot resurrect data). ${backups}`,
    },
    kafka: {
      value: `tombstone record (key, null value) on a compacted topic; delete.retention.ms = ${lifetimeSeconds * 1_000}`,
      scope: 'topic',
      why: `Compaction removes the key's older records and, after delete.retention.ms, the tombstone itself: a consumer (or a mirror) offline longer than that never sees the delete and keeps the data. Records in non-compacted topics stay until retention.ms expires. ${backups}`,
    },
    redis: {
      value: 'DEL / UNLINK (replicated to replicas and the AOF)',
      scope: 'request',
      why: `Deletes replicate like writes; RDB snapshots and AOF files written before the delete still hold the key until rewritten. ${backups}`,
    },
    etcd: {
      value: 'Delete, then compact past its revision',
      scope: 'request',
      why: `A delete is a Raft entry; the old revisions stay readable (by revision) until compaction removes them, so compact (auto-compaction-retention) soon after an erasure. ${backups}`,
    },
    cockroachdb: {
      value: 'DELETE; gc.ttlseconds bounds how long old MVCC versions stay',
      scope: 'table',
      why: `A delete writes an MVCC tombstone through Raft to every replica; older versions stay readable with AS OF SYSTEM TIME until the garbage-collection TTL (gc.ttlseconds, 4 hours by default since v23.1) passes. ${backups}`,
    },
    spanner: {
      value: 'DELETE; version_retention_period bounds how long old versions stay (1 hour by default, up to 7 days)',
      scope: 'database',
      why: `A delete commits through Paxos to every replica; stale reads and point-in-time recovery can return the old versions until the version retention period passes. ${backups}`,
    },
  };
  return { name: 'deletes', ...entries[engine] };
}
