// Issue 6 reliability on SQLite: writer processes on one file database, a subscriber meanwhile,
// and a writer killed mid-append. PACELC_ES_FULL=1 runs the full 8 × 10,000 events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concurrentWritersScenario, eventsPerWriter, killedWriterScenario } from '../testing/reliability.js';
import { SqliteEventStore } from './sqlite-event-store.js';

describe('SQLite event store reliability', () => {
  const directory = mkdtempSync(join(tmpdir(), 'pacelc-es-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('8 writer processes append to shared and own streams while a subscriber follows: nothing lost, duplicated or out of order', async () => {
    const filename = join(directory, 'writers.db');
    const store = new SqliteEventStore({ filename });
    await concurrentWritersScenario(store, { kind: 'sqlite', filename }, 8, eventsPerWriter(1_000));
    await store.close();
  }, 180_000);

  it('a writer killed with SIGKILL mid-append leaves no partial batch', async () => {
    const filename = join(directory, 'killed.db');
    const store = new SqliteEventStore({ filename });
    const { committed } = await killedWriterScenario(store, { kind: 'sqlite', filename }, 2_000);
    expect(committed).toBeGreaterThanOrEqual(3);
    expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.append('after-1', [{ type: 'E', data: 1 }]);
    await store.close();
  }, 60_000);
});
