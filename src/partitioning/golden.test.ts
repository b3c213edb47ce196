// Golden placements: the same keys on the same nodes in every process, machine and release. If one
// of these changes, data placed by an earlier version would be looked up on the wrong node — that
// is a breaking change, never a snapshot to update casually.
import { expect, it } from 'vitest';
import { BoundedLoadRing } from './bounded-load.js';
import { JumpHash } from './jump.js';
import { Maglev } from './maglev.js';
import { Rendezvous } from './rendezvous.js';
import { HashRing } from './ring.js';
import { SlotTable } from './slot-table.js';

const nodes = ['cache-a', 'cache-b', 'cache-c', 'cache-d'];
const keys = ['user:1', 'user:2', 'user:3', 'order:99', 'ünïcödé', '{tag}x', ''];

it('every partitioner places the golden keys where it always has', () => {
  const placements = Object.fromEntries([
    ['ring', HashRing.create(nodes)],
    ['jump', JumpHash.create(nodes)],
    ['rendezvous', Rendezvous.create(nodes)],
    ['maglev', Maglev.create(nodes)],
    ['bounded-load', BoundedLoadRing.create(nodes)],
    ['slots', SlotTable.create(nodes)],
  ].map(([name, partitioner]) => [name as string, keys.map((key) => (partitioner as HashRing).nodeFor(key)).join(' ')]));
  expect(placements).toMatchInlineSnapshot(`
    {
      "bounded-load": "cache-b cache-a cache-c cache-d cache-b cache-c cache-d",
      "jump": "cache-a cache-a cache-d cache-a cache-c cache-d cache-a",
      "maglev": "cache-a cache-d cache-c cache-a cache-c cache-b cache-c",
      "rendezvous": "cache-a cache-c cache-a cache-a cache-b cache-b cache-c",
      "ring": "cache-b cache-c cache-b cache-b cache-b cache-b cache-d",
      "slots": "cache-c cache-b cache-a cache-c cache-c cache-c cache-a",
    }
  `);
});
