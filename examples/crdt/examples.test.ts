import { expect, it } from 'vitest';
import { shownOutput } from '../../test/docs-output.js';
import { main as clocks } from './clocks.js';
import { main as offlineCart } from './offline-cart.js';

it('offline-cart.ts: the OR-map keeps every edit, LWW loses one (docs/crdt.md)', async () => {
  expect(await offlineCart()).toEqual([
    'OR-map laptop: bread=1 milk=4',
    'OR-map phone:  bread=1 milk=4',
    'LWW    laptop: bread=1 milk=3',
    'LWW    phone:  bread=1 milk=3',
  ]);
  // With synchronised clocks LWW still loses an increment, just the other one.
  expect((await offlineCart({ phoneClockSkewMs: 0 })).slice(2)).toEqual(['LWW    laptop: bread=1 milk=2', 'LWW    phone:  bread=1 milk=2']);
});

it('clocks.ts: skew loses a write under wall-clock LWW, not under HLC (docs/clocks.md)', async () => {
  const lines = await clocks();
  expect(lines).toEqual(shownOutput('clocks.md', 'npx tsx examples/crdt/clocks.ts'));
  expect(lines[4]).toBe('after the client merges them: [milk, eggs, bread]');
  expect((await clocks({ skewMs: 0 }))[0]).toBe("wall-clock LWW keeps: price=12 (B's clock is 0 ms off)");
});
