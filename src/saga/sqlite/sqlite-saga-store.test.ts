import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sagaStoreContract } from '../saga-store.contract.js';
import { sqliteSagaMigrations } from './schema.js';
import { SqliteSagaStore } from './sqlite-saga-store.js';

const directory = mkdtempSync(join(tmpdir(), 'pacelc-saga-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let counter = 0;

sagaStoreContract('sqlite', async () => {
  const filename = join(directory, `sagas-${++counter}.db`);
  const store = new SqliteSagaStore({ filename });
  return { store, reopen: () => Promise.resolve(new SqliteSagaStore({ filename })), dispose: () => store.close() };
});

describe('SQLite saga schema', () => {
  it('puts the prefix on every table, and refuses a bad prefix', () => {
    expect(sqliteSagaMigrations('app_')[0]?.sql).toContain('CREATE TABLE IF NOT EXISTS app_sagas');
    expect(() => new SqliteSagaStore({ filename: ':memory:', prefix: 'x; DROP TABLE y' })).toThrow(RangeError);
    expect(() => new SqliteSagaStore({})).toThrow(RangeError);
  });
});
