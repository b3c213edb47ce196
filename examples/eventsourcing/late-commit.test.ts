import { describe, expect, it } from 'vitest';
import { findService } from '../../src/testing/services.js';
import { main } from './late-commit.js';

const postgres = await findService('postgres');

describe.skipIf(!postgres)('late commit example (docs/eventsourcing-postgres.md)', () => {
  it('shows the event a position-based reader would skip, and that pacelc waits for it', async () => {
    expect(await main(postgres?.url)).toEqual([
      'committed so far: positions 2 (position 1 is still in flight)',
      'a reader by position now moves its checkpoint to 2: it will never read position 1',
      'pacelc readAll returns 0 events: nothing is safe while an older transaction runs',
      'after the slow commit, pacelc readAll returns: Slow@1, Fast@2',
    ]);
  });
});
