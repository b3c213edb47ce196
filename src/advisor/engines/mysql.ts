/**
 * MySQL: a source and replicas with asynchronous or semi-synchronous binlog replication, or
 * Group Replication (InnoDB Cluster) with configurable read consistency.
 */
import { formatDurationMs, isStrong, requestedCopies, verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  semisync: { title: 'MySQL 8.4: Semisynchronous Replication', url: 'https://dev.mysql.com/doc/refman/8.4/en/replication-semisync.html' },
  semisyncConfig: { title: 'MySQL 8.4: Configuring Semisynchronous Replication', url: 'https://dev.mysql.com/doc/refman/8.4/en/replication-semisync-interface.html' },
  semisyncMonitoring: { title: 'MySQL 8.4: Semisynchronous Replication Monitoring', url: 'https://dev.mysql.com/doc/refman/8.4/en/replication-semisync-monitoring.html' },
  groupConsistency: { title: 'MySQL 8.4: Configuring Transaction Consistency Guarantees (Group Replication)', url: 'https://dev.mysql.com/doc/refman/8.4/en/group-replication-configuring-consistency-guarantees.html' },
  gtidFunctions: { title: 'MySQL 8.4: Functions Used with GTIDs (WAIT_FOR_EXECUTED_GTID_SET)', url: 'https://dev.mysql.com/doc/refman/8.4/en/gtid-functions.html' },
} as const;

/**
 * `rpl_semi_sync_source_timeout` at its maximum (ms, about 49.7 days): never fall back to asynchronous.
 *
 * @example
 * ```ts
 * `SET GLOBAL rpl_semi_sync_source_timeout = ${semiSyncNeverFallBackMs};`
 * ```
 */
export const semiSyncNeverFallBackMs = 4_294_967_295;

/**
 * The MySQL settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = mysqlSettings({
 *   consistency: 'read-your-writes',
 *   replication: { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: false },
 *   multiRegionWrites: false, regionCount: 1, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.map((p) => p.name); // includes 'rpl_semi_sync_source_wait_point' (AFTER_SYNC)
 * ```
 */
