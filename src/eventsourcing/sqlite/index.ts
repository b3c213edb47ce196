export { SqliteEventStore } from './sqlite-event-store.js';
export type { SqliteEventStoreOptions } from './sqlite-event-store.js';
export { sqliteMigrations, sqliteSchemaSql } from './schema.js';
