export { PostgresSagaStore, type PostgresSagaStoreOptions } from './postgres-saga-store.js';
export { postgresSagaMigrations } from './schema.js';
export { migratePostgresSaga, type PostgresDatabaseOptions } from './open-pool.js';
export { PostgresOutbox, PostgresInbox, type PostgresOutboxOptions, type PostgresOutboxTransaction } from './postgres-outbox.js';
