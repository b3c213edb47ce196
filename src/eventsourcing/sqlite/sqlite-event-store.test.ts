import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../errors.js';
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

  it('reports a write lock held past busyTimeoutMs as StoreUnavailableError, and writes nothing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-es-busy-'));
    const filename = join(directory, 'busy.db');
    const holder = new SqliteEventStore({ filename });
    const waiter = new SqliteEventStore({ filename, busyTimeoutMs: 20 });
    const error = await holder.transaction(() => waiter.append('s-1', [{ type: 'E', data: 1 }]).then(() => undefined, (caught: unknown) => caught));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', outcome: 'definite' });
    expect(await waiter.streamVersion('s-1')).toBe(0);
    await waiter.append('s-1', [{ type: 'E', data: 1 }]);
    await holder.close();
    await waiter.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('rejects an inline projection that returns a promise, and rolls the append back', async () => {
    const store = new SqliteEventStore({ filename: ':memory:', inlineProjections: [{ name: 'async', handle: async () => undefined }] });
    await expect(store.append('s-1', [{ type: 'E', data: 1 }])).rejects.toThrow(/must be synchronous/);
    expect(await store.streamVersion('s-1')).toBe(0);
    await store.close();
  });
});
