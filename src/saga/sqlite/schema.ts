import { sqlIdentifier } from '../../eventsourcing/validation.js';

/**
 * The SQLite schema of sagas, durable timers, dead letters, the outbox and the inbox, as numbered
 * migrations (each applied once, recorded in `<prefix>saga_migrations`). `prefix` is a validated
 * identifier put before every table name.
 *
 * @example
 * ```ts
 * for (const migration of sqliteSagaMigrations('app_')) console.log(migration.sql);
 * ```
 */
export function sqliteSagaMigrations(prefix = 'pacelc_'): Array<{ version: number; sql: string }> {
  const p = prefix === '' ? '' : sqlIdentifier('prefix', prefix);
  return [
    {
      version: 1,
      sql: `CREATE TABLE IF NOT EXISTS ${p}sagas (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  record TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${p}sagas_by_status ON ${p}sagas (status, updated_at_ms);
CREATE TABLE IF NOT EXISTS ${p}saga_timers (
  saga_id TEXT NOT NULL,
  name TEXT NOT NULL,
  due_at_ms INTEGER NOT NULL,
  PRIMARY KEY (saga_id, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${p}saga_timers_by_due ON ${p}saga_timers (due_at_ms);
CREATE TABLE IF NOT EXISTS ${p}saga_dead_letters (
  saga_id TEXT PRIMARY KEY,
  step TEXT NOT NULL,
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  parked_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${p}outbox (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  aggregate_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  headers TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  sent_at_ms INTEGER
);
CREATE INDEX IF NOT EXISTS ${p}outbox_unsent ON ${p}outbox (sequence) WHERE sent_at_ms IS NULL;
CREATE TABLE IF NOT EXISTS ${p}inbox (
  consumer TEXT NOT NULL,
  message_id TEXT NOT NULL,
  processed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (consumer, message_id)
) WITHOUT ROWID;`,
    },
  ];
}

/**
 * Applies the migrations not yet applied to a better-sqlite3 database (idempotent).
 *
 * @example
 * ```ts
 * migrateSqliteSaga(database, 'pacelc_', runtime.clock.nowMs());
 * ```
 */
export function migrateSqliteSaga(database: import('better-sqlite3').Database, prefix: string, nowMs: number): void {
  const p = prefix === '' ? '' : sqlIdentifier('prefix', prefix);
  database.exec(`CREATE TABLE IF NOT EXISTS ${p}saga_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)`);
  for (const migration of sqliteSagaMigrations(p)) {
    database
      .transaction(() => {
        const done = database.prepare(`SELECT 1 FROM ${p}saga_migrations WHERE version = ?`).get(migration.version);
        if (done !== undefined) return;
        database.exec(migration.sql);
        database.prepare(`INSERT INTO ${p}saga_migrations (version, applied_at_ms) VALUES (?, ?)`).run(migration.version, nowMs);
      })
      .immediate();
  }
}
