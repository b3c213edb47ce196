import { expect, it } from 'vitest';
import { main } from './compare-quorums.js';

it('compares quorum settings over five seeds, the same way every run (docs/leaderless.md)', () => {
  const expected = [
    'N=3 W=1 R=1        violated violated violated violated violated  stale reads 223/1235',
    'N=3 W=2 R=2        holds holds holds holds holds  stale reads 0/1225',
    'N=3 W=2 R=2 + ABD  holds holds holds holds holds  stale reads 0/1224',
  ];
  expect(main()).toEqual(expected);
});
