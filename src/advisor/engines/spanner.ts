/**
 * Google Cloud Spanner: Paxos-replicated splits with TrueTime commit timestamps, external
 * consistency for read-write transactions and strong reads, stale reads at exact or bounded
 * staleness from the nearest replica.
 */
import { verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  reads: { title: 'Cloud Spanner: Reads (strong and stale reads)', url: 'https://cloud.google.com/spanner/docs/reads' },
  timestampBounds: { title: 'Cloud Spanner: Timestamp bounds', url: 'https://cloud.google.com/spanner/docs/timestamp-bounds' },
  trueTime: { title: 'Cloud Spanner: TrueTime and external consistency', url: 'https://cloud.google.com/spanner/docs/true-time-external-consistency' },
  instances: { title: 'Cloud Spanner: Regional, dual-region, and multi-region configurations', url: 'https://cloud.google.com/spanner/docs/instance-configurations' },
} as const;

/**
 * The Spanner settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = spannerSettings({
 *   consistency: 'linearizable',
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: true },
 *   multiRegionWrites: true, regionCount: 3, durableAcknowledgedWrites: true,
 * });
 * settings.delivers; // 'linearizable' (external consistency)
 * ```
 */
export function spannerSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const multiRegion = request.regionCount > 1;
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.reads, sources.trueTime];

  parameters.push({
    name: 'instance configuration',
    value: multiRegion ? 'multi-region (e.g. nam3, eur3, nam-eur-asia1) or dual-region' : 'regional',
    scope: 'cluster',
    why: multiRegion
      ? 'Read-write replicas in two regions plus a witness vote elsewhere: commits need a Paxos majority across regions, so a region can fail without losing acknowledged writes. Put the default leader region (default_leader) where most writes come from.'
      : 'Three read-write replicas in three zones of one region; a zone can fail without losing acknowledged writes.',
  });

  let delivers: ConsistencyModel;
  switch (consistency) {
    case 'linearizable':
    case 'sequential':
    case 'causal':
    case 'read-your-writes':
      delivers = 'linearizable';
      parameters.push(
        { name: 'read-write transactions', value: 'default (locking, serializable)', scope: 'request', why: 'Commit timestamps from TrueTime with commit wait: external consistency (strict serializability) for all transactions.' },
        { name: 'read timestamp bound', value: 'strong (default)', scope: 'request', why: 'A strong read sees every transaction committed before it started, from any replica (non-leader replicas first catch up to a safe timestamp).' },
      );
      if (multiRegion) caveats.push('Strong reads in a region without the leader may wait for the replica to catch up, and every write commits through the leader region: cross-region latency on writes, and on strong reads where the local replica lags.');
      break;
    case 'bounded-staleness': {
      delivers = 'bounded-staleness';
      sourceList.push(sources.timestampBounds);
      const seconds = request.stalenessBoundMs === undefined ? 10 : Math.max(1, Math.round(request.stalenessBoundMs / 1_000));
      parameters.push({
        name: 'read timestamp bound',
        value: `max_staleness = ${seconds}s`,
        scope: 'request',
        why: 'Bounded staleness: the nearest replica picks the newest timestamp it can serve without waiting, no older than the bound. Only in single-use read-only transactions.',
      });
      caveats.push('For multi-statement read-only transactions use exact_staleness (or read_timestamp) instead; bounded staleness is single-use only.');
      break;
    }
    case 'eventual':
      delivers = 'bounded-staleness';
      sourceList.push(sources.timestampBounds);
      parameters.push({
        name: 'read timestamp bound',
        value: 'exact_staleness = 15s',
        scope: 'request',
        why: 'A consistent snapshot 15 s in the past, which any replica (including read-only replicas near the client) can usually serve without contacting the leader; Google\'s guidance is a staleness of at least 10 s for stale reads to pay off.',
      });
      break;
  }
  if (request.multiRegionWrites || request.replication.kind === 'multi-leader') {
    caveats.push('Spanner accepts writes from every region, but each split has one Paxos leader: writes travel to the leader region (place it with default_leader; a multi-region instance has a single default leader).');
  }
  if (multiRegion) sourceList.push(sources.instances);
  // Writes in a multi-region configuration need a Paxos majority spanning two regions; writes from outside the leader region pay one more trip to it.
  const commitCrossRegionRoundTrips = multiRegion ? (request.multiRegionWrites ? 2 : 1) : 0;

  return verdict(request, {
    engine: 'spanner',
    versions: 'Cloud Spanner (GoogleSQL and PostgreSQL dialects), service as of 2025',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    commitCrossRegionRoundTrips,
  });
}
