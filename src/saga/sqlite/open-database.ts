import BetterSqlite3 from 'better-sqlite3';
import { checkOptionsObject, numberOption, optionalObjectWith, optionalString } from '../../options.js';
import type { Database } from 'better-sqlite3';
import { invalidOption } from '../../errors.js';

/**
 * Options shared by the SQLite saga store, outbox and inbox.
 *
 * @example
 * ```ts
 * const options: SqliteDatabaseOptions = { filename: 'app.db', prefix: 'app_' };
 * ```
 */
export interface SqliteDatabaseOptions {
  /** A file to open (created if missing), or `':memory:'`. Give this or `database`. */
  readonly filename?: string;
  /** An open better-sqlite3 database to use (the caller closes it): share it with your business tables. */
  readonly database?: Database;
  /** Put before every table name; a validated identifier. Default `pacelc_`. */
  readonly prefix?: string;
  /** How long a writer waits for another process's write lock, in ms. Default 10,000. */
  readonly busyTimeoutMs?: number;
}

/** Opens (or adopts) the database: WAL, `synchronous = NORMAL`, a busy timeout. Returns whether the caller owns it. */
export function openSqliteDatabase(options: SqliteDatabaseOptions): { database: Database; owned: boolean } {
  checkOptionsObject('the SQLite saga store', options);
  optionalString('filename', options.filename);
  optionalObjectWith('database', options.database, ['prepare', 'pragma'], 'a better-sqlite3 Database');
  if ((options.filename === undefined) === (options.database === undefined)) throw invalidOption('filename', options.filename, 'exactly one of filename and database');
  const busyTimeoutMs = numberOption('busyTimeoutMs', options.busyTimeoutMs, 10_000, { min: 0, max: 2 ** 31 - 1, integer: true });
  if (options.database !== undefined) return { database: options.database, owned: false };
  const database = new BetterSqlite3(options.filename as string);
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (options.filename !== ':memory:') {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
  }
  return { database, owned: true };
}
