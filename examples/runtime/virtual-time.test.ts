import { expect, it } from 'vitest';
import { main } from './virtual-time.js';

it('runs the backoff schedule on virtual time, identically every run (docs/runtime.md)', async () => {
  const expected = ['t=0ms attempt 1: failed', 't=525ms attempt 2: failed', 't=2455ms attempt 3: failed', 't=5249ms attempt 4: ok'];
  expect(await main()).toEqual(expected);
  expect(await main()).toEqual(expected);
});
