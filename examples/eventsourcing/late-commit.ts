// Why a position-based reader skips events on PostgreSQL, and why pacelc's does not
// (docs/eventsourcing-postgres.md). Needs PostgreSQL (PACELC_POSTGRES_URL, default local). Run it:
//   npx tsx examples/eventsourcing/late-commit.ts
import pg from 'pg';
import { PostgresEventStore } from 'pacelc/eventsourcing/postgres';

export async function main(url = process.env.PACELC_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<string[]> {
  const lines: string[] = [];
  const schema = `pacelc_late_${process.pid}`;
  const store = await PostgresEventStore.create({ connectionString: url, schema });
  const slow = new pg.Client({ connectionString: url });
  await slow.connect();
  try {
    // A slow writer takes position 1 and has not committed yet...
    await slow.query('BEGIN');
    const batch = JSON.stringify([{ id: 'slow-1', type: 'Slow', schemaVersion: 1, data: {}, metadata: {}, correlationId: null, causationId: null }]);
    await slow.query(`SELECT * FROM ${schema}.append_events('slow-1', 'slow', -1, $1, true, 0, false)`, [batch]);
    // ...while a fast writer takes position 2 and commits.
    const fast = await store.append('fast-1', [{ type: 'Fast', data: {} }]);
    const committed = await store.pool.query<{ position: string }>(`SELECT position FROM ${schema}.events ORDER BY position`);
    lines.push(`committed so far: positions ${committed.rows.map((row) => row.position).join(', ')} (position 1 is still in flight)`);
    lines.push(`a reader by position now moves its checkpoint to ${fast.position}: it will never read position 1`);
    lines.push(`pacelc readAll returns ${(await store.readAll()).length} events: nothing is safe while an older transaction runs`);
    await slow.query('COMMIT');
    // (Other transactions in the cluster that are older than ours could delay this a moment.)
    let all = await store.readAll();
    for (let tries = 0; all.length < 2 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      all = await store.readAll();
    }
    lines.push(`after the slow commit, pacelc readAll returns: ${all.map((event) => `${event.type}@${event.position}`).join(', ')}`);
  } finally {
    await slow.end();
    await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await store.close();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
