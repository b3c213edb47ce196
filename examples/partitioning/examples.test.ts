import { expect, it } from 'vitest';
import { main as antiEntropy } from './anti-entropy.js';
import { shownOutput } from '../../test/docs-output.js';
import { main as choose } from './choose.js';
import { main as residency } from './residency.js';

it('choose.ts prints the comparison shown in docs/partitioning.md', () => {
  expect(choose()).toEqual(shownOutput('partitioning.md', 'npx tsx examples/partitioning/choose.ts'));
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
