// The contract every EventStore passes: run by the memory, SQLite and PostgreSQL stores' tests.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualRuntime, createSystemRuntime } from '../runtime/index.js';
import { AggregateRepository } from './aggregate-repository.js';
import type { Decider, DomainEvent } from './decider.js';
import { ConcurrencyError, EventStoreInputError, StoreClosedError } from './errors.js';
import type { EventStore, EventStoreOptions } from './event-store.js';
import { startProjection, type Projection } from './projection.js';
import { subscribe, waitForProjection, type Subscription } from './subscription.js';
import { START, compareCursors, type EventToAppend, type RecordedEvent } from './types.js';

/** A tiny key → number read model in a store's own context, for testing atomicity. */
export interface KeyValueTables<Context> {
  setup(context: Context, table: string): void | Promise<void>;
  put(context: Context, table: string, key: string, value: number): void | Promise<void>;
  /** Committed value (read outside any transaction). */
  get(table: string, key: string): Promise<number | undefined>;
  count(table: string): Promise<number>;
}

export interface ContractHarness<Context> {
  readonly store: EventStore<Context>;
  readonly tables: KeyValueTables<Context>;
  /** Closes the store and frees what the harness created. */
  dispose(): Promise<void>;
}

export type ContractFactory<Context> = (options: EventStoreOptions<Context> & { runtime: ManualRuntime }) => Promise<ContractHarness<Context>>;

const fast = { pollIntervalMs: 20, retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 4 } } as const;

function events(count: number, type = 'Happened', from = 0): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => ({ type, data: { n: from + index } }));
}

const waitRuntime = createSystemRuntime({ seed: 1 });
async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = waitRuntime.clock.monotonicMs() + timeoutMs;
  while (!(await check())) {
    if (waitRuntime.clock.monotonicMs() > deadline) throw new Error('condition not reached in time');
    await waitRuntime.sleep(10);
  }
}

/**
 * Waits until `readAll` can return everything up to `target`. With PostgreSQL, events become
 * readable only once every transaction older than theirs has ended, anywhere in the cluster, so a
 * test must not expect its own appends to be readable the instant they commit.
 */
async function settle(store: EventStore<unknown>, target: { transactionId: number; position: number }): Promise<void> {
  await eventually(async () => compareCursors(await store.headCursor(), target) >= 0);
}

