/**
 * The engine-settings catalog: for a consistency model and replication choice, the concrete
 * settings of each real engine that come closest to delivering it.
 */
import { cassandraSettings } from './cassandra.js';
import { cockroachdbSettings } from './cockroachdb.js';
import { cosmosdbSettings } from './cosmosdb.js';
import { dynamodbSettings } from './dynamodb.js';
import { etcdSettings } from './etcd.js';
import { kafkaSettings } from './kafka.js';
import { validateRequest } from './models.js';
import { judgeRequirements } from './requirements.js';
import { mongodbSettings } from './mongodb.js';
import { mysqlSettings } from './mysql.js';
import { postgresqlSettings } from './postgresql.js';
import { redisSettings } from './redis.js';
import { spannerSettings } from './spanner.js';
import { invalidOption } from '../../errors.js';
import type { EngineName, EngineSettings, EngineSettingsRequest } from './types.js';

/**
 * One engine's advisor: the settings closest to a request.
 *
 * @example
 * ```ts
 * const advise: EngineAdvisor = engineCatalog.etcd;
 * ```
 */
export type EngineAdvisor = (request: EngineSettingsRequest) => EngineSettings;

/**
 * Every engine in the catalog, by name, in the order reports list them.
 *
 * @example
 * ```ts
 * engineCatalog.postgresql(request).parameters; // synchronous_commit, synchronous_standby_names, ...
 * ```
 */
export const engineCatalog: Readonly<Record<EngineName, EngineAdvisor>> = {
  postgresql: postgresqlSettings,
  mysql: mysqlSettings,
  mongodb: mongodbSettings,
  cassandra: cassandraSettings,
  dynamodb: dynamodbSettings,
  cosmosdb: cosmosdbSettings,
  kafka: kafkaSettings,
  redis: redisSettings,
  etcd: etcdSettings,
  cockroachdb: cockroachdbSettings,
  spanner: spannerSettings,
};

/**
 * The engine names of the catalog, in report order.
 *
 * @example
 * ```ts
 * engineNames.includes('spanner'); // true
 * ```
 */
export const engineNames = Object.keys(engineCatalog) as readonly EngineName[];

/** Options of {@link engineSettings}. */
export interface EngineSettingsOptions {
  /** Only these engines, in this order (default: every engine in the catalog). */
  readonly engines?: readonly EngineName[];
}

/**
 * For one entity's consistency model and replication choice, the settings of each engine that
 * come closest to delivering it: parameters with where they go and why, what they actually
 * deliver (`delivers`, `meetsRequest`), unmet requirements (`gaps`), caveats, versions and
 * official sources.
 *
 * @throws RangeError when the request or an engine name is invalid.
 * @example
 * ```ts
 * import { engineSettings } from 'pacelc/advisor';
 * const [postgres] = engineSettings(
 *   {
 *     consistency: 'linearizable',
 *     replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
 *     multiRegionWrites: false, regionCount: 1, durableAcknowledgedWrites: true,
 *   },
 *   { engines: ['postgresql'] },
 * );
 * postgres?.meetsRequest; // true
 * ```
 */
export function engineSettings(request: EngineSettingsRequest, options: EngineSettingsOptions = {}): EngineSettings[] {
  validateRequest(request);
  const engines = options.engines ?? engineNames;
  for (const engine of engines) {
    if (!Object.hasOwn(engineCatalog, engine)) throw invalidOption('engines', engine, `one of ${engineNames.join(', ')}`);
  }
  return engines.map((engine) => judgeRequirements(request, engineCatalog[engine](request)));
}
