import { describe, expect, it } from 'vitest';
import { deciderSpecification } from '../../src/eventsourcing/index.js';
import { bankAccount, main } from './bank-account.js';

describe('bank account example (docs/eventsourcing.md)', () => {
  it('prints the history, the balance, a rebuild by replay and time travel', async () => {
    expect(await main()).toEqual([
      'rejected: insufficient funds: balance 14734, asked 1000000',
      'v1 2026-01-01T00:00:00.000Z AccountOpened {"owner":"Ada"}',
      'v2 2026-01-01T00:00:00.000Z MoneyDeposited {"amountCents":10000}',
      'v3 2026-01-01T00:00:00.000Z MoneyDeposited {"amountCents":2500}',
      'v4 2026-01-01T00:00:00.000Z MoneyDeposited {"amountCents":4000}',
      'v5 2026-01-01T00:00:00.000Z MoneyWithdrawn {"amountCents":3000}',
      'v6 2026-01-01T00:01:00.000Z MoneyDeposited {"amountCents":1234}',
      'now: Ada has €147.34 at version 6 (snapshot: true, replayed 1 events)',
      'rebuilt by replaying all 6 events: €147.34',
      'time travel to v2: €100.00',
      'time travel to v4: €165.00',
    ]);
  });

  it('decides by Given/When/Then', () => {
    const spec = deciderSpecification(bankAccount);
    spec.given([{ type: 'AccountOpened', data: { owner: 'Ada' } }]).when({ type: 'Deposit', amountCents: 500 }).then([{ type: 'MoneyDeposited', data: { amountCents: 500 } }]);
    spec.given([{ type: 'AccountOpened', data: { owner: 'Ada' } }]).when({ type: 'Withdraw', amountCents: 1 }).thenThrows((error) => /insufficient funds/.test(String(error)));
    spec.given([]).when({ type: 'Deposit', amountCents: 500 }).thenThrows();
  });
});
