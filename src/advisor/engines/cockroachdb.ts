/**
 * CockroachDB: ranges replicated by Raft, serializable transactions by default, multi-region
 * table localities and survival goals, follower reads at exact or bounded staleness.
 */
import { formatDurationMs, verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  followerReads: { title: 'CockroachDB: Follower Reads (exact and bounded staleness)', url: 'https://www.cockroachlabs.com/docs/stable/follower-reads' },
  asOfSystemTime: { title: 'CockroachDB: AS OF SYSTEM TIME', url: 'https://www.cockroachlabs.com/docs/stable/as-of-system-time' },
  transactions: { title: 'CockroachDB: Transactions (isolation levels)', url: 'https://www.cockroachlabs.com/docs/stable/transactions' },
  multiRegion: { title: 'CockroachDB: Multi-Region Capabilities Overview', url: 'https://www.cockroachlabs.com/docs/stable/multiregion-overview' },
  dataDomiciling: { title: 'CockroachDB: Data Domiciling (super regions, PLACEMENT RESTRICTED)', url: 'https://www.cockroachlabs.com/docs/stable/data-domiciling' },
  superRegions: { title: 'CockroachDB: ALTER DATABASE ... ADD SUPER REGION', url: 'https://www.cockroachlabs.com/docs/stable/alter-database#add-super-region' },
  transactionLayer: { title: 'CockroachDB: Transaction Layer (consistency, no stale reads)', url: 'https://www.cockroachlabs.com/docs/stable/architecture/transaction-layer' },
} as const;

/**
 * The CockroachDB settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = cockroachdbSettings({
 *   consistency: 'bounded-staleness', stalenessBoundMs: 10_000,
 *   replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
 *   multiRegionWrites: false, regionCount: 3, durableAcknowledgedWrites: true,
 * });
 * settings.parameters.find((p) => p.name === 'AS OF SYSTEM TIME')?.value; // "with_max_staleness('10s')"
 * ```
 */
