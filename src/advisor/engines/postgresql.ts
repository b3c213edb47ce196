/**
 * PostgreSQL: one writable primary, physical streaming replication to hot standbys, synchronous
 * commit to a priority list (`FIRST k`) or a quorum (`ANY k`) of standbys.
 */
import { formatDurationMs, isStrong, requestedCopies, verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  synchronousCommit: { title: 'PostgreSQL: Write Ahead Log settings, synchronous_commit', url: 'https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT' },
  standbyNames: { title: 'PostgreSQL: Replication settings, synchronous_standby_names', url: 'https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-SYNCHRONOUS-STANDBY-NAMES' },
  synchronousReplication: { title: 'PostgreSQL: Synchronous Replication', url: 'https://www.postgresql.org/docs/current/warm-standby.html#SYNCHRONOUS-REPLICATION' },
  hotStandby: { title: 'PostgreSQL: Hot Standby', url: 'https://www.postgresql.org/docs/current/hot-standby.html' },
  patroni: { title: 'Patroni: Replication modes (synchronous_mode: on / quorum, synchronous_node_count, synchronous_mode_strict)', url: 'https://patroni.readthedocs.io/en/latest/replication_modes.html' },
  patroniReleases: { title: 'Patroni 4.0.0 release notes (quorum-based failover, synchronous_mode: quorum)', url: 'https://patroni.readthedocs.io/en/latest/releases.html' },
  logical: { title: 'PostgreSQL: Logical Replication', url: 'https://www.postgresql.org/docs/current/logical-replication.html' },
  adminFunctions: { title: 'PostgreSQL: System Administration Functions (WAL LSNs)', url: 'https://www.postgresql.org/docs/current/functions-admin.html' },
} as const;

/**
 * The PostgreSQL settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = postgresqlSettings({
 *   consistency: 'linearizable',
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
 *   multiRegionWrites: false, regionCount: 1, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.find((p) => p.name === 'synchronous_standby_names')?.value; // "ANY 1 (standby1, standby2)"
 * ```
 */
