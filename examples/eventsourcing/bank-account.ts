// The classic bank account, event-sourced: open, deposit, withdraw; rebuild by replay; time travel
// to a past version; snapshots every 5 events (same state with and without). Run it:
//   npx tsx examples/eventsourcing/bank-account.ts
import { AggregateRepository, MemoryEventStore, type Decider, type DomainEvent, replay, toDomainEvents } from 'pacelc/eventsourcing';
import { ManualRuntime } from 'pacelc/runtime';

export interface Account {
  readonly status: 'none' | 'open';
  readonly owner: string;
  readonly balanceCents: number;
}

export type AccountCommand =
  | { readonly type: 'Open'; readonly owner: string }
  | { readonly type: 'Deposit'; readonly amountCents: number }
  | { readonly type: 'Withdraw'; readonly amountCents: number };

export type AccountEvent =
  | DomainEvent<'AccountOpened', { owner: string }>
  | DomainEvent<'MoneyDeposited', { amountCents: number }>
  | DomainEvent<'MoneyWithdrawn', { amountCents: number }>;

export const bankAccount: Decider<Account, AccountCommand, AccountEvent> = {
  initialState: () => ({ status: 'none', owner: '', balanceCents: 0 }),
  decide(command, state) {
    switch (command.type) {
      case 'Open':
        if (state.status === 'open') throw new Error('the account is already open');
        return [{ type: 'AccountOpened', data: { owner: command.owner } }];
      case 'Deposit':
        if (state.status !== 'open') throw new Error('the account is not open');
        if (!(command.amountCents > 0)) throw new Error('a deposit must be positive');
        return [{ type: 'MoneyDeposited', data: { amountCents: command.amountCents } }];
      case 'Withdraw':
        if (state.status !== 'open') throw new Error('the account is not open');
        if (command.amountCents > state.balanceCents) throw new Error(`insufficient funds: balance ${state.balanceCents}, asked ${command.amountCents}`);
        return [{ type: 'MoneyWithdrawn', data: { amountCents: command.amountCents } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'AccountOpened':
        return { status: 'open', owner: event.data.owner, balanceCents: 0 };
      case 'MoneyDeposited':
        return { ...state, balanceCents: state.balanceCents + event.data.amountCents };
      case 'MoneyWithdrawn':
        return { ...state, balanceCents: state.balanceCents - event.data.amountCents };
    }
  },
};

const euros = (cents: number): string => `€${(cents / 100).toFixed(2)}`;

export async function main(): Promise<string[]> {
  const lines: string[] = [];
  const runtime = new ManualRuntime({ startWallMs: Date.UTC(2026, 0, 1) });
  const store = new MemoryEventStore({ runtime });
  const accounts = new AggregateRepository(store, bankAccount, { snapshots: { name: 'account@1', every: 5 } });

  await accounts.handle('account-ada', { type: 'Open', owner: 'Ada' });
  for (const amountCents of [10_000, 2_500, 4_000]) await accounts.handle('account-ada', { type: 'Deposit', amountCents });
  await accounts.handle('account-ada', { type: 'Withdraw', amountCents: 3_000 });
  await runtime.advance(60_000);
  await accounts.handle('account-ada', { type: 'Deposit', amountCents: 1_234 });
  try {
    await accounts.handle('account-ada', { type: 'Withdraw', amountCents: 1_000_000 });
  } catch (error) {
    lines.push(`rejected: ${(error as Error).message}`);
  }

  const events = await store.readStream('account-ada');
  for (const event of events) lines.push(`v${event.streamVersion} ${new Date(event.recordedAtMs).toISOString()} ${event.type} ${JSON.stringify(event.data)}`);

  const now = await accounts.load('account-ada');
  lines.push(`now: ${now.state.owner} has ${euros(now.state.balanceCents)} at version ${now.version} (snapshot: ${now.fromSnapshot}, replayed ${now.replayed} events)`);
  const rebuilt = replay(bankAccount, toDomainEvents<AccountEvent>(events));
  lines.push(`rebuilt by replaying all ${events.length} events: ${euros(rebuilt.balanceCents)}`);
  for (const version of [2, 4]) {
    const past = await accounts.load('account-ada', { toVersion: version });
    lines.push(`time travel to v${version}: ${euros(past.state.balanceCents)}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