export function cockroachdbSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const multiRegion = request.regionCount > 1;
  let commitCrossRegionRoundTrips = 0;
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.transactions, sources.transactionLayer];
  const gaps: string[] = [];
  const placements = request.placements ?? [];
  const surviveRegion = request.regionCount >= 3 && request.durableAcknowledgedWrites;

  parameters.push({
    name: 'default_transaction_isolation',
    value: 'SERIALIZABLE (default)',
    scope: 'session',
    why: 'Serializable transactions with no stale reads of single keys; keep it unless READ COMMITTED (v23.2+, opt-in) is a deliberate trade, and retry transactions on 40001 errors.',
  });
  if (multiRegion) {
    sourceList.push(sources.multiRegion);
    parameters.push(
      {
        name: 'ALTER DATABASE ... SET PRIMARY REGION / ADD REGION',
        value: `primary region + ${request.regionCount - 1} more`,
        scope: 'database',
        why: 'Declares the database\'s regions; replicas and leaseholders are placed from the table localities.',
      },
      {
        name: 'SURVIVE ... FAILURE',
        value: surviveRegion ? 'SURVIVE REGION FAILURE' : 'SURVIVE ZONE FAILURE (default)',
        scope: 'database',
        why:
          request.regionCount >= 3 && request.durableAcknowledgedWrites
            ? 'Five replicas spread so that a whole region can be lost without losing acknowledged writes or availability; writes pay a round trip to a second region.'
            : 'Three replicas in the home region: fast writes, survives losing an availability zone but not the region.',
      },
      {
        name: 'table locality',
        value: request.multiRegionWrites || placements.length > 0 ? 'REGIONAL BY ROW' : consistency === 'linearizable' || consistency === 'sequential' ? 'REGIONAL BY TABLE (or GLOBAL for read-mostly data)' : 'REGIONAL BY TABLE',
        scope: 'table',
        why: placements.length > 0
          ? 'Each row has a home region (crdb_region column, set from the row\'s jurisdiction): with super regions below, all of its replicas, voting and non-voting, stay in the super region of that home region.'
          : request.multiRegionWrites
          ? `Each row has a home region (crdb_region column) where its leaseholder lives: writes from that region need no trip to another region${request.regionCount >= 3 && request.durableAcknowledgedWrites ? ' except the one to the nearest other region that SURVIVE REGION FAILURE requires' : ''}, and every row stays serializable.`
          : 'One home region for the table. GLOBAL tables give strongly consistent reads from every region at the price of slow writes (non-blocking transactions with future timestamps).',
      },
    );
  }

  if (placements.length > 0) {
    sourceList.push(sources.dataDomiciling, sources.superRegions);
    parameters.push({
      name: 'residency: ALTER DATABASE ... ADD SUPER REGION',
      value: placements.map((placement) => `ADD SUPER REGION "${placement.jurisdiction.toLowerCase()}" VALUES ${placement.regions.map((region) => `"${region}"`).join(', ')}`).join('; '),
      scope: 'database',
      why: 'A super region keeps every replica (voting and non-voting) of a regional table or REGIONAL BY ROW partition whose home region is inside it within its member regions; without it, non-voting replicas land in every database region. Enable with SET enable_super_regions = \'on\' (v22.2+). PLACEMENT RESTRICTED is the older alternative; it also drops non-voting replicas but cannot be combined with SURVIVE REGION FAILURE. GLOBAL tables ignore both and are replicated everywhere: keep resident data out of them.',
    });
    if (surviveRegion) {
      for (const placement of placements.filter((candidate) => candidate.regions.length < 3)) {
        gaps.push(`SURVIVE REGION FAILURE inside a super region needs at least 3 regions; ${placement.jurisdiction} has ${placement.regions.length} (${placement.regions.join(', ')}), so its data survives only zone failures.`);
      }
    }
  }
  if (surviveRegion) commitCrossRegionRoundTrips = 1;

  let delivers: ConsistencyModel;
  switch (consistency) {
    case 'linearizable':
    case 'sequential':
    case 'causal':
    case 'read-your-writes':
      delivers = 'linearizable';
      parameters.push({ name: 'reads', value: 'plain SELECT (leaseholder reads)', scope: 'request', why: 'Served by the range\'s leaseholder, which sees every committed write: no stale reads.' });
      caveats.push('CockroachDB guarantees serializability and linearizable single-key reads, not strict serializability across keys: two transactions on disjoint keys may be ordered against real time (the "causal reverse" anomaly) within the clock offset bound. Make related transactions touch a common key when their real-time order matters.');
      caveats.push('A node whose clock drifts beyond 80% of --max-offset (500 ms by default) from a majority of the cluster shuts itself down to protect consistency: run NTP/chrony.');
      break;
    case 'bounded-staleness': {
      delivers = 'bounded-staleness';
      sourceList.push(sources.followerReads, sources.asOfSystemTime);
      const bound = request.stalenessBoundMs === undefined ? '10s' : `${Math.max(1, Math.floor(request.stalenessBoundMs / 1_000))}s`;
      parameters.push({
        name: 'AS OF SYSTEM TIME',
        value: `with_max_staleness('${bound}')`,
        scope: 'request',
        why: `Bounded-staleness follower read: the nearest replica answers with the freshest data it can serve locally, never older than ${bound}; if it cannot, the read goes to the leaseholder. with_min_timestamp(ts) bounds by an absolute timestamp instead (for instance the commit time of the session's last write).`,
      });
      caveats.push('Bounded-staleness reads work only in single-statement, read-only implicit transactions that read a bounded set of rows (point lookups); use follower_read_timestamp() for other queries.');
      if (request.stalenessBoundMs !== undefined && request.stalenessBoundMs < 1_000) {
        caveats.push(`A bound of ${formatDurationMs(request.stalenessBoundMs)} is below the closed-timestamp lag (about 3 s by default, kv.closed_timestamp.target_duration): such reads will mostly go to the leaseholder.`);
      }
      break;
    }
    case 'eventual':
      delivers = 'bounded-staleness';
      sourceList.push(sources.followerReads, sources.asOfSystemTime);
      parameters.push({
        name: 'AS OF SYSTEM TIME',
        value: 'follower_read_timestamp()',
        scope: 'request',
        why: 'Exact-staleness follower read (about 4.8 s in the past by default): served by the nearest replica without contacting the leaseholder; consistent snapshot, bounded staleness.',
      });
      break;
  }
  if (request.replication.kind === 'multi-leader') {
    caveats.push('CockroachDB has no multi-leader mode: every row has one leaseholder, and writes in several regions are handled with REGIONAL BY ROW tables instead of conflict resolution.');
  }

  return verdict(request, {
    engine: 'cockroachdb',
    versions: 'CockroachDB v23.2–v25.x (bounded-staleness reads since v21.2; READ COMMITTED since v23.2)',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
    commitCrossRegionRoundTrips,
  });
}
