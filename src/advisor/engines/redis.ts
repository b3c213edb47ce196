/**
 * Redis (and Valkey): a primary with asynchronous replicas, failover by Sentinel or Redis
 * Cluster; WAIT and WAITAOF to narrow, not close, the window of lost acknowledged writes.
 */
import { requestedCopies, verdict } from './models.js';
import type { EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  wait: { title: 'Redis: WAIT (Consistency and WAIT)', url: 'https://redis.io/docs/latest/commands/wait/' },
  waitaof: { title: 'Redis: WAITAOF', url: 'https://redis.io/docs/latest/commands/waitaof/' },
  replication: { title: 'Redis: Replication (allow writes only with N attached replicas)', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/replication/' },
  persistence: { title: 'Redis: Persistence (AOF, appendfsync)', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/' },
  sentinel: { title: 'Redis: High availability with Sentinel', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/' },
  cluster: { title: 'Redis: Scale with Redis Cluster (write safety)', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/' },
} as const;

/**
 * The Redis settings closest to the request. Redis replication is asynchronous: no setting makes
 * it strongly consistent, so for anything beyond eventual consistency `meetsRequest` is false
 * and the caveats say what to use instead.
 *
 * @example
 * ```ts
 * const settings = redisSettings({
 *   consistency: 'linearizable',
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: false },
 *   multiRegionWrites: false, regionCount: 1, durableAcknowledgedWrites: true,
 * });
 * settings.meetsRequest; // false: WAIT does not make Redis strongly consistent
 * ```
 */
export function redisSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const replicas = Math.max(requestedCopies(request.replication) - 1, 0);
  const acks = Math.max(1, Math.min(replicas, request.replication.kind === 'leader-follower' ? request.replication.synchronousAcks : 1));
  const careful = request.durableAcknowledgedWrites || consistency !== 'eventual';
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];

  parameters.push(
    { name: 'appendonly', value: 'yes', scope: 'server', why: 'Log every write to the append-only file, so a restart does not lose the data set since the last RDB snapshot.' },
    {
      name: 'appendfsync',
      value: request.durableAcknowledgedWrites ? 'always' : 'everysec',
      scope: 'server',
      why: request.durableAcknowledgedWrites ? 'fsync the AOF before replying (much slower); or keep everysec and call WAITAOF 1 0 <timeout> after the writes that matter.' : 'fsync once a second: a crash loses up to a second of acknowledged writes on that node.',
    },
  );
  if (replicas > 0 && careful) {
    parameters.push(
      { name: 'WAIT', value: `WAIT ${acks} <timeoutMs> after each write that matters; treat a reply < ${acks} as unknown outcome`, scope: 'request', why: `Blocks until ${acks} replica${acks === 1 ? ' has' : 's have'} received the client's previous writes. On timeout it returns the count reached and the write is NOT rolled back.` },
      { name: 'WAITAOF', value: `WAITAOF 1 ${acks} <timeoutMs>`, scope: 'request', why: 'Redis 7.2+: also waits until the writes are fsynced to the AOF locally and on the replicas.' },
      { name: 'min-replicas-to-write / min-replicas-max-lag', value: `${acks} / 10`, scope: 'server', why: 'A primary cut off from its replicas stops accepting writes after about 10 s, which bounds how many writes a partitioned old primary can accept and then lose.' },
    );
  }

  caveats.push(
    'WAIT does not make Redis strongly consistent: replication stays asynchronous, and a failover (Sentinel or Cluster) may promote a replica that did not receive a write the client was told succeeded, or that the WAIT had counted, so acknowledged writes can still be lost. The Redis documentation says so explicitly.',
    'Reads from replicas (READONLY in Cluster, replica-read in clients) are stale by the replication lag; reads from the primary see its latest writes only until a failover.',
  );
  if (consistency !== 'eventual') {
    caveats.push('For data that must not be lost or read stale (money, bookings, locks), keep the system of record in a consensus-replicated store (PostgreSQL with synchronous replication, etcd, CockroachDB, Spanner) and use Redis as a cache.');
    gaps.push(`Redis cannot deliver ${consistency} under failover; the settings only narrow the window in which acknowledged writes are lost.`);
  }
  if (request.durableAcknowledgedWrites) {
    gaps.push('Acknowledged writes can be lost on failover even with WAIT / WAITAOF.');
  }
  if (request.multiRegionWrites || request.replication.kind === 'multi-leader') {
    gaps.push('Open-source Redis has no multi-primary replication; Active-Active (CRDB) exists only in Redis Enterprise / Redis Cloud, with CRDT semantics per data type.');
  }
  if (replicas === 0) caveats.push('No replica: losing the node loses everything not yet fsynced, and there is nothing to fail over to.');

  return verdict(request, {
    engine: 'redis',
    versions: 'Redis 7.0–8.x and Valkey 7.2–8.x (WAITAOF since 7.2)',
    parameters,
    delivers: 'eventual',
    caveats,
    sources: [sources.wait, sources.waitaof, sources.replication, sources.persistence, sources.sentinel, sources.cluster],
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}
