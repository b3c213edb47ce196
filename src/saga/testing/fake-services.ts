// Test support (not shipped): the fake services' tables of the saga-runner reliability test.
import type { Database } from 'better-sqlite3';

/** The fake services' tables. Every real application of an effect adds a row to apply_log. */
export function createServiceTables(database: Database): void {
  database.exec(`CREATE TABLE IF NOT EXISTS stock (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS payments (key TEXT PRIMARY KEY, amount INTEGER NOT NULL, refunded INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reservations (key TEXT PRIMARY KEY, quantity INTEGER NOT NULL, released INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shipments (key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS apply_log (key TEXT NOT NULL, kind TEXT NOT NULL);
INSERT OR IGNORE INTO stock VALUES ('widget', 1000000);`);
}

/** Whether saga `id` fails at its last step (a third of them, deterministically). */
export function failsAtShip(id: string): boolean {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(hash) % 3 === 0;
}