export function mysqlSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency, replication } = request;
  const replicas = Math.max(requestedCopies(replication) - 1, 0);
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.semisync, sources.semisyncConfig, sources.semisyncMonitoring];

  const asked =
    replication.kind === 'leader-follower'
      ? replication.mode === 'asynchronous'
        ? 0
        : replication.synchronousAcks
      : replication.kind === 'leaderless'
        ? replication.w - 1
        : 0;
  const needsAcks = request.durableAcknowledgedWrites || isStrong(consistency);
  const acks = Math.min(replicas, needsAcks ? Math.max(asked, 1) : asked);
  // A strong claim or durable writes hold only while semi-sync never reverts to asynchronous.
  const neverFallBack = needsAcks;

  parameters.push(
    { name: 'sync_binlog', value: '1', scope: 'server', why: 'Flush the binary log at every commit, so a crash of the source does not lose committed transactions from the binlog.' },
    { name: 'innodb_flush_log_at_trx_commit', value: '1', scope: 'server', why: 'Flush the InnoDB redo log at every commit (full ACID durability on the source).' },
    { name: 'gtid_mode / enforce_gtid_consistency', value: 'ON / ON', scope: 'server', why: 'Global transaction ids let a failover find the most advanced replica and let clients wait for a given transaction on a replica.' },
  );
  if (acks > 0) {
    parameters.push(
      {
        name: 'rpl_semi_sync_source_enabled',
        value: 'ON',
        scope: 'server',
        why: 'Semi-synchronous replication on the source (plugin semisync_source.so; rpl_semi_sync_replica_enabled = ON on each replica). Before 8.0.26: rpl_semi_sync_master_enabled / rpl_semi_sync_slave_enabled.',
      },
      {
        name: 'rpl_semi_sync_source_wait_for_replica_count',
        value: String(acks),
        scope: 'server',
        why: `Each commit waits until ${acks} replica${acks === 1 ? '' : 's'} ha${acks === 1 ? 's' : 've'} written it to the relay log (received, not applied).`,
      },
      {
        name: 'rpl_semi_sync_source_wait_point',
        value: 'AFTER_SYNC',
        scope: 'server',
        why: 'Lossless semi-sync (the default): the source waits for the replica acknowledgement before committing to the storage engine, so no other session sees a transaction that a failover could lose. AFTER_COMMIT would make it visible first.',
      },
      {
        name: 'rpl_semi_sync_source_timeout',
        value: neverFallBack ? `${semiSyncNeverFallBackMs} (effectively infinite)` : '10000 (default)',
        scope: 'server',
        why: neverFallBack
          ? `The maximum (about 49.7 days): with the default 10 s, a commit that gets no acknowledgement in time makes the source SILENTLY fall back to asynchronous replication, and ${isStrong(consistency) ? 'a failover can then lose writes that readers already saw, breaking the linearizable claim' : 'acknowledged writes can then be lost on failover'}. Writes now block instead while no replica acknowledges.`
          : 'After this many ms without an acknowledgement the source falls back to asynchronous replication, silently; it switches back when a replica catches up. Acceptable only because this request needs neither durable acknowledged writes nor a strong model.',
      },
      {
        name: 'monitor Rpl_semi_sync_source_status',
        value: 'alert when 0',
        scope: 'server',
        why: 'The only sign of the fallback: rpl_semi_sync_source_enabled stays ON while this status is 0 (asynchronous). Also watch Rpl_semi_sync_source_no_tx.',
      },
    );
    if (neverFallBack) {
      caveats.push(
        `Availability cost of the infinite timeout: while fewer than ${acks} replica${acks === 1 ? '' : 's'} acknowledge (replica crash, network partition, replica lag on the relay log), every commit on the source blocks indefinitely rather than proceeding asynchronously; run at least ${acks + 1} semi-sync replicas so that one can fail without stopping writes, and alert on Rpl_semi_sync_source_wait_sessions.`,
      );
    }
  } else {
    caveats.push('Asynchronous replication: a failover can lose every transaction the chosen replica had not received (RPO = the replication lag).');
  }

  let delivers: ConsistencyModel;
  switch (consistency) {
    case 'linearizable':
    case 'sequential':
      delivers = 'linearizable';
      parameters.push({
        name: 'read routing',
        value: 'all reads and writes on the source',
        scope: 'client',
        why: 'Semi-sync acknowledges receipt in the relay log, not application: replicas may not have applied a transaction that the source already returned, so replica reads are not linearizable.',
      });
      caveats.push(
        'Linearizable for the source only, and only if failover (Orchestrator, MySQL Router + InnoDB Cluster, MHA) fences the old source and promotes the replica that acknowledged the last commits; an old source that keeps accepting writes breaks it.',
        'To read on secondaries with the same guarantee use Group Replication (InnoDB Cluster) with group_replication_consistency = BEFORE for reads or AFTER for writes (8.0.14+); those wait for the group to apply, at a latency cost.',
      );
      sourceList.push(sources.groupConsistency);
      break;
    case 'causal':
    case 'read-your-writes':
      delivers = consistency;
      sourceList.push(sources.gtidFunctions);
      parameters.push(
        {
          name: 'session_track_gtids',
          value: 'OWN_GTID',
          scope: 'session',
          why: 'The source returns the GTID of each committed transaction to the client.',
        },
        {
          name: 'read routing',
          value: 'replica reads after WAIT_FOR_EXECUTED_GTID_SET(last_gtid, timeout)',
          scope: 'client',
          why: 'A replica read first waits until the session\'s last transaction has been applied there (or goes to the source on timeout): read-your-writes and causal order for the session.',
        },
      );
      break;
    case 'bounded-staleness': {
      delivers = 'bounded-staleness';
      const bound = request.stalenessBoundMs === undefined ? 'the bound' : formatDurationMs(request.stalenessBoundMs);
      parameters.push({
        name: 'read routing',
        value: `replica reads only while lag ≤ ${bound}`,
        scope: 'client',
        why: 'MySQL does not bound staleness: measure lag with a heartbeat table (pt-heartbeat) or performance_schema.replication_applier_status_by_worker timestamps, not Seconds_Behind_Source alone, and route to the source when a replica is too far behind.',
      });
      break;
    }
    case 'eventual':
      delivers = 'eventual';
      parameters.push({ name: 'read routing', value: 'reads on any replica', scope: 'client', why: 'Replicas apply asynchronously; reads may be stale by the replication lag.' });
      break;
  }

  if (replicas === 0) {
    caveats.push('A single server: no replica to fail over to.');
    if (request.durableAcknowledgedWrites) gaps.push('acknowledged writes do not survive the loss of the only copy: add replicas with semi-synchronous replication.');
  }
  if (request.multiRegionWrites || replication.kind === 'multi-leader') {
    gaps.push('MySQL replication has one writable source: multi-source or Group Replication multi-primary mode detects conflicting writes and rolls back the later one (certification), but multi-primary across regions pays cross-region consensus on every commit; there is no last-writer-wins or merge.');
  }
  caveats.push('Variable names changed in 8.0.26 (source/replica instead of master/slave); MySQL 5.7–8.0.25 use rpl_semi_sync_master_* and rpl_semi_sync_slave_*.');

  return verdict(request, {
    engine: 'mysql',
    versions: 'MySQL 8.0.26+ and 8.4 LTS (rpl_semi_sync_source_* names); 5.7–8.0.25 with rpl_semi_sync_master_* names',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}
