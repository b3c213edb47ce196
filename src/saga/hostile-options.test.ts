// Issue 20, item 10: saga stores, outboxes, inboxes, the outbox relay and the buses check their
// options when they are built — a TypeError or RangeError naming the option and the value received.
import { describe, expect, it } from 'vitest';
import { MemoryMessageBus } from './memory-message-bus.js';
import { MemorySagaStore } from './memory-saga-store.js';
import { SagaOrchestrator } from './orchestrator.js';
import { JetStreamBus } from './nats/jetstream-bus.js';
import { OutboxRelay } from './outbox-relay.js';
import { PostgresInbox, PostgresOutbox } from './postgres/postgres-outbox.js';
import { PostgresSagaStore } from './postgres/postgres-saga-store.js';
import { SqliteInbox, SqliteOutbox } from './sqlite/sqlite-outbox.js';
import { SqliteSagaStore } from './sqlite/sqlite-saga-store.js';

const bad = (value: unknown): never => value as never;
// No connection is made: every case is refused before the first query.
const pg = 'postgres://127.0.0.1:1/none';

describe('saga options checked at construction', () => {
  const outbox = new SqliteOutbox({ filename: ':memory:' });
  const bus = new MemoryMessageBus();
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['SqliteSagaStore options not an object', () => new SqliteSagaStore(bad('x.db')), TypeError, /options of SqliteSagaStore: expected an object, received "x.db"/],
    ['SqliteSagaStore filename as a number', () => new SqliteSagaStore(bad({ filename: 5 })), TypeError, /Invalid option filename: expected a string, received 5/],
    ['SqliteSagaStore database that is not a Database', () => new SqliteSagaStore(bad({ database: {} })), TypeError, /Invalid option database: .*received \{\}/],
    ['SqliteSagaStore migrate as a string', () => new SqliteSagaStore(bad({ filename: ':memory:', migrate: 'no' })), TypeError, /Invalid option migrate: expected true or false, received "no"/],
    ['SqliteSagaStore runtime as a string', () => new SqliteSagaStore(bad({ filename: ':memory:', runtime: 'system' })), TypeError, /Invalid option runtime: .*received "system"/],
    ['SqliteSagaStore busyTimeoutMs as a string', () => new SqliteSagaStore(bad({ filename: ':memory:', busyTimeoutMs: '10' })), TypeError, /Invalid option busyTimeoutMs: .*received "10"/],
    ['SqliteOutbox runtime as a number', () => new SqliteOutbox(bad({ filename: ':memory:', runtime: 1 })), TypeError, /Invalid option runtime: .*received 1/],
    ['SqliteInbox busyTimeoutMs negative', () => new SqliteInbox(bad({ filename: ':memory:', busyTimeoutMs: -1 })), RangeError, /Invalid option busyTimeoutMs: .*received -1/],
    ['PostgresSagaStore pool that is not a Pool', () => new PostgresSagaStore(bad({ pool: 'pool' })), TypeError, /Invalid option pool: expected a pg Pool, received "pool"/],
    ['PostgresSagaStore connectionString as a number', () => new PostgresSagaStore(bad({ connectionString: 5432 })), TypeError, /Invalid option connectionString: expected a string, received 5432/],
    ['PostgresSagaStore maxConnections as a string', () => new PostgresSagaStore(bad({ connectionString: pg, maxConnections: '10' })), TypeError, /Invalid option maxConnections: .*received "10"/],
    ['PostgresSagaStore runtime as a string', () => new PostgresSagaStore(bad({ connectionString: pg, runtime: 'x' })), TypeError, /Invalid option runtime: .*received "x"/],
    ['OutboxRelay without an outbox', () => new OutboxRelay(bad({ bus })), TypeError, /Invalid option outbox: .*received undefined/],
    ['OutboxRelay bus that is not a bus', () => new OutboxRelay(bad({ outbox, bus: 'nats' })), TypeError, /Invalid option bus: .*received "nats"/],
    ['OutboxRelay pollIntervalMs as a string', () => new OutboxRelay(bad({ outbox, bus, pollIntervalMs: '100' })), TypeError, /Invalid option pollIntervalMs: .*received "100"/],
    ['OutboxRelay batchSize of 0', () => new OutboxRelay(bad({ outbox, bus, batchSize: 0 })), RangeError, /Invalid option batchSize: .*received 0/],
    ['OutboxRelay onError as a string', () => new OutboxRelay(bad({ outbox, bus, onError: 'log' })), TypeError, /Invalid option onError: expected a function, received "log"/],
    ['SagaOrchestrator a store that is not a store', () => new SagaOrchestrator(bad({ store: 5, definitions: [] })), TypeError, /Invalid option store: .*received 5/],
    ['SagaOrchestrator without definitions', () => new SagaOrchestrator(bad({ store: new MemorySagaStore() })), TypeError, /Invalid option definitions: .*received undefined/],
    ['SagaOrchestrator runtime as a string', () => new SagaOrchestrator(bad({ store: new MemorySagaStore(), definitions: [], runtime: 'x' })), TypeError, /Invalid option runtime: .*received "x"/],
    ['MemoryMessageBus maxMessages as a string', () => new MemoryMessageBus(bad({ maxMessages: '5' })), TypeError, /Invalid option maxMessages: .*received "5"/],
    ['MemoryMessageBus runtime as a boolean', () => new MemoryMessageBus(bad({ runtime: true })), TypeError, /Invalid option runtime: .*received true/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  const asyncCases: Array<[string, () => Promise<unknown>, ErrorConstructor, RegExp]> = [
    ['PostgresOutbox runtime as a string', () => PostgresOutbox.create(bad({ connectionString: pg, runtime: 'x' })), TypeError, /Invalid option runtime: .*received "x"/],
    ['PostgresInbox pool that is not a Pool', () => PostgresInbox.create(bad({ pool: {} })), TypeError, /Invalid option pool: .*received \{\}/],
    ['JetStreamBus without a connection', () => JetStreamBus.create(bad({ stream: 'S' })), TypeError, /Invalid option connection: .*received undefined/],
    ['JetStreamBus stream as a number', () => JetStreamBus.create(bad({ connection: { jetstream: () => 0, jetstreamManager: () => 0 }, stream: 5 })), RangeError, /Invalid option stream: .*received 5/],
    ['JetStreamBus ackWaitMs as a string', () => JetStreamBus.create(bad({ connection: { jetstream: () => 0, jetstreamManager: () => 0 }, stream: 'S', ackWaitMs: '30000' })), TypeError, /Invalid option ackWaitMs: .*received "30000"/],
  ];
  for (const [name, build, type, message] of asyncCases) {
    it(`refuses ${name}`, async () => {
      await expect(build()).rejects.toThrow(type);
      await expect(build()).rejects.toThrow(message);
    });
  }

  it('a relay built with valid options still relays (the checks are not a stub)', async () => {
    outbox.transaction(({ enqueue }) => enqueue({ subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o-1', payload: { id: 'o-1' } }));
    const relay = new OutboxRelay({ outbox, bus, batchSize: 10, pollIntervalMs: 50 });
    expect(await relay.relayOnce()).toBe(1);
    expect(bus.messages.map((message) => message.type)).toEqual(['OrderPlaced']);
  });
});
