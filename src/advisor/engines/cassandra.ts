/**
 * Apache Cassandra and ScyllaDB: leaderless replication with per-request consistency levels,
 * last-write-wins by cell timestamp, and Paxos lightweight transactions for compare-and-set.
 */
import { analyzeQuorum } from '../quorum.js';
import { verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  dynamo: { title: 'Apache Cassandra: Dynamo (replication, tunable consistency)', url: 'https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html' },
  replicationStrategy: { title: 'Apache Cassandra: Replication strategy (NetworkTopologyStrategy, replication factor per data center)', url: 'https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#replication-strategy' },
  readRepair: { title: 'Apache Cassandra: Read repair', url: 'https://cassandra.apache.org/doc/latest/operating/read_repair.html' },
  hints: { title: 'Apache Cassandra: Hints', url: 'https://cassandra.apache.org/doc/latest/operating/hints.html' },
  serial: { title: 'DataStax: How is the serial consistency level configured?', url: 'https://docs.datastax.com/en/dse/5.1/architecture/database-internals/configure-serial-consistency.html' },
  scyllaLwt: { title: 'ScyllaDB: Lightweight Transactions', url: 'https://docs.scylladb.com/manual/stable/features/lwt.html' },
} as const;

/** A Cassandra consistency level and how many replicas (of a replication factor) it waits for. */
export interface ConsistencyLevel {
  readonly name: 'ONE' | 'TWO' | 'THREE' | 'QUORUM' | 'ALL' | 'LOCAL_ONE' | 'LOCAL_QUORUM' | 'EACH_QUORUM';
  readonly replicas: number;
}

/**
 * The cheapest Cassandra consistency level that waits for at least `k` of `replicationFactor`
 * replicas (ONE, TWO, THREE, QUORUM = ⌊RF/2⌋ + 1, ALL), local to the data center when `local`.
 *
 * @example
 * ```ts
 * consistencyLevelFor(2, 3); // { name: 'QUORUM', replicas: 2 }
 * consistencyLevelFor(4, 5); // { name: 'ALL', replicas: 5 }: there is no "FOUR" level
 * ```
 */
export function consistencyLevelFor(k: number, replicationFactor: number, local = false): ConsistencyLevel {
  const quorum = Math.floor(replicationFactor / 2) + 1;
  const candidates: ConsistencyLevel[] = local
    ? [
        { name: 'LOCAL_ONE', replicas: 1 },
        { name: 'LOCAL_QUORUM', replicas: quorum },
        { name: 'ALL', replicas: replicationFactor },
      ]
    : [
        { name: 'ONE', replicas: 1 },
        { name: 'TWO', replicas: 2 },
        { name: 'THREE', replicas: 3 },
        { name: 'QUORUM', replicas: quorum },
        { name: 'ALL', replicas: replicationFactor },
      ];
  const fitting = candidates.filter((level) => level.replicas >= k && level.replicas <= replicationFactor);
  fitting.sort((a, b) => a.replicas - b.replicas || (a.name.includes('QUORUM') ? -1 : 1));
  return fitting[0] ?? { name: 'ALL', replicas: replicationFactor };
}

/**
 * The Cassandra / ScyllaDB settings closest to the request. In a multi-region request, N, W and R
 * are read per data center (replication factor per DC, LOCAL_* levels).
 *
 * @example
 * ```ts
 * const settings = cassandraSettings({
 *   consistency: 'read-your-writes',
 *   replication: { kind: 'leaderless', n: 3, w: 2, r: 2, readRepair: true, writeBackOnRead: false, sloppyQuorum: false },
 *   multiRegionWrites: false, regionCount: 1, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.find((p) => p.name === 'write consistency level')?.value; // 'QUORUM'
 * ```
 */
