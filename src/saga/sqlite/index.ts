export { SqliteSagaStore, type SqliteSagaStoreOptions } from './sqlite-saga-store.js';
export { sqliteSagaMigrations, migrateSqliteSaga } from './schema.js';
export type { SqliteDatabaseOptions } from './open-database.js';
export { SqliteOutbox, SqliteInbox, type SqliteOutboxOptions, type SqliteInboxOptions, type SqliteOutboxTransaction } from './sqlite-outbox.js';
