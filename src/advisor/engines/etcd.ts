/**
 * etcd: a Raft-replicated key-value store; every write goes through the leader and a majority,
 * reads are linearizable (ReadIndex) by default or serializable (local) on request.
 */
import { requestedCopies, verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  guarantees: { title: 'etcd: KV API guarantees', url: 'https://etcd.io/docs/v3.5/learning/api_guarantees/' },
  faq: { title: 'etcd: Frequently Asked Questions (cluster size, failure tolerance)', url: 'https://etcd.io/docs/v3.5/faq/' },
  limits: { title: 'etcd: System limits (request size, storage size limit: 2 GiB default, 8 GiB suggested maximum)', url: 'https://etcd.io/docs/v3.5/dev-guide/limit/' },
  tuning: { title: 'etcd: Tuning (heartbeat interval and election timeout)', url: 'https://etcd.io/docs/v3.5/tuning/' },
} as const;

/** etcd's suggested maximum storage quota, in GiB (etcd docs, System limits). */
export const etcdMaxQuotaGb = 8;

/**
 * The etcd settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = etcdSettings({
 *   consistency: 'eventual',
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
 *   multiRegionWrites: false, regionCount: 1, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.find((p) => p.name === 'read consistency')?.value; // 'serializable'
 * ```
 */
export function etcdSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const requested = Math.max(requestedCopies(request.replication), 1);
  const members = requested % 2 === 0 ? requested + 1 : requested;
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  let commitCrossRegionRoundTrips = 0;

  parameters.push({
    name: 'cluster members',
    value: String(members),
    scope: 'cluster',
    why: `Raft needs a majority (${Math.floor(members / 2) + 1} of ${members}) for every write and linearizable read, so ${members} members tolerate ${Math.floor((members - 1) / 2)} failure${Math.floor((members - 1) / 2) === 1 ? '' : 's'}.${requested !== members ? ` ${requested} members would tolerate no more failures than ${requested - 1}, so use an odd size.` : ''}`,
  });

  let delivers: ConsistencyModel;
  if (consistency === 'eventual') {
    delivers = 'eventual';
    parameters.push({
      name: 'read consistency',
      value: 'serializable',
      scope: 'request',
      why: 'clientv3.WithSerializable() / etcdctl get --consistency=s: served from the local member without a quorum round trip. It may be stale (a partitioned member keeps answering), and a client that switches members can see revisions go backwards unless it checks header.revision.',
    });
  } else {
    delivers = 'linearizable';
    parameters.push({
      name: 'read consistency',
      value: 'linearizable (default)',
      scope: 'request',
      why: 'The member confirms with the leader\'s ReadIndex that it has applied everything committed before the read began: each read sees every write acknowledged before it. Do not pass WithSerializable() on these reads.',
    });
    caveats.push('Compare-and-set through Txn (If(Compare(ModRevision(key), "=", rev)).Then(Put(...))) is linearizable; leases depend on timing and are not a safe mutual-exclusion lock without fencing on the revision.');
  }
  if (request.regionCount > 1) {
    parameters.push(
      { name: '--heartbeat-interval', value: 'about the round trip between members (e.g. 100–200 ms across regions)', scope: 'server', why: 'The default 100 ms is tuned for one data center.' },
      { name: '--election-timeout', value: '10× the heartbeat interval (e.g. 1000–2000 ms)', scope: 'server', why: 'Too short a timeout across regions causes needless elections.' },
    );
    caveats.push(`Members spread over ${request.regionCount} regions put a cross-region round trip on every write and linearizable read, but survive the loss of a region if no region holds a majority.`);
  }
  if (request.multiRegionWrites || request.replication.kind === 'multi-leader') {
    caveats.push('etcd accepts writes at any member but forwards them to the single Raft leader: writes from far regions pay the round trip to it.');
  }
  const gaps: string[] = [];
  if (request.sizeGb !== undefined && request.sizeGb > etcdMaxQuotaGb) {
    gaps.push(`${request.sizeGb} GB exceeds etcd's storage quota: 2 GiB by default (--quota-backend-bytes), ${etcdMaxQuotaGb} GiB the suggested maximum; past the quota the cluster raises a NOSPACE alarm and accepts only reads and deletes. Keep in etcd only the coordination data (leases, leaders, configuration) and store the entity elsewhere.`);
  } else if (request.sizeGb !== undefined && request.sizeGb > 2) {
    parameters.push({ name: '--quota-backend-bytes', value: `${Math.ceil(request.sizeGb * 1.5)} GiB (at most ${etcdMaxQuotaGb} GiB)`, scope: 'server', why: `The default 2 GiB quota is below the ${request.sizeGb} GB of data; leave headroom for the MVCC history between compactions.` });
  }
  if (request.regionCount > 1) commitCrossRegionRoundTrips = 1;
  caveats.push('etcd is built for small, critical data (configuration, coordination, leader election): the default storage quota is 2 GiB (--quota-backend-bytes, at most 8 GiB suggested), and requests are limited to 1.5 MiB.');

  return verdict(request, {
    engine: 'etcd',
    versions: 'etcd 3.4–3.6',
    parameters,
    delivers,
    caveats,
    sources: [sources.guarantees, sources.faq, sources.tuning, sources.limits],
    ...(gaps.length > 0 ? { gaps } : {}),
    commitCrossRegionRoundTrips,
  });
}