export function cassandraSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency, replication } = request;
  const multiDc = request.regionCount > 1;
  const rf = replication.kind === 'leaderless' ? replication.n : replication.kind === 'leader-follower' ? Math.max(replication.replicas, 3) : 3;
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.dynamo, sources.replicationStrategy];
  let commitCrossRegionRoundTrips = 0;
  
  const dcNames = request.regions !== undefined && request.regions.length === request.regionCount ? request.regions : Array.from({ length: request.regionCount }, (_, i) => `dc${i + 1}`);
  const perDc = splitReplicas(rf, dcNames.length);
  parameters.push({
    name: 'replication',
    value: `{ 'class': 'NetworkTopologyStrategy', ${dcNames.map((dc, i) => `'${dc}': ${perDc[i] ?? 0}`).join(', ')} }`,
    scope: 'database',
    why: multiDc
      ? `NetworkTopologyStrategy takes a replication factor per data center: ${rf} copies in total (${perDc.join(' + ')}), placed on distinct racks/availability zones in each. Quorums below are counted over all ${rf} copies.`
      : `${rf} replicas (keyspace option), placed on distinct racks/availability zones.`,
  });
  if ((request.placements ?? []).length > 0) {
    parameters.push({
      name: 'residency',
      value: `one keyspace per jurisdiction, its data centers only: ${(request.placements ?? [])
        .map((placement) => {
          const split = splitReplicas(rf, placement.regions.length);
          return `${placement.jurisdiction} → { 'class': 'NetworkTopologyStrategy', ${placement.regions.map((dc, i) => `'${dc}': ${split[i] ?? 0}`).join(', ')} }`;
        })
        .join('; ')}`,
      scope: 'database',
      why: 'Replication is a keyspace option, and NetworkTopologyStrategy places copies only in the data centers it names: a keyspace per jurisdiction naming only its data centers keeps every copy (and hints, repairs and snapshots) inside them.',
    });
  }
  // A quorum of all copies spans data centers when no single one holds it.
  const largestDc = Math.max(...perDc);

  let delivers: ConsistencyModel;
  if (consistency === 'linearizable' || consistency === 'sequential') {
    sourceList.push(sources.serial, sources.scyllaLwt);
    const serial = 'SERIAL';
    parameters.push(
      { name: 'writes', value: 'INSERT ... IF NOT EXISTS / UPDATE ... IF <condition> (lightweight transactions)', scope: 'request', why: 'Conditional statements run Paxos on the partition: compare-and-set that is linearizable per partition.' },
      { name: 'serial consistency level', value: serial, scope: 'request', why: multiDc ? 'SERIAL runs Paxos over a quorum of all data centers, so clients in every region agree; LOCAL_SERIAL would be linearizable only among clients of one data center.' : 'Paxos over a quorum of the replicas.' },
      { name: 'write consistency level (LWT commit)', value: 'QUORUM', scope: 'request', why: 'The commit phase of the transaction waits for a quorum.' },
      { name: 'read consistency level', value: serial, scope: 'request', why: 'Reads at SERIAL also run Paxos, so they see any in-progress transaction committed first: linearizable reads.' },
    );
    delivers = 'linearizable';
    caveats.push(
      'Linearizable only among operations that all go through LWT on the same partition: a plain (non-conditional) write to the same row uses a wall-clock timestamp and can overwrite or be hidden by Paxos writes.',
      'Each LWT costs four round trips (Cassandra; ScyllaDB usually three) to a quorum; under contention on one partition, throughput collapses. Cassandra 4.1+ offers Paxos v2 (paxos_variant: v2 in cassandra.yaml) with fewer round trips.',
      'ScyllaDB: LWT is not supported in keyspaces that use tablets in some releases; create the keyspace with tablets disabled if LWT is needed.',
    );
    if (multiDc) {
      caveats.push('SERIAL across data centers puts inter-region round trips on every write and serial read.');
      commitCrossRegionRoundTrips = 4;
    }
  } else if (consistency === 'eventual') {
    // Durable writes: a quorum of all copies; otherwise one copy in the local data center.
    const write = request.durableAcknowledgedWrites ? consistencyLevelFor(Math.floor(rf / 2) + 1, rf) : consistencyLevelFor(1, rf, multiDc);
    const read = consistencyLevelFor(1, rf, multiDc);
    if (multiDc && request.durableAcknowledgedWrites && write.replicas > largestDc) commitCrossRegionRoundTrips = 1;
    parameters.push(
      { name: 'write consistency level', value: write.name, scope: 'request', why: request.durableAcknowledgedWrites ? `An acknowledged write is on ${write.replicas} replicas, so it survives the loss of ${write.replicas - 1}.` : 'Acknowledged by one replica; the rest receive it asynchronously.' },
      { name: 'read consistency level', value: read.name, scope: 'request', why: 'The nearest replica answers; it may not have the latest write.' },
    );
    delivers = 'eventual';
    caveats.push('No staleness bound: replicas converge through hinted handoff, read repair and anti-entropy repair (nodetool repair, run within gc_grace_seconds), with no upper limit on lag.');
    if (replication.kind === 'leaderless' && replication.sloppyQuorum) {
      caveats.push('Cassandra has no sloppy quorum for reads; the closest is writing at consistency level ANY, where a stored hint counts as the acknowledgement: the write is unreadable until a replica receives it, and lost if the coordinator holding the hint dies first.');
    }
  } else {
    // Read-your-writes, causal or bounded staleness: overlapping quorums. A bound across data
    // centers needs writes acknowledged in every data center (EACH_QUORUM).
    let wLevel: ConsistencyLevel;
    let rLevel: ConsistencyLevel;
    if (replication.kind === 'leaderless') {
      wLevel = consistencyLevelFor(replication.w, rf);
      rLevel = consistencyLevelFor(replication.r, rf);
      if (wLevel.replicas + rLevel.replicas <= rf) {
        rLevel = consistencyLevelFor(rf - wLevel.replicas + 1, rf);
        caveats.push(`The requested W = ${replication.w}, R = ${replication.r} with N = ${rf} do not overlap (W + R ≤ N); reads are raised to ${rLevel.name} so that they do.`);
      }
    } else {
      wLevel = consistencyLevelFor(Math.floor(rf / 2) + 1, rf);
      rLevel = consistencyLevelFor(Math.floor(rf / 2) + 1, rf);
    }
    if (multiDc && wLevel.replicas > largestDc) commitCrossRegionRoundTrips = 1;
    const analysis = analyzeQuorum({ n: rf, w: wLevel.replicas, r: rLevel.replicas });
    sourceList.push(sources.readRepair, sources.hints);
    parameters.push(
      {
        name: 'write consistency level',
        value: wLevel.name,
        scope: 'request',
        why: `Waits for ${wLevel.replicas} of the ${rf} replicas${multiDc && wLevel.replicas > largestDc ? `, which no single data center holds: one cross-region round trip per write` : ''}.`,
      },
      { name: 'read consistency level', value: rLevel.name, scope: 'request', why: `Waits for ${rLevel.replicas} of ${rf}: W + R = ${wLevel.replicas + rLevel.replicas} > N = ${rf}, so every read quorum meets every write quorum (${analysis.guarantee} register).` },
      { name: 'read_repair', value: "'BLOCKING'", scope: 'table', why: 'The default since Cassandra 4.0: a quorum read that finds replicas disagreeing repairs them before returning, which keeps successive quorum reads monotonic. NONE would drop that guarantee.' },
    );
    delivers = consistency === 'bounded-staleness' ? 'bounded-staleness' : 'read-your-writes';
    if (consistency === 'bounded-staleness') {
      caveats.push('Overlapping quorums bound staleness at zero for acknowledged writes: a read sees every write acknowledged before it began (a regular register per key); only writes still in flight may be missed.');
    }
    caveats.push(
      'Overlapping quorums give read-your-writes and monotonic quorum reads for one partition key, not causal order across keys and not linearizability: concurrent writes are ordered by their wall-clock timestamps (last-write-wins), so clock skew between clients or coordinators can make a later write lose to an earlier one. Keep clocks tight (chrony) and use LWT where order matters.',
      'A write that times out may still have been applied on some replicas and appear later (the outcome is unknown, not failed); retry only idempotent writes.',
      'Hinted handoff does not count toward the consistency level (only level ANY counts hints, which makes it a sloppy quorum); read repair and hints speed up convergence but do not strengthen the guarantee.',
    );
    if (multiDc) {
      caveats.push(
        'The levels count replicas over all data centers, so a read in any region overlaps every acknowledged write (read-your-writes when a client moves between regions). LOCAL_QUORUM would be faster but overlaps only inside one data center: a client that moves to another region could miss its own writes.',
      );
    }
    if (consistency === 'causal') caveats.push('Causal order across partitions is not provided: keep causally related data in one partition, or carry versions in the application.');
  }

  if (request.multiRegionWrites && replication.kind === 'multi-leader' && replication.conflictResolution !== 'last-writer-wins') {
    gaps.push(`Cassandra resolves concurrent writes only by last-writer-wins on cell timestamps; "${replication.conflictResolution}" must be built in the application (for example with one row per writer and a merge on read).`);
  }
  caveats.push('Durability per replica depends on commitlog_sync: periodic (default, 10 s window) can lose recent acknowledged writes if all replicas of a quorum lose power together; batch or group mode syncs before acknowledging.');

  return verdict(request, {
    engine: 'cassandra',
    versions: 'Apache Cassandra 4.0–5.0 (read_repair table option since 4.0); ScyllaDB 5.x–2025.x',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
    commitCrossRegionRoundTrips,
  });
}

/**
 * Spreads `total` copies over `dcs` data centers as evenly as possible, the first ones taking
 * the remainder (NetworkTopologyStrategy's factors sum to the total).
 *
 * @example
 * ```ts
 * splitReplicas(5, 3); // [2, 2, 1]
 * ```
 */
export function splitReplicas(total: number, dcs: number): number[] {
  const count = Math.max(1, dcs);
  return Array.from({ length: count }, (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0));
}
