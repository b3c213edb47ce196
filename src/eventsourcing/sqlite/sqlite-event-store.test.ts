import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { eventStoreContract, type KeyValueTables } from '../event-store.contract.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { sqliteSchemaSql } from './schema.js';

function keyValueTables(store: SqliteEventStore): KeyValueTables<Database> {
  return {
    setup: (db, table) => void db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value REAL NOT NULL)`),
    put: (db, table, key, value) => void db.prepare(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, value),
    get: async (table, key) => (store.database.prepare(`SELECT value FROM ${table} WHERE key = ?`).get(key) as { value: number } | undefined)?.value,
    count: async (table) => (store.database.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
  };
}

eventStoreContract<Database>('sqlite', async (options) => {
  const store = new SqliteEventStore({ ...options, filename: ':memory:' });
  return { store, tables: keyValueTables(store), dispose: () => store.close() };
});

describe('SqliteEventStore', () => {
  it('prints its schema as SQL, and refuses prefixes that are not identifiers', () => {
    const sql = sqliteSchemaSql('es_');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS es_events');
    expect(sql).toContain('UNIQUE (stream_id, stream_version)');
    expect(() => sqliteSchemaSql('es; DROP TABLE x; --')).toThrow(RangeError);
    expect(() => new SqliteEventStore({ filename: ':memory:', prefix: 'Bad-Prefix' })).toThrow(RangeError);
  });

  it('runs its migrations once, so reopening keeps the events', async () => {
    const store = new SqliteEventStore({ filename: ':memory:' });
    await store.append('s-1', [{ type: 'E', data: 1 }]);
    store.migrate();
    expect(await store.streamVersion('s-1')).toBe(1);
    const versions = store.database.prepare('SELECT version FROM pacelc_schema_migrations').all();
    expect(versions).toEqual([{ version: 1 }]);
    await store.close();
  });

  it('rejects an inline projection that returns a promise, and rolls the append back', async () => {
    const store = new SqliteEventStore({ filename: ':memory:', inlineProjections: [{ name: 'async', handle: async () => undefined }] });
    await expect(store.append('s-1', [{ type: 'E', data: 1 }])).rejects.toThrow(/must be synchronous/);
    expect(await store.streamVersion('s-1')).toBe(0);
    await store.close();
  });
});
