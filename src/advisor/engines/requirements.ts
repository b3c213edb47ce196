/**
 * Judges one engine's settings against every requirement of the request, not only the
 * consistency model: data residency (each jurisdiction's copies only in its regions) and the
 * write latency objective against the engine's commit path; and, for deletes that must propagate,
 * what the engine does with them. Engines that place data by
 * jurisdiction themselves (Cassandra keyspaces, CockroachDB super regions, DynamoDB tables per
 * Region set) say so with a `residency` parameter; the others get the deployment-per-jurisdiction
 * shape here.
 */
import type { EngineName, EngineParameter, EngineSettings, EngineSettingsRequest } from './types.js';
import { deleteParameter } from './deletes.js';
import { satisfies } from './models.js';

/** The unit each engine replicates as a whole, so one of them per jurisdiction keeps residency. */
const deploymentUnit: Readonly<Record<EngineName, string>> = {
  postgresql: 'cluster (primary and standbys, Patroni scope and its DCS)',
  mysql: 'replication topology (source and replicas)',
  mongodb: 'shard zone (sh.addShardToZone / sh.updateZoneKeyRange on the jurisdiction key prefix, each zone\'s replica set with members only in its regions) or replica set',
  cassandra: 'keyspace',
  dynamodb: 'table',
  cosmosdb: 'account (an account replicates every container to all of its regions)',
  kafka: 'cluster (no MirrorMaker or Cluster Linking to another jurisdiction)',
  redis: 'deployment (primary and replicas; no cross-jurisdiction replica or Active-Active peer)',
  etcd: 'cluster',
  cockroachdb: 'super region',
  spanner: 'instance (an instance configuration, regional or multi-region, whose replicas are all in its regions)',
};

/**
 * The parameter that keeps each jurisdiction's copies in its regions, for an engine whose
 * settings do not place data by jurisdiction themselves.
 *
 * @example
 * ```ts
 * residencyParameter('etcd', [{ jurisdiction: 'EU', regions: ['eu-west-1'] }]).value; // 'one cluster per jurisdiction: EU → eu-west-1'
 * ```
 */
export function residencyParameter(engine: EngineName, placements: NonNullable<EngineSettingsRequest['placements']>): EngineParameter {
  const unit = deploymentUnit[engine];
  const short = unit.split(' (')[0] ?? unit;
  return {
    name: 'residency',
    value: `one ${short} per jurisdiction: ${placements.map((placement) => `${placement.jurisdiction} → ${placement.regions.join(', ')}`).join('; ')}`,
    scope: 'cluster',
    why: `The ${unit} is the unit that replicates as a whole, so each jurisdiction gets its own, with every replica, backup and log shipping target inside its regions; the application routes each item to its jurisdiction's ${short} by the home_jurisdiction prefix of the key.`,
  };
}

/**
 * Adds what the request requires beyond the model: the residency placement (when the engine did
 * not place by jurisdiction itself) and a gap when the commit path cannot meet the write latency
 * objective; then recomputes `meetsRequest` from `delivers` and every gap.
 *
 * @example
 * ```ts
 * judgeRequirements(request, etcdSettings(request)).meetsRequest; // false when a gap was found
 * ```
 */
export function judgeRequirements(request: EngineSettingsRequest, settings: EngineSettings): EngineSettings {
  const parameters = [...settings.parameters];
  const gaps = [...(settings.gaps ?? [])];
  const placements = request.placements ?? [];
  if (placements.length > 0 && !parameters.some((parameter) => parameter.name.startsWith('residency'))) {
    parameters.push(residencyParameter(settings.engine, placements));
  }
  if (request.deletesPropagate !== undefined && !parameters.some((parameter) => parameter.name === 'deletes')) {
    parameters.push(deleteParameter(settings.engine, request.deletesPropagate.longestOutageMs));
  }
  const trips = settings.commitCrossRegionRoundTrips ?? (request.synchronousAcrossRegions === true ? 1 : 0);
  const rtt = request.nearestRegionRttMs;
  if (request.writeP99Ms !== undefined && rtt !== undefined && trips > 0 && trips * rtt > request.writeP99Ms) {
    gaps.push(
      `a write waits for ${trips === 1 ? 'one cross-region round trip' : `${trips} sequential cross-region round trips`} (≈ ${trips * rtt} ms at ${rtt} ms each) on its commit path, above the ${request.writeP99Ms} ms write objective.`,
    );
  }
  return {
    ...settings,
    parameters,
    ...(gaps.length > 0 ? { gaps } : {}),
    meetsRequest: satisfies(settings.delivers, request.consistency) && gaps.length === 0,
  };
}