export function postgresqlSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency, replication } = request;
  const standbys = Math.max(requestedCopies(replication) - 1, 0);
  const standbyList = Array.from({ length: standbys }, (_, index) => (request.regionCount > 1 ? `standby${index + 1}_region${(index % request.regionCount) + 1}` : `standby${index + 1}`));
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.synchronousCommit, sources.standbyNames, sources.synchronousReplication];

  // Writes in several regions: only an eventual request is served by multi-primary logical
  // replication; anything stronger keeps one primary and reports the topology as a gap.
  if ((replication.kind === 'multi-leader' || request.multiRegionWrites) && consistency === 'eventual') {
    return multiPrimary(request);
  }

  // How many standbys each commit waits for.
  const asked =
    replication.kind === 'leader-follower'
      ? replication.mode === 'asynchronous'
        ? 0
        : replication.synchronousAcks
      : replication.kind === 'leaderless'
        ? replication.w - 1
        : 0;
  const needsSynchronous = request.durableAcknowledgedWrites || isStrong(consistency);
  const acks = Math.min(standbys, needsSynchronous ? Math.max(asked, 1) : asked);
  const readsOnStandbys = request.regionCount > 1 || consistency === 'bounded-staleness' || consistency === 'eventual';
  const standbyReadsMustSeeWrites = readsOnStandbys && (consistency === 'causal' || consistency === 'read-your-writes');

  const commitLevel = acks === 0 ? (request.durableAcknowledgedWrites ? 'on' : 'local') : standbyReadsMustSeeWrites ? 'remote_apply' : 'on';
  parameters.push({
    name: 'synchronous_commit',
    value: commitLevel,
    scope: 'server',
    why:
      commitLevel === 'remote_apply'
        ? 'A commit returns once the synchronous standbys have flushed AND replayed it, so a read on one of those standbys sees it (read-your-writes on standbys). Slowest level: every commit waits for replay.'
        : commitLevel === 'on'
          ? acks === 0
            ? 'A commit returns once its WAL is flushed to the primary\'s disk; no standby is waited for.'
            : `A commit returns once its WAL is flushed on the primary and on ${acks} synchronous standby${acks === 1 ? '' : 's'}: an acknowledged write survives the loss of the primary. remote_write would only wait for the standby's OS cache (lost if standby and primary crash together); off/local do not wait for standbys at all.`
          : 'A commit returns after the primary\'s local flush only (asynchronous replication); standbys trail by the replication lag. "off" would also risk the last few hundred ms of commits on a primary crash.',
  });
  if (standbys > 0) {
    parameters.push({
      name: 'synchronous_standby_names',
      value: acks === 0 ? "'' (empty: asynchronous)" : `ANY ${acks} (${standbyList.join(', ')})`,
      scope: 'server',
      why:
        acks === 0
          ? 'No synchronous standbys: commits never wait for replication.'
          : `Quorum commit: each commit waits for ANY ${acks} of the ${standbys} listed standbys, so any ${standbys - acks} standby${standbys - acks === 1 ? '' : 's'} can be down or slow without blocking writes. FIRST ${acks} (...) would instead wait for the first ${acks === 1 ? 'healthy standby' : `${acks} healthy standbys`} in list order (priority), which pins latency to named standbys.`,
    });
    parameters.push({
      name: 'hot_standby',
      value: 'on',
      scope: 'server',
      why: readsOnStandbys ? 'Standbys serve read-only queries (the default since PostgreSQL 10).' : 'Standbys may serve reads, but reads that must be fresh go to the primary.',
    });
  }
  if (acks > 0) {
    sourceList.push(sources.patroni, sources.patroniReleases);
    parameters.push(
      {
        name: 'patroni: synchronous_mode',
        value: 'quorum',
        scope: 'cluster',
        why: `Patroni 4.0+: Patroni itself writes synchronous_standby_names as ANY ${acks} (...) and, on failover, promotes only a standby that a quorum confirms has every acknowledged commit. synchronous_mode: true would write FIRST ${acks} (...) instead (priority, not quorum). Patroni 3.x has no quorum mode: there, use synchronous_mode: true and accept FIRST ${acks}.`,
      },
      {
        name: 'patroni: synchronous_node_count',
        value: String(acks),
        scope: 'cluster',
        why: `The k of ANY k: each commit waits for ${acks} standby${acks === 1 ? '' : 's'}.`,
      },
      {
        name: 'patroni: synchronous_mode_strict',
        value: 'true',
        scope: 'cluster',
        why: 'When no synchronous standby is available, writes block instead of silently continuing asynchronously; choose availability (false) only if losing acknowledged writes is acceptable.',
      },
    );
  }

  let delivers: ConsistencyModel;
  switch (consistency) {
    case 'linearizable':
    case 'sequential':
      delivers = 'linearizable';
      parameters.push({
        name: 'read routing',
        value: 'all reads and writes on the primary',
        scope: 'client',
        why: 'Only the primary sees every committed write; synchronous replication alone does not make standby reads linearizable (a standby may not have replayed a commit that the primary already returned).',
      });
      caveats.push(
        'Linearizable only for the primary, and only if a failover fences the old primary (Patroni with a DCS lock, or STONITH) before promoting; two primaries accepting writes break every guarantee.',
        'Canceling a commit that waits for its synchronous standbys (client timeout, pg_cancel_backend) leaves it committed locally and visible on the primary although no standby has it: other sessions can read a write that a failover would then lose. Alert on the "canceling wait for synchronous replication" warning.',
        'Isolation is separate from replication: check-then-write invariants (no double booking, no overdraft) need SERIALIZABLE or SELECT ... FOR UPDATE.',
      );
      break;
    case 'causal':
    case 'read-your-writes':
      delivers = consistency;
      if (standbyReadsMustSeeWrites) {
        sourceList.push(sources.adminFunctions);
        parameters.push({
          name: 'read routing',
          value: 'standby reads wait for the session\'s last commit LSN',
          scope: 'client',
          why: "After each commit, keep pg_current_wal_lsn() in the session; before reading on a standby, wait until pg_last_wal_replay_lsn() >= that LSN (or read on the primary). This gives read-your-writes and causal order for the session even on standbys that are not synchronous.",
        });
        caveats.push('remote_apply only covers the synchronous standbys that acknowledged the commit; with ANY k the others may still lag, so route reads by LSN as above or list every read standby as synchronous.');
      } else {
        parameters.push({ name: 'read routing', value: 'session reads on the primary', scope: 'client', why: 'The primary always has the session\'s own writes.' });
      }
      break;
    case 'bounded-staleness': {
      delivers = 'bounded-staleness';
      sourceList.push(sources.hotStandby);
      const bound = request.stalenessBoundMs === undefined ? 'the staleness bound' : formatDurationMs(request.stalenessBoundMs);
      parameters.push({
        name: 'read routing',
        value: `standby reads only while replay lag ≤ ${bound}`,
        scope: 'client',
        why: "PostgreSQL does not bound staleness itself: the client (or pgbouncer/HAProxy health check) measures lag on each standby, for instance pg_wal_lsn_diff(sent_lsn, replay_lsn) in pg_stat_replication or now() − pg_last_xact_replay_timestamp(), and sends reads to the primary when a standby is too far behind.",
      });
      parameters.push({
        name: 'max_standby_streaming_delay',
        value: request.stalenessBoundMs === undefined ? '30s (default)' : `${Math.max(1, Math.floor(request.stalenessBoundMs / 2_000))}s`,
        scope: 'server',
        why: 'How long WAL replay on a standby may pause for conflicting queries; keep it well under the bound or long queries hold replay back.',
      });
      caveats.push('now() − pg_last_xact_replay_timestamp() grows while the primary is idle; compare LSNs when the write rate is low.');
      break;
    }
    case 'eventual':
      delivers = 'eventual';
      sourceList.push(sources.hotStandby);
      parameters.push({ name: 'read routing', value: 'reads on any hot standby', scope: 'client', why: 'Standbys replay asynchronously; reads may be stale by the replication lag but scale out.' });
      break;
  }

  if (standbys === 0) {
    caveats.push('A single copy: no replication, so the data does not survive the loss of the server\'s disk.');
    if (request.durableAcknowledgedWrites) gaps.push('acknowledged writes do not survive the loss of the only copy: add at least 2 standbys with ANY 1 synchronous commit.');
  } else if (acks === 0) {
    caveats.push('Asynchronous replication: a failover promotes a standby that may lack the last acknowledged commits (RPO = the replication lag), and those writes are lost.');
  }
  if (request.multiRegionWrites || replication.kind === 'multi-leader') {
    gaps.push('PostgreSQL accepts writes only on its one primary: writers in other regions pay a cross-region round trip per statement (or use multi-primary logical replication, which gives up this consistency model).');
  }
  if (request.regionCount > 1 && acks > 0) {
    caveats.push(`With standbys in ${request.regionCount} regions, a commit that must be acknowledged in another region pays that round trip; put one synchronous standby per remote region in the ANY list so that the nearest one answers.`);
  }

  return verdict(request, {
    engine: 'postgresql',
    versions: 'PostgreSQL 10–17 (ANY quorum commit since 10, remote_apply since 9.6); Patroni 4.0+ for synchronous_mode: quorum (3.x: synchronous_mode: true, FIRST k)',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}

/** Writes in several regions on PostgreSQL: bidirectional logical replication, eventual at best. */
function multiPrimary(request: EngineSettingsRequest): EngineSettings {
  const parameters: EngineParameter[] = [
    { name: 'wal_level', value: 'logical', scope: 'server', why: 'Logical decoding, required to publish changes row by row.' },
    {
      name: 'CREATE SUBSCRIPTION ... WITH (origin = none)',
      value: 'on every primary, subscribing to every other',
      scope: 'database',
      why: 'Bidirectional logical replication (PostgreSQL 16+): origin = none stops a change from echoing back to where it came from.',
    },
  ];
  const caveats = [
    'Core PostgreSQL has no conflict resolution for multi-primary logical replication: a conflicting row (same key written in two regions) stops the subscription with an error until someone fixes it. Partition writes so that each row has one home region, or use an extension that resolves conflicts (pgactive, pgEdge Spock, EDB BDR).',
    'Logical replication does not replicate DDL or sequences; schema changes must be applied on every primary.',
  ];
  const gaps: string[] = [];
  if (request.replication.kind === 'multi-leader' && request.replication.conflictResolution !== 'application-merge') {
    gaps.push(`the conflict resolution "${request.replication.conflictResolution}" is not available in core PostgreSQL.`);
  }
  return verdict(request, {
    engine: 'postgresql',
    versions: 'PostgreSQL 16–17 (origin = none for bidirectional logical replication)',
    parameters,
    delivers: 'eventual',
    caveats,
    sources: [sources.logical],
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}
