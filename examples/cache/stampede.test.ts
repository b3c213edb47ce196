import { expect, it } from 'vitest';
import { main } from './stampede.js';

it('prints the stampede comparison of docs/cache.md, identically every run', async () => {
  const expected = [
    'cold start: 1,000 concurrent requests for one key, loader takes 200 ms',
    '  naive cache-aside (Map + TTL)                loader calls: 1000   requests that waited: 1000',
    '  pacelc Cache (single-flight)                 loader calls:    1   requests that waited: 1000',
    'hot key: 100 requests/s for 60 s, TTL 10 s, loader takes 200 ms',
    '  naive cache-aside (Map + TTL)                loader calls:  120   requests that waited:  120',
    '  pacelc, single-flight only                   loader calls:    6   requests that waited:  120',
    '  pacelc + XFetch (beta 1)                     loader calls:    7   requests that waited:   20',
    '  pacelc + grace 60 s (stale-while-revalidate) loader calls:    6   requests that waited:   20',
  ];
  expect(await main()).toEqual(expected);
  expect(await main()).toEqual(expected);
});
