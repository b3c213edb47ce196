import { sqlIdentifier } from '../validation.js';

/**
 * The SQLite schema, as numbered migrations (each applied once, recorded in
 * `<prefix>schema_migrations`). `prefix` is a validated identifier put before every table name.
 *
 * Positions are assigned inside `BEGIN IMMEDIATE` transactions, which SQLite runs one at a time,
 * so position order is commit order and a reader that continues from its last position never
 * skips an event.
 *
 * @example
 * ```ts
 * for (const migration of sqliteMigrations('es_')) console.log(migration.sql);
 * ```
 */
export function sqliteMigrations(prefix = 'pacelc_'): Array<{ version: number; sql: string }> {
  const p = prefix === '' ? '' : sqlIdentifier('prefix', prefix);
  return [
    {
      version: 1,
      sql: `CREATE TABLE IF NOT EXISTS ${p}events (
  position INTEGER PRIMARY KEY,
  transaction_id INTEGER NOT NULL,
  stream_id TEXT NOT NULL,
  category TEXT NOT NULL,
  stream_version INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  correlation_id TEXT,
  causation_id TEXT,
  recorded_at_ms INTEGER NOT NULL,
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS ${p}events_by_category ON ${p}events (category, position);
CREATE INDEX IF NOT EXISTS ${p}events_by_type ON ${p}events (type, position);
CREATE TABLE IF NOT EXISTS ${p}snapshots (
  stream_id TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (stream_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${p}checkpoints (
  subscription_id TEXT PRIMARY KEY,
  transaction_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${p}dead_letters (
  subscription_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  parked_at_ms INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, event_id)
) WITHOUT ROWID;`,
    },
  ];
}

/**
 * The whole SQLite schema as one SQL script, to read or to run with your own migration tool.
 *
 * @example
 * ```ts
 * console.log(sqliteSchemaSql('pacelc_'));
 * ```
 */
export function sqliteSchemaSql(prefix = 'pacelc_'): string {
  const p = prefix === '' ? '' : sqlIdentifier('prefix', prefix);
  const body = sqliteMigrations(prefix)
    .map((migration) => `-- migration ${migration.version}\n${migration.sql}\nINSERT OR IGNORE INTO ${p}schema_migrations (version, applied_at_ms) VALUES (${migration.version}, 0);`)
    .join('\n\n');
  return `CREATE TABLE IF NOT EXISTS ${p}schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL);\n\n${body}\n`;
}
