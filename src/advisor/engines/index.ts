export type {
  ConflictResolution,
  ConsistencyModel,
  EngineName,
  EngineParameter,
  EngineSettings,
  EngineSettingsRequest,
  ReplicationChoice,
  Source,
} from './types.js';
export { engineCatalog, engineNames, engineSettings, type EngineAdvisor, type EngineSettingsOptions } from './catalog.js';
export { consistencyModels, isStrong, satisfies, validateRequest } from './models.js';
export { postgresqlSettings } from './postgresql.js';
export { mysqlSettings, semiSyncNeverFallBackMs } from './mysql.js';
export { mongodbSettings, mongoMinimumMaxStalenessSeconds } from './mongodb.js';
export { cassandraSettings, consistencyLevelFor, type ConsistencyLevel, splitReplicas } from './cassandra.js';
export { dynamodbSettings, mrscRegionSet, mrscRegionSets } from './dynamodb.js';
export { cosmosdbSettings, cosmosBoundedStalenessMinimum, cosmosMaxIntervalSeconds } from './cosmosdb.js';
export { kafkaSettings } from './kafka.js';
export { redisSettings } from './redis.js';
export { etcdMaxQuotaGb, etcdSettings } from './etcd.js';
export { judgeRequirements, residencyParameter } from './requirements.js';
export { deleteParameter } from './deletes.js';
export { cockroachdbSettings } from './cockroachdb.js';
export { spannerSettings } from './spanner.js';