interface Account {
  readonly open: boolean;
  readonly balance: number;
}
type AccountCommand = { type: 'Open' } | { type: 'Deposit'; amount: number } | { type: 'Withdraw'; amount: number };
type AccountEvent = DomainEvent<'Opened', Record<string, never>> | DomainEvent<'Deposited', { amount: number }> | DomainEvent<'Withdrawn', { amount: number }>;
const account: Decider<Account, AccountCommand, AccountEvent> = {
  initialState: () => ({ open: false, balance: 0 }),
  decide(command, state) {
    switch (command.type) {
      case 'Open':
        if (state.open) throw new Error('already open');
        return [{ type: 'Opened', data: {} }];
      case 'Deposit':
        return [{ type: 'Deposited', data: { amount: command.amount } }];
      case 'Withdraw':
        if (state.balance < command.amount) throw new Error('insufficient funds');
        return [{ type: 'Withdrawn', data: { amount: command.amount } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'Opened':
        return { ...state, open: true };
      case 'Deposited':
        return { ...state, balance: state.balance + event.data.amount };
      case 'Withdrawn':
        return { ...state, balance: state.balance - event.data.amount };
    }
  },
};

/**
 * Registers the shared EventStore contract tests for one store.
 *
 * @example
 * ```ts
 * eventStoreContract('memory', async (options) => ({ store: new MemoryEventStore(options), tables, dispose }));
 * ```
 */
export function eventStoreContract<Context>(name: string, factory: ContractFactory<Context>): void {
  describe(`EventStore contract: ${name}`, () => {
    const open: ContractHarness<Context>[] = [];
    const subscriptions: Subscription<Context>[] = [];
    const runtime = createSystemRuntime({ seed: 7 });
    async function create(options: EventStoreOptions<Context> = {}): Promise<ContractHarness<Context> & { clock: ManualRuntime }> {
      const clock = new ManualRuntime({ startWallMs: 1_800_000_000_000 });
      const harness = await factory({ ...options, runtime: clock });
      open.push(harness);
      return { ...harness, clock };
    }
    afterEach(async () => {
      for (const subscription of subscriptions.splice(0)) await subscription.stop();
      for (const harness of open.splice(0)) await harness.dispose();
    });

    describe('streams', () => {
      it('appends and reads a stream with versions, positions, metadata and the runtime clock', async () => {
        const { store, clock } = await create();
        await clock.advance(5);
        const first = await store.append('account-1', [
          { type: 'Opened', data: { owner: 'ada' }, id: 'e-1', correlationId: 'req-1', metadata: { user: 'ada' } },
          { type: 'Deposited', data: { amount: 10 }, schemaVersion: 1, causationId: 'e-1' },
        ]);
        expect(first).toMatchObject({ streamId: 'account-1', nextExpectedVersion: 2, appended: 2 });
        const read = await store.readStream('account-1');
        expect(read.map((event) => [event.type, event.streamVersion, event.data])).toEqual([
          ['Opened', 1, { owner: 'ada' }],
          ['Deposited', 2, { amount: 10 }],
        ]);
        expect(read[0]).toMatchObject({ id: 'e-1', correlationId: 'req-1', causationId: null, metadata: { user: 'ada' }, schemaVersion: 1, recordedAtMs: 1_800_000_000_005 });
        expect(read[1]).toMatchObject({ causationId: 'e-1', correlationId: null, metadata: {} });
        expect(read[1]?.id).toMatch(/^[0-9a-f-]{36}$/);
        expect((read[1] as RecordedEvent).position).toBeGreaterThan((read[0] as RecordedEvent).position);
        expect(first.position).toBe(read[1]?.position);
        expect(await store.streamVersion('account-1')).toBe(2);
        expect(await store.streamVersion('account-2')).toBe(0);
        expect(await store.readStream('account-2')).toEqual([]);
      });

      it('enforces expected versions with a typed ConcurrencyError and writes nothing on conflict', async () => {
        const { store } = await create();
        await store.append('s-1', events(1), { expectedVersion: 'no_stream' });
        const conflict = await store.append('s-1', events(1), { expectedVersion: 'no_stream' }).catch((error: unknown) => error);
        expect(conflict).toBeInstanceOf(ConcurrencyError);
        expect(conflict).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 's-1', expectedVersion: 'no_stream', actualVersion: 1, outcome: 'definite' });
        await expect(store.append('s-1', events(1), { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.append('s-1', events(1), { expectedVersion: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.append('s-2', events(1), { expectedVersion: 'stream_exists' })).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.streamVersion('s-1')).toBe(1);
        expect(await store.streamVersion('s-2')).toBe(0);
        expect((await store.append('s-1', events(2), { expectedVersion: 1 })).nextExpectedVersion).toBe(3);
        expect((await store.append('s-1', events(1), { expectedVersion: 'stream_exists' })).nextExpectedVersion).toBe(4);
        expect((await store.append('s-1', events(1), { expectedVersion: 'any' })).nextExpectedVersion).toBe(5);
        expect((await store.readStream('s-1')).map((event) => event.streamVersion)).toEqual([1, 2, 3, 4, 5]);
        await expect(store.append('s-1', events(1), { expectedVersion: -1 })).rejects.toBeInstanceOf(RangeError);
      });

      it('lets exactly one of many concurrent appends at the same expected version win', async () => {
        const { store } = await create();
        await store.append('race-1', events(1));
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, index) => store.append('race-1', events(2, `W${index}`), { expectedVersion: 1 })));
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.streamVersion('race-1')).toBe(3);
      });

      it('reads forward and backward from a version, with a maximum count', async () => {
        const { store } = await create();
        await store.append('s-1', events(10));
        const versions = (list: RecordedEvent[]) => list.map((event) => event.streamVersion);
        expect(versions(await store.readStream('s-1', { fromVersion: 4, maxCount: 3 }))).toEqual([4, 5, 6]);
        expect(versions(await store.readStream('s-1', { direction: 'backward' }))).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        expect(versions(await store.readStream('s-1', { direction: 'backward', fromVersion: 4, maxCount: 2 }))).toEqual([4, 3]);
        expect(versions(await store.readStream('s-1', { direction: 'backward', maxCount: 1 }))).toEqual([10]);
        expect(versions(await store.readStream('s-1', { fromVersion: 11 }))).toEqual([]);
      });

      it('reads all streams in one global order, by cursor, category and event type', async () => {
        const { store } = await create();
        expect(await store.headCursor()).toEqual(START);
        await store.append('account-1', events(2, 'Deposited'));
        await store.append('order-1', events(1, 'Placed'));
        await settle(store, await store.append('account-2', [...events(1, 'Deposited'), ...events(1, 'Withdrawn')]));
        const all = await store.readAll();
        expect(all.map((event) => `${event.streamId}@${event.streamVersion}`)).toEqual(['account-1@1', 'account-1@2', 'order-1@1', 'account-2@1', 'account-2@2']);
        for (let index = 1; index < all.length; index++) expect(compareCursors(all[index] as RecordedEvent, all[index - 1] as RecordedEvent)).toBeGreaterThan(0);
        expect(await store.headCursor()).toMatchObject({ position: all.at(-1)?.position });
        const page1 = await store.readAll({ maxCount: 2 });
        const page2 = await store.readAll({ after: page1.at(-1), maxCount: 2 });
        const page3 = await store.readAll({ after: page2.at(-1), maxCount: 2 });
        expect([...page1, ...page2, ...page3].map((event) => event.id)).toEqual(all.map((event) => event.id));
        expect((await store.readAll({ category: 'account' })).map((event) => event.streamId)).toEqual(['account-1', 'account-1', 'account-2', 'account-2']);
        expect((await store.readAll({ eventTypes: ['Placed', 'Withdrawn'] })).map((event) => event.type)).toEqual(['Placed', 'Withdrawn']);
        expect(await store.readAll({ category: 'account', eventTypes: ['Withdrawn'] })).toHaveLength(1);
        expect(await store.readAll({ after: all.at(-1) })).toEqual([]);
      });

      it('makes appends idempotent by event id', async () => {
        const { store } = await create();
        const batch = [
          { type: 'A', data: 1, id: 'id-1' },
          { type: 'B', data: 2, id: 'id-2' },
        ];
        const first = await store.append('s-1', batch, { expectedVersion: 'no_stream' });
        const again = await store.append('s-1', batch, { expectedVersion: 'no_stream' });
        expect(again).toMatchObject({ appended: 0, nextExpectedVersion: 2, position: first.position });
        expect(await store.readStream('s-1')).toHaveLength(2);
        const partial = await store.append('s-1', [{ type: 'B', data: 2, id: 'id-2' }, { type: 'C', data: 3, id: 'id-3' }]).catch((error: unknown) => error);
        expect(partial).toMatchObject({ code: 'DUPLICATE_EVENT_ID' });
        await expect(store.append('s-2', [{ type: 'A', data: 1, id: 'id-1' }])).rejects.toMatchObject({ code: 'DUPLICATE_EVENT_ID' });
        await expect(store.append('s-3', [{ type: 'A', data: 1, id: 'x' }, { type: 'A', data: 1, id: 'x' }])).rejects.toMatchObject({ code: 'DUPLICATE_EVENT_ID' });
        await settle(store, first);
        expect((await store.readAll()).map((event) => event.id)).toEqual(['id-1', 'id-2']);
      });

      it('rejects bad input with a typed error and changes nothing', async () => {
        const { store } = await create({ maxEventBytes: 1_000 });
        await settle(store, await store.append('ok-1', events(1)));
        const head = await store.headCursor();
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        const cases: Array<[string, () => Promise<unknown>]> = [
          ['INVALID_STREAM_NAME', () => store.append('', events(1))],
          ['INVALID_STREAM_NAME', () => store.append(' padded', events(1))],
          ['INVALID_STREAM_NAME', () => store.append('bad\u0000name', events(1))],
          ['INVALID_STREAM_NAME', () => store.append('x'.repeat(257), events(1))],
          ['INVALID_STREAM_NAME', () => store.append(42 as unknown as string, events(1))],
          ['EVENT_TOO_LARGE', () => store.append('ok-1', [...events(1), { type: 'Big', data: 'x'.repeat(2_000) }])],
          ['UNSERIALISABLE_EVENT', () => store.append('ok-1', [...events(1), { type: 'Bad', data: { amount: 10n } }])],
          ['UNSERIALISABLE_EVENT', () => store.append('ok-1', [{ type: 'Bad', data: circular }])],
          ['UNSERIALISABLE_EVENT', () => store.append('ok-1', [{ type: 'Bad', data: undefined }])],
          ['UNSERIALISABLE_EVENT', () => store.append('ok-1', [{ type: 'Bad', data: Number.NaN }])],
          ['INVALID_EVENT', () => store.append('ok-1', [{ type: '', data: 1 }])],
          ['INVALID_EVENT', () => store.append('ok-1', [{ type: 'T', data: 1, schemaVersion: 0 }])],
          ['INVALID_EVENT', () => store.append('ok-1', [null as unknown as EventToAppend])],
          ['CONCURRENCY_CONFLICT', () => store.append('ok-1', events(3), { expectedVersion: 7 })],
        ];
        for (const [code, attempt] of cases) {
          const error = await attempt().then(() => undefined, (caught: unknown) => caught);
          expect(error, code).toBeInstanceOf(code === 'CONCURRENCY_CONFLICT' ? ConcurrencyError : EventStoreInputError);
          expect(error).toMatchObject({ code, outcome: 'definite' });
        }
        expect(await store.headCursor()).toEqual(head);
        expect(await store.readAll()).toHaveLength(1);
        expect(await store.streamVersion('ok-1')).toBe(1);
      });

      it('refuses, in every store alike, text no store can keep (NUL, lone surrogates) and schemaVersion >= 2^31, and keeps what it accepts byte for byte', async () => {
        const { store } = await create();
        const cases: Array<[string, EventToAppend]> = [
          ['UNSERIALISABLE_EVENT', { type: 'T', data: { note: 'a\u0000b' } }],
          ['UNSERIALISABLE_EVENT', { type: 'T', data: { ['k\u0000']: 1 } }],
          ['UNSERIALISABLE_EVENT', { type: 'T', data: ['\ud800'] }],
          ['UNSERIALISABLE_EVENT', { type: 'T', data: 1, metadata: { who: '\udc00' } }],
          ['INVALID_EVENT', { type: 'T\u0000', data: 1 }],
          ['INVALID_EVENT', { type: 'T\ud800', data: 1 }],
          ['INVALID_EVENT', { type: 'T', data: 1, id: 'id\u0000' }],
          ['INVALID_EVENT', { type: 'T', data: 1, id: '\udfff' }],
          ['INVALID_EVENT', { type: 'T', data: 1, correlationId: 'c\u0000' }],
          ['INVALID_EVENT', { type: 'T', data: 1, causationId: 'c\ud801' }],
          ['INVALID_EVENT', { type: 'T', data: 1, schemaVersion: 2 ** 31 }],
        ];
        for (const [code, event] of cases) {
          const error = await store.append('hostile-1', [event]).then(() => undefined, (caught: unknown) => caught);
          expect(error, JSON.stringify(event)).toBeInstanceOf(EventStoreInputError);
          expect(error).toMatchObject({ code, outcome: 'definite' });
        }
        await expect(store.append('bad\ud800', events(1))).rejects.toMatchObject({ code: 'INVALID_STREAM_NAME' });
        expect(await store.streamVersion('hostile-1')).toBe(0);
        const kept = { type: 'T\u{1F600}', data: { note: 'pair \u{1F600} ok', ['k\u{1F600}']: 'é' }, schemaVersion: 2 ** 31 - 1, id: 'id-\u{1F600}', correlationId: 'c-\u{1F600}' };
        await settle(store, await store.append('hostile-1', [kept]));
        const [read] = await store.readStream('hostile-1');
        expect(read).toMatchObject(kept);
      });

      it('refuses work after close with StoreClosedError', async () => {
        const harness = await factory({ runtime: new ManualRuntime() });
        await harness.store.append('s-1', events(1));
        await harness.dispose();
        await expect(harness.store.append('s-1', events(1))).rejects.toBeInstanceOf(StoreClosedError);
        await expect(harness.store.readAll()).rejects.toBeInstanceOf(StoreClosedError);
      });
    });

    describe('snapshots and upcasting', () => {
      it('saves, replaces and loads snapshots by stream and name', async () => {
        const { store } = await create();
        expect(await store.loadSnapshot('account-1', 'account@1')).toBeUndefined();
        await store.saveSnapshot({ streamId: 'account-1', name: 'account@1', version: 10, state: { balance: 5 } });
        await store.saveSnapshot({ streamId: 'account-1', name: 'account@1', version: 20, state: { balance: 7 } });
        await store.saveSnapshot({ streamId: 'account-1', name: 'account@2', version: 20, state: { cents: 700 } });
        expect(await store.loadSnapshot('account-1', 'account@1')).toEqual({ streamId: 'account-1', name: 'account@1', version: 20, state: { balance: 7 } });
        expect(await store.loadSnapshot('account-1', 'account@2')).toMatchObject({ state: { cents: 700 } });
        expect(await store.loadSnapshot('account-2', 'account@1')).toBeUndefined();
      });

      it('upcasts schema-versioned events on read, chaining steps, without rewriting them', async () => {
        const { store } = await create({
          upcasters: {
            Deposited: {
              1: (data) => ({ cents: (data as { amount: number }).amount * 100 }),
              2: (data) => ({ ...(data as object), currency: 'EUR' }),
            },
          },
        });
        const appended = await store.append('account-1', [
          { type: 'Deposited', data: { amount: 2 } },
          { type: 'Deposited', data: { cents: 300 }, schemaVersion: 2 },
          { type: 'Deposited', data: { cents: 400, currency: 'USD' }, schemaVersion: 3 },
          { type: 'Other', data: { amount: 1 } },
        ]);
        const expected = [
          [3, { cents: 200, currency: 'EUR' }],
          [3, { cents: 300, currency: 'EUR' }],
          [3, { cents: 400, currency: 'USD' }],
          [1, { amount: 1 }],
        ];
        expect((await store.readStream('account-1')).map((event) => [event.schemaVersion, event.data])).toEqual(expected);
        await settle(store, appended);
        expect((await store.readAll()).map((event) => [event.schemaVersion, event.data])).toEqual(expected);
      });
    });

    describe('aggregates', () => {
      it('runs commands through a decider, with the same state with and without snapshots, and time travel', async () => {
        const { store } = await create();
        const plain = new AggregateRepository(store, account);
        const snapshotting = new AggregateRepository(store, account, { snapshots: { name: 'account@1', every: 5 } });
        await snapshotting.handle('account-1', { type: 'Open' });
        for (let index = 1; index <= 12; index++) await snapshotting.handle('account-1', { type: 'Deposit', amount: index });
        await expect(snapshotting.handle('account-1', { type: 'Withdraw', amount: 1_000 })).rejects.toThrow('insufficient funds');
        const withSnapshot = await snapshotting.load('account-1');
        const withoutSnapshot = await plain.load('account-1');
        expect(withSnapshot).toMatchObject({ state: { open: true, balance: 78 }, version: 13, fromSnapshot: true, replayed: 3 });
        expect(withoutSnapshot).toMatchObject({ state: withSnapshot.state, version: 13, fromSnapshot: false, replayed: 13 });
        expect(await store.loadSnapshot('account-1', 'account@1')).toMatchObject({ version: 10 });
        expect((await snapshotting.load('account-1', { toVersion: 4 })).state).toEqual({ open: true, balance: 6 });
        expect((await snapshotting.load('account-1', { toVersion: 11 })).state).toEqual((await plain.load('account-1', { toVersion: 11 })).state);
      });

      it('retries a command on a version conflict and loses no update', async () => {
        const { store } = await create();
        const repository = new AggregateRepository(store, account, { maxAttempts: 50, initialDelayMs: 1, runtime });
        await repository.handle('account-1', { type: 'Open' });
        const results = await Promise.all(Array.from({ length: 10 }, () => repository.handle('account-1', { type: 'Deposit', amount: 1 })));
        expect((await repository.load('account-1')).state.balance).toBe(10);
        expect(results.some((result) => result.attempts > 1)).toBe(true);
        await expect(repository.handle('account-1', { type: 'Deposit', amount: 1 }, { expectedVersion: 3 })).rejects.toBeInstanceOf(ConcurrencyError);
      });
    });

    describe('transactions, checkpoints and inline projections', () => {
      it('commits a handler’s writes and the checkpoint together, or neither', async () => {
        const { store, tables } = await create();
        await store.transaction((context) => tables.setup(context, 'kv'));
        await store.commit({ subscriptionId: 'sub', cursor: { transactionId: 3, position: 5 } }, (context) => tables.put(context, 'kv', 'a', 1));
        expect(await tables.get('kv', 'a')).toBe(1);
        expect(await store.loadCheckpoint('sub')).toEqual({ transactionId: 3, position: 5 });
        const failed = store.commit({ subscriptionId: 'sub', cursor: { transactionId: 4, position: 9 } }, async (context) => {
          await tables.put(context, 'kv', 'a', 2);
          await tables.put(context, 'kv', 'b', 2);
          throw new Error('handler failed');
        });
        await expect(failed).rejects.toThrow('handler failed');
        expect(await tables.get('kv', 'a')).toBe(1);
        expect(await tables.get('kv', 'b')).toBeUndefined();
        expect(await store.loadCheckpoint('sub')).toEqual({ transactionId: 3, position: 5 });
        expect(await store.loadCheckpoint('other')).toBeUndefined();
      });

      it('updates inline projections in the append transaction; a failing one fails the append', async () => {
        let fail = false;
        const harness: ContractHarness<Context> = await create({
          inlineProjections: [
            {
              name: 'totals',
              eventTypes: ['Deposited'],
              handle: (recorded, context) => {
                if (fail) throw new Error('projection failed');
                const tables = harness.tables;
                const result: Array<void | Promise<void>> = [];
                for (const event of recorded) result.push(tables.put(context, 'totals', event.streamId, (event.data as { total: number }).total));
                if (result.some((item) => item instanceof Promise)) return Promise.all(result).then(() => undefined);
              },
            },
          ],
        });
        const { store, tables } = harness;
        await store.transaction((context) => tables.setup(context, 'totals'));
        await store.append('account-1', [{ type: 'Deposited', data: { total: 5 } }, { type: 'Noted', data: {} }]);
        expect(await tables.get('totals', 'account-1')).toBe(5);
        fail = true;
        await expect(store.append('account-1', [{ type: 'Deposited', data: { total: 9 } }])).rejects.toThrow('projection failed');
        expect(await store.streamVersion('account-1')).toBe(2);
        expect(await tables.get('totals', 'account-1')).toBe(5);
      });
    });

    describe('subscriptions', () => {
      it('catches up, goes live, and resumes from its checkpoint without redelivery', async () => {
        const { store } = await create();
        let appended = START;
        for (let index = 0; index < 5; index++) appended = await store.append(`s-${index % 2}`, events(3, 'E', index * 3));
        const seen: RecordedEvent[] = [];
        const first = subscribe(store, { ...fast, runtime, id: 'catch-up', batchSize: 4, handler: (event) => void seen.push(event) });
        subscriptions.push(first);
        await first.waitForPosition(appended, { timeoutMs: 10_000 });
        expect(seen).toHaveLength(15);
        const live = await store.append('s-9', events(2, 'Live'));
        await first.waitForPosition(live, { timeoutMs: 10_000 });
        expect(seen.map((event) => event.position)).toEqual((await store.readAll()).map((event) => event.position));
        await first.stop();
        const whileStopped = await store.append('s-9', events(1, 'WhileStopped'));
        const second = subscribe(store, { ...fast, runtime, id: 'catch-up', handler: (event) => void seen.push(event) });
        subscriptions.push(second);
        await second.waitForPosition(whileStopped, { timeoutMs: 10_000 });
        const all = await store.readAll();
        expect(seen.map((event) => event.id)).toEqual(all.map((event) => event.id));
        expect(new Set(seen.map((event) => event.id)).size).toBe(18);
      });

      it('filters by event type and category, and can start from the end', async () => {
        const { store } = await create();
        await store.append('account-1', events(2, 'Deposited'));
        const byType: string[] = [];
        const fromEnd: string[] = [];
        const typed = subscribe(store, { ...fast, runtime, id: 'typed', eventTypes: ['Withdrawn'], category: 'account', handler: (event) => void byType.push(`${event.streamId}:${event.type}`) });
        const tail = subscribe(store, { ...fast, runtime, id: 'tail', from: 'end', handler: (event) => void fromEnd.push(event.type) });
        subscriptions.push(typed, tail);
        await tail.start();
        const last = await store.append('account-2', [...events(1, 'Withdrawn'), ...events(1, 'Deposited')]);
        const head = await store.append('order-1', events(1, 'Withdrawn'));
        await typed.waitForPosition(head, { timeoutMs: 10_000 });
        await tail.waitForPosition(head, { timeoutMs: 10_000 });
        expect(byType).toEqual(['account-2:Withdrawn']);
        expect(fromEnd).toEqual(['Withdrawn', 'Deposited', 'Withdrawn']);
        expect(compareCursors(typed.cursor, last)).toBeGreaterThan(0);
      });

      it('retries a failing handler, parks the event, parks later events of its stream behind it, and replays them in order', async () => {
        const { store, tables } = await create();
        await store.transaction((context) => tables.setup(context, 'handled'));
        let broken = true;
        const attempts = new Map<string, number>();
        const errors: unknown[] = [];
        const subscription = subscribe(store, {
          ...fast,
          runtime,
          id: 'parking',
          onError: (error) => errors.push(error),
          handler: (event, context) => {
            const key = `${event.streamId}@${event.streamVersion}`;
            attempts.set(key, (attempts.get(key) ?? 0) + 1);
            if (broken && event.type === 'Poison') throw new Error(`cannot handle ${key}`);
            return tables.put(context, 'handled', key, event.position);
          },
        });
        subscriptions.push(subscription);
        await store.append('bad-1', events(1, 'Fine'));
        await store.append('bad-1', events(1, 'Poison'));
        await store.append('good-1', events(2, 'Fine'));
        await store.append('bad-1', events(2, 'Fine'));
        const head = await store.append('good-2', events(1, 'Fine'));
        await subscription.waitForPosition(head, { timeoutMs: 10_000 });
        expect(attempts.get('bad-1@2')).toBe(3);
        expect(attempts.has('bad-1@3')).toBe(false);
        expect(await tables.get('handled', 'good-1@2')).toBeDefined();
        expect(await tables.get('handled', 'good-2@1')).toBeDefined();
        expect(await tables.get('handled', 'bad-1@1')).toBeDefined();
        expect(await tables.get('handled', 'bad-1@2')).toBeUndefined();
        const parked = await store.listParked('parking');
        expect(parked.map((entry) => [entry.event.streamId, entry.event.streamVersion, entry.attempts])).toEqual([
          ['bad-1', 2, 3],
          ['bad-1', 3, 0],
          ['bad-1', 4, 0],
        ]);
        expect(parked[0]?.error).toContain('cannot handle bad-1@2');
        expect(subscription.blockedStreams).toEqual(['bad-1']);
        expect(errors.length).toBeGreaterThanOrEqual(3);
        // still live for other streams, still parking behind for bad-1
        const later = await store.append('bad-1', events(1, 'Fine'));
        await subscription.waitForPosition(await store.append('good-1', events(1, 'Fine')), { timeoutMs: 10_000 });
        expect(compareCursors(subscription.cursor, later)).toBeGreaterThan(0);
        expect(await store.listParked('parking')).toHaveLength(4);
        expect(await tables.get('handled', 'good-1@3')).toBeDefined();
        // still broken: replay changes nothing
        expect(await subscription.replayParked()).toEqual({ replayed: 0, remaining: 4 });
        broken = false;
        expect(await subscription.replayParked({ streamId: 'bad-1' })).toEqual({ replayed: 4, remaining: 0 });
        expect(subscription.blockedStreams).toEqual([]);
        const order = await Promise.all([2, 3, 4, 5].map((version) => tables.get('handled', `bad-1@${version}`)));
        expect(order.every((position) => position !== undefined)).toBe(true);
        const next = await store.append('bad-1', events(1, 'Poison'));
        await subscription.waitForPosition(next, { timeoutMs: 10_000 });
        expect(await tables.get('handled', 'bad-1@6')).toBe(next.position);
      });

      it('shares streams among competing consumers: every event once, each stream to one member, in order', async () => {
        const { store } = await create();
        const streams = Array.from({ length: 12 }, (_, index) => `order-${index}`);
        let head = START;
        for (let round = 0; round < 3; round++) for (const stream of streams) head = await store.append(stream, events(2, 'E'));
        const seen: Array<Array<RecordedEvent>> = [[], [], []];
        const members = [0, 1, 2].map((member) =>
          subscribe(store, { ...fast, runtime, id: 'workers', group: { member, size: 3 }, handler: (event) => void seen[member]?.push(event) }),
        );
        subscriptions.push(...members);
        await Promise.all(members.map((member) => member.waitForPosition(head, { timeoutMs: 10_000 })));
        await waitForProjection(store, 'workers', head, { groupSize: 3, timeoutMs: 10_000, runtime });
        const all = seen.flat();
        expect(all).toHaveLength(72);
        expect(new Set(all.map((event) => event.id)).size).toBe(72);
        expect(seen.every((list) => list.length > 0)).toBe(true);
        for (const stream of streams) {
          const owners = seen.map((list) => list.filter((event) => event.streamId === stream)).filter((list) => list.length > 0);
          expect(owners).toHaveLength(1);
          expect(owners[0]?.map((event) => event.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
        }
      });
    });

    describe('projections', () => {
      it('projects asynchronously with checkpoints, waits for a position, and rebuilds into a fresh table then swaps', async () => {
        const { store, tables } = await create();
        let multiplier = 1;
        const projection: Projection<Context> = {
          name: 'balances',
          eventTypes: ['Deposited'],
          setup: (context, table) => tables.setup(context, table),
          apply: (event, context, table) => tables.put(context, table, event.streamId, (event.data as { n: number }).n * multiplier),
        };
        let appended = START;
        for (let index = 0; index < 20; index++) appended = await store.append(`account-${index % 4}`, events(1, 'Deposited', index));
        const runner = await startProjection(store, projection, { ...fast, runtime, batchSize: 7 });
        subscriptions.push(runner.subscription);
        await runner.waitForPosition(appended, { timeoutMs: 10_000 });
        expect(await tables.get('balances', 'account-3')).toBe(19);
        const result = await store.append('account-3', events(1, 'Deposited', 100));
        await waitForProjection(store, 'balances', result, { timeoutMs: 10_000, runtime });
        expect(await tables.get('balances', 'account-3')).toBe(100);
        multiplier = 10;
        const rebuilt = await runner.rebuild();
        expect(rebuilt.applied).toBe(21);
        expect(rebuilt.builtTable).toMatch(/^balances_rebuild_/);
        expect(await tables.get('balances', 'account-3')).toBe(1_000);
        expect(await tables.get('balances', 'account-0')).toBe(160);
        expect(await tables.count('balances')).toBe(4);
        const after = await store.append('account-9', events(1, 'Deposited', 7));
        await runner.waitForPosition(after, { timeoutMs: 10_000 });
        expect(await tables.get('balances', 'account-9')).toBe(70);
        expect(await store.loadCheckpoint('balances')).toEqual({ transactionId: after.transactionId, position: after.position });
      });
    });

    it('delivers to a subscriber running during concurrent appends every event exactly once, in order', async () => {
      const { store } = await create();
      const seen: RecordedEvent[] = [];
      let last = START;
      const subscription = subscribe(store, { ...fast, runtime, id: 'concurrent', batchSize: 50, handler: (event) => void seen.push(event) });
      subscriptions.push(subscription);
      await Promise.all(
        Array.from({ length: 4 }, async (_, writer) => {
          for (let index = 0; index < 25; index++) {
            const stream = index % 2 === 0 ? 'shared-1' : `own-${writer}`;
            for (;;) {
              try {
                const result = await store.append(stream, events(3, `W${writer}`));
                if (compareCursors(result, last) > 0) last = result;
                break;
              } catch (error) {
                if (!(error instanceof ConcurrencyError)) throw error;
              }
            }
          }
        }),
      );
      await subscription.waitForPosition(last, { timeoutMs: 20_000 });
      await eventually(() => seen.length >= 300);
      expect(seen).toHaveLength(300);
      expect(new Set(seen.map((event) => event.id)).size).toBe(300);
      for (let index = 1; index < seen.length; index++) expect(compareCursors(seen[index] as RecordedEvent, seen[index - 1] as RecordedEvent)).toBeGreaterThan(0);
      const versions = new Map<string, number>();
      for (const event of seen) {
        expect(event.streamVersion).toBe((versions.get(event.streamId) ?? 0) + 1);
        versions.set(event.streamId, event.streamVersion);
      }
    });
  });
}
