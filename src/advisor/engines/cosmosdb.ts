/**
 * Azure Cosmos DB: five consistency levels (strong, bounded staleness, session, consistent
 * prefix, eventual), one or several write regions, conflict resolution for multi-region writes.
 */
import { formatDurationMs, verdict } from './models.js';
import type { ConsistencyModel, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';

const sources = {
  levels: { title: 'Azure Cosmos DB: Consistency levels', url: 'https://learn.microsoft.com/en-us/azure/cosmos-db/consistency-levels' },
  manage: { title: 'Azure Cosmos DB: Manage consistency levels', url: 'https://learn.microsoft.com/en-us/azure/cosmos-db/how-to-manage-consistency' },
  conflicts: { title: 'Azure Cosmos DB: Conflict types and resolution policies', url: 'https://learn.microsoft.com/en-us/azure/cosmos-db/conflict-resolution-overview' },
} as const;

/**
 * The smallest bounded-staleness window Cosmos DB accepts, by account shape.
 *
 * @example
 * ```ts
 * cosmosBoundedStalenessMinimum.multiRegion.seconds; // 300
 * ```
 */
export const cosmosBoundedStalenessMinimum = {
  singleRegion: { operations: 10, seconds: 5 },
  multiRegion: { operations: 100_000, seconds: 300 },
} as const;

/**
 * The largest bounded-staleness interval Cosmos DB accepts (maxIntervalInSeconds: 5 to 86,400).
 *
 * @example
 * ```ts
 * Math.min(boundSeconds, cosmosMaxIntervalSeconds);
 * ```
 */
export const cosmosMaxIntervalSeconds = 86_400;

/**
 * The Cosmos DB settings closest to the request.
 *
 * @example
 * ```ts
 * const settings = cosmosdbSettings({
 *   consistency: 'linearizable',
 *   replication: { kind: 'multi-leader', conflictResolution: 'last-writer-wins' },
 *   multiRegionWrites: true, regionCount: 2, durableAcknowledgedWrites: true,
 * });
 * settings.meetsRequest; // false: strong consistency is not available with multiple write regions
 * ```
 */
export function cosmosdbSettings(request: EngineSettingsRequest): EngineSettings {
  const { consistency } = request;
  const multiRegion = request.regionCount > 1;
  const parameters: EngineParameter[] = [];
  const caveats: string[] = [];
  const gaps: string[] = [];
  const sourceList: { title: string; url: string }[] = [sources.levels, sources.manage];
  const minimum = multiRegion ? cosmosBoundedStalenessMinimum.multiRegion : cosmosBoundedStalenessMinimum.singleRegion;
  let level: 'Strong' | 'BoundedStaleness' | 'Session' | 'ConsistentPrefix' | 'Eventual';
  let delivers: ConsistencyModel;

  switch (consistency) {
    case 'linearizable':
    case 'sequential':
      if (request.multiRegionWrites) {
        level = 'Session';
        delivers = 'causal';
        gaps.push('Strong consistency cannot be combined with multiple write regions: choose one write region (Strong, writes pay the trip to it) or accept session consistency with conflict resolution.');
      } else {
        level = 'Strong';
        delivers = 'linearizable';
        if (multiRegion) {
          caveats.push('Strong with several regions commits every write synchronously across the regions: write latency is at least the round trip to the farthest region. With three or more regions, dynamic quorum lets writes proceed while a slow or unreachable minority of regions is taken out of the quorum; with two, losing one stalls writes until failover. Accounts whose regions are more than 5,000 miles (8,000 km) apart need a support request to enable Strong.');
        }
      }
      break;
    case 'bounded-staleness': {
      const seconds = request.stalenessBoundMs === undefined ? minimum.seconds : Math.min(cosmosMaxIntervalSeconds, Math.floor(request.stalenessBoundMs / 1_000));
      if (seconds >= minimum.seconds) {
        level = 'BoundedStaleness';
        delivers = 'bounded-staleness';
        parameters.push({
          name: 'maxIntervalInSeconds / maxStalenessPrefix',
          value: `${seconds} / ${Math.max(minimum.operations, seconds * 100)}`,
          scope: 'database',
          why: `Reads in other regions lag the write region by at most T = ${seconds} s or K versions, whichever is reached first (minimums: ${minimum.seconds} s and ${minimum.operations} operations for a ${multiRegion ? 'multi-region' : 'single-region'} account). The K here assumes about 100 writes per second per partition; size it from your write rate.`,
        });
        caveats.push('When a region lags beyond the bound, Cosmos DB throttles writes on that partition until it catches up: the bound is kept by slowing writers.');
        if (request.multiRegionWrites) caveats.push('With multiple write regions, bounded staleness is measured against each write region; Microsoft recommends it mainly for single-write-region accounts.');
      } else if (!request.multiRegionWrites) {
        level = 'Strong';
        delivers = 'linearizable';
        caveats.push(`A bound of ${formatDurationMs(request.stalenessBoundMs ?? 0)} is below the ${minimum.seconds} s minimum of bounded staleness for this account, so only Strong meets it.`);
      } else {
        level = 'Session';
        delivers = 'causal';
        gaps.push(`A staleness bound of ${formatDurationMs(request.stalenessBoundMs ?? 0)} is below the ${minimum.seconds} s minimum, and Strong is not available with multiple write regions.`);
      }
      break;
    }
    case 'causal':
    case 'read-your-writes':
      level = 'Session';
      delivers = 'causal';
      caveats.push('Session guarantees (read-your-writes, monotonic reads and writes, writes-follow-reads) hold for requests that carry the same session token; pass the x-ms-session-token between services or clients that must see each other\'s writes, or a different client may read older data.');
      break;
    case 'eventual':
      level = request.durableAcknowledgedWrites ? 'ConsistentPrefix' : 'Eventual';
      delivers = 'eventual';
      if (level === 'ConsistentPrefix') caveats.push('Consistent prefix costs the same as eventual for reads and never shows writes out of order (within a partition in a single-write-region account).');
      break;
  }
  parameters.unshift({
    name: 'defaultConsistencyLevel',
    value: level,
    scope: 'cluster',
    why: 'The account\'s default level; a request may only relax it (x-ms-consistency-level / ConsistencyLevel in request options), never strengthen it.',
  });

  if (request.multiRegionWrites) {
    sourceList.push(sources.conflicts);
    const resolution = request.replication.kind === 'multi-leader' ? request.replication.conflictResolution : 'last-writer-wins';
    parameters.push(
      { name: 'enableMultipleWriteLocations', value: 'true', scope: 'cluster', why: 'Every region accepts writes locally.' },
      {
        name: 'conflictResolutionPolicy',
        value: resolution === 'last-writer-wins' ? "{ mode: 'LastWriterWins', conflictResolutionPath: '/_ts' }" : "{ mode: 'Custom', conflictResolutionProcedure: 'dbs/<db>/colls/<container>/sprocs/<merge>' }",
        scope: 'table',
        why:
          resolution === 'last-writer-wins'
            ? 'Concurrent writes to one item are resolved by the highest value of a numeric path (_ts, the server timestamp, by default); the losing write is silently dropped.'
            : 'A merge stored procedure (API for NoSQL only) resolves conflicts; unresolved conflicts land in the conflicts feed for the application to merge.',
      },
    );
  }
  if (request.durableAcknowledgedWrites && multiRegion && level !== 'Strong') {
    caveats.push('If a region is lost, writes not yet replicated out of it are lost: the RPO is bounded by K and T for bounded staleness and can reach minutes (Microsoft documents under 15 minutes) for session, consistent prefix and eventual. Only Strong gives RPO zero.');
  }
  caveats.push('Within a region every write is committed by a majority of four replicas before it is acknowledged, whatever the level.');

  return verdict(request, {
    engine: 'cosmosdb',
    versions: 'Azure Cosmos DB for NoSQL (also MongoDB and Cassandra APIs through mapping), service as of 2025',
    parameters,
    delivers,
    caveats,
    sources: sourceList,
    ...(gaps.length > 0 ? { gaps } : {}),
  });
}
