// The event-sourcing benchmark runs end to end in quick mode (nothing written); figures are not asserted.
import { expect, it } from 'vitest';
import suite from './eventsourcing.bench.js';

it('the eventsourcing benchmark runs', async () => {
  const tables = await suite.run({ quick: true, log: () => {} });
  expect(tables.length).toBeGreaterThanOrEqual(6);
  for (const table of tables) expect(table.rows.length).toBeGreaterThan(0);
});
