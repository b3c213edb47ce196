/**
 * Apache Kafka: partitioned replicated logs; a leader per partition, followers in the in-sync
 * replica set (ISR), producer acknowledgements, idempotent and transactional producers.
 */
import { requestedCopies, verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  acks: { title: 'Apache Kafka: Producer configs, acks', url: 'https://kafka.apache.org/documentation/#producerconfigs_acks' },
  minIsr: { title: 'Apache Kafka: Topic configs, min.insync.replicas', url: 'https://kafka.apache.org/documentation/#topicconfigs_min.insync.replicas' },
  unclean: { title: 'Apache Kafka: Topic configs, unclean.leader.election.enable', url: 'https://kafka.apache.org/documentation/#topicconfigs_unclean.leader.election.enable' },
  idempotence: { title: 'Apache Kafka: Producer configs, enable.idempotence', url: 'https://kafka.apache.org/documentation/#producerconfigs_enable.idempotence' },
  replication: { title: 'Apache Kafka: Design, Replication', url: 'https://kafka.apache.org/documentation/#replication' },
  isolation: { title: 'Apache Kafka: Consumer configs, isolation.level', url: 'https://kafka.apache.org/documentation/#consumerconfigs_isolation.level' },
} as const;

/**
 * The Kafka settings closest to the request: the consistency of one partition's log.
 *
 * @example
 * ```ts
 * const settings = kafkaSettings({
 *   consistency: 'sequential',
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
 *   multiRegionWrites: false, regionCount: 1, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.find((p) => p.name === 'min.insync.replicas')?.value; // '2'
 * ```
 */
export function kafkaSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const replicationFactor = Math.max(requestedCopies(request.replication), 1);
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];
  const strict = request.durableAcknowledgedWrites || consistency !== 'eventual';
  const minIsr = strict ? Math.max(1, Math.min(replicationFactor - 1, Math.floor(replicationFactor / 2) + 1)) : 1;

  parameters.push(
    { name: 'replication.factor', value: String(replicationFactor), scope: 'topic', why: `${replicationFactor} copies of each partition, on brokers in different racks / zones (broker.rack).` },
    {
      name: 'min.insync.replicas',
      value: String(minIsr),
      scope: 'topic',
      why: strict
        ? `With acks=all a write is acknowledged only when at least ${minIsr} in-sync replicas have it; with fewer in sync the partition refuses writes (NotEnoughReplicas) instead of accepting them on too few copies. RF ${replicationFactor} with ${minIsr} tolerates ${replicationFactor - minIsr} broker${replicationFactor - minIsr === 1 ? '' : 's'} down while still writing.`
        : 'Writes continue while any replica is in sync.',
    },
    { name: 'acks', value: strict ? 'all' : '1', scope: 'client', why: strict ? 'The leader waits for the full in-sync replica set (at least min.insync.replicas) before acknowledging: an acknowledged record survives the loss of the leader. The producer default since Kafka 3.0.' : 'The leader alone acknowledges: a leader failover loses records its followers had not fetched.' },
    { name: 'unclean.leader.election.enable', value: 'false', scope: 'topic', why: 'Never elect an out-of-sync replica as leader: otherwise acknowledged records are truncated away. False is the default; keep it false.' },
    { name: 'enable.idempotence', value: 'true', scope: 'client', why: 'The broker de-duplicates producer retries by sequence number, so a retry after a timeout does not write a record twice or reorder the partition (default since 3.0; needs acks=all and max.in.flight.requests.per.connection ≤ 5).' },
  );

  let delivers: ConsistencyModel;
  if (consistency === 'eventual') {
    delivers = 'eventual';
  } else {
    delivers = 'sequential';
    parameters.push(
      { name: 'partition key', value: 'the entity id', scope: 'client', why: 'Order is per partition: records with the same key go to the same partition and every consumer sees them in the same order.' },
      { name: 'isolation.level', value: 'read_committed', scope: 'client', why: 'With transactional producers (transactional.id), consumers never see records of aborted transactions.' },
      { name: 'read-your-writes', value: 'consume up to the offset that send() returned before reading', scope: 'client', why: 'A consumer reads at its own position and may lag; a process that must see its own record waits until its consumer has passed that record\'s offset.' },
    );
    caveats.push(
      'A partition is a totally ordered log that every consumer reads in the same order (sequential), but consumers read at their own offsets and lag: a consumer is not guaranteed to see a record as soon as it is acknowledged, so the log is not a linearizable register; the sequential order holds for processes that wait for their own offsets as above.',
      'There is no order across partitions or topics: keep causally related records under one key.',
    );
  }
  if (consistency === 'linearizable') {
    caveats.push('For linearizable state, consume the log into a store and read through it, or use a consensus store (etcd, a KRaft-like metadata log) for the decision itself.');
  }
  if (replicationFactor < 3 && request.durableAcknowledgedWrites) {
    gaps.push(`Replication factor ${replicationFactor} cannot keep writing with a broker down while guaranteeing two copies: use RF 3 with min.insync.replicas 2.`);
  }
  caveats.push('Kafka acknowledges once records are in the replicas\' page cache, not fsynced (flush.messages is unset by default): simultaneous power loss of every in-sync replica can lose acknowledged records. Spread replicas across zones.');
  if (request.regionCount > 1) {
    if (strict) {
      parameters.push({
        name: 'multi-region topology',
        value: 'one cluster stretched over 3 regions (broker.rack = region, KRaft controllers in all 3)',
        scope: 'cluster',
        why: 'acks=all with rack-aware replica placement puts every acknowledged record in at least two regions, so a region can fail without losing it and the partition keeps one total order; every produce pays a cross-region round trip.',
      });
      if (request.regionCount < 3) caveats.push('With two regions a stretched cluster cannot keep a controller majority when the larger side fails; add a third region (or a tie-breaker) for the KRaft quorum.');
      caveats.push('The alternative, a cluster per region linked by MirrorMaker 2, is asynchronous: each region\'s copy is eventually consistent, offsets differ, and records written in two regions have no common order.');
    } else {
      parameters.push({
        name: 'multi-region topology',
        value: 'a cluster per region + MirrorMaker 2 (topics prefixed by source region)',
        scope: 'cluster',
        why: 'Local produce latency in every region; records are copied asynchronously, and consumers merge the regional topics (no common order across regions).',
      });
    }
  }

  return verdict(request, {
    engine: 'kafka',
    versions: 'Apache Kafka 3.0–4.x (idempotence and acks=all defaults since 3.0; KRaft only in 4.x)',
    parameters,
    delivers,
    caveats,
    sources: [sources.acks, sources.minIsr, sources.unclean, sources.idempotence, sources.replication, sources.isolation],
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}
