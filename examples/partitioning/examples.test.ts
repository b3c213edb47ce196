import { expect, it } from 'vitest';
import { main as antiEntropy } from './anti-entropy.js';
import { main as choose } from './choose.js';
import { main as residency } from './residency.js';

it('choose.ts prints the comparison shown in docs/partitioning.md', () => {
  const lines = choose();
  expect(lines[0]).toMatch(/^partitioner\s+CoV/);
  expect(lines.find((line) => line.startsWith('maglev'))).toMatch(/0\.0%/);
  expect(lines.find((line) => line.startsWith('ring (512 vnodes)'))).toBe('ring (512 vnodes)       2.6%     1.034       2.6%   8.9% 0.98x   10.1% 1.01x');
  expect(lines).toContain('ring a,b,c -> a,b,c,d: 381 hash ranges move, 28.0% of the key space');
});

it('residency.ts keeps EU keys in the EU and fails loudly without Dublin (docs/partitioning.md)', () => {
  expect(residency()).toEqual([
    'eu:user:42 -> dub-1, fra-2, fra-1',
    'us:user:42 -> fra-2, iad-1, dub-1',
    'without dub-1: RESIDENCY_UNSATISFIABLE: residency rule "gdpr" allows regions [eu-central, eu-west], which have 2 node(s) (fra-1, fra-2); 3 needed',
  ]);
});

it('anti-entropy.ts finds and repairs the divergent keys (docs/antientropy.md)', () => {
  expect(antiEntropy()).toEqual([
    'roots equal: false',
    'divergent leaves: 3 of 16384, found with 77 hash comparisons',
    'keys to exchange: 15 of 100000',
    'after repair, roots equal: true',
  ]);
  const many = antiEntropy({ divergent: 300, keys: 5_000 }); // many divergent keys: a small replica is enough
  expect(many.at(-1)).toBe('after repair, roots equal: true');
});
