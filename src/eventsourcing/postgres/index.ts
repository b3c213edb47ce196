export { PostgresEventStore } from './postgres-event-store.js';
export type { PostgresEventStoreOptions } from './postgres-event-store.js';
export { postgresMigrations, postgresSchemaSql } from './schema.js';
