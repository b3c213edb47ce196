// Issue 20, item 10: every event store (memory, SQLite, PostgreSQL) and subscription checks its
// options when it is built — a TypeError or RangeError naming the option and the value received —
// not later, when the option is first used.
import { describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../runtime/index.js';
import { MemoryEventStore } from './memory-event-store.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { Subscription } from './subscription.js';

const bad = (value: unknown): never => value as never;
const memory = (options: object) => new MemoryEventStore(bad(options));
const sqlite = (options: object) => new SqliteEventStore(bad({ filename: ':memory:', ...options }));
// No connection is made: the pool is lazy and every case throws before the first query.
const postgres = (options: object) => new PostgresEventStore(bad({ connectionString: 'postgres://127.0.0.1:1/none', ...options }));

describe('event store options checked at construction', () => {
  const shared: Array<[string, object, ErrorConstructor, RegExp]> = [
    ['runtime as a string', { runtime: 'system' }, TypeError, /Invalid option runtime: expected a Runtime.*received "system"/],
    ['runtime without a clock', { runtime: { setTimer: () => 0, sleep: async () => {} } }, TypeError, /Invalid option runtime/],
    ['maxEventBytes as a string', { maxEventBytes: '1024' }, TypeError, /Invalid option maxEventBytes: .*received "1024"/],
    ['maxEventBytes of 0', { maxEventBytes: 0 }, RangeError, /Invalid option maxEventBytes: .*received 0/],
    ['upcasters as a function', { upcasters: () => 1 }, TypeError, /Invalid option upcasters: .*received function/],
    ['an upcast step that is not a function', { upcasters: { Deposited: { 1: 'v2' } } }, TypeError, /Invalid option upcasters\.Deposited\.1: expected a function, received "v2"/],
    ['inlineProjections not a list', { inlineProjections: { name: 'p' } }, TypeError, /Invalid option inlineProjections: .*received \{"name":"p"\}/],
    ['an inline projection without handle', { inlineProjections: [{ name: 'p' }] }, TypeError, /Invalid option inlineProjections\[0\]: .*received \{"name":"p"\}/],
  ];
  for (const [store, build] of [['MemoryEventStore', memory], ['SqliteEventStore', sqlite], ['PostgresEventStore', postgres]] as const) {
    for (const [name, options, type, message] of shared) {
      it(`${store} refuses ${name}`, () => {
        expect(() => build(options)).toThrow(type);
        expect(() => build(options)).toThrow(message);
      });
    }
    it(`${store} refuses options that are not an object`, () => {
      expect(() => new (store === 'MemoryEventStore' ? MemoryEventStore : store === 'SqliteEventStore' ? SqliteEventStore : PostgresEventStore)(bad(5))).toThrow(/options of .*EventStore: expected an object, received 5/);
    });
  }

  const specific: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['SQLite filename as a number', () => new SqliteEventStore(bad({ filename: 5 })), TypeError, /Invalid option filename: expected a string, received 5/],
    ['SQLite database that is not a Database', () => new SqliteEventStore(bad({ database: 'db' })), TypeError, /Invalid option database: .*received "db"/],
    ['SQLite migrate as a string', () => sqlite({ migrate: 'no' }), TypeError, /Invalid option migrate: expected true or false, received "no"/],
    ['SQLite busyTimeoutMs as a string', () => sqlite({ busyTimeoutMs: '5' }), TypeError, /Invalid option busyTimeoutMs: .*received "5"/],
    ['SQLite cacheKiB below 64', () => sqlite({ cacheKiB: 1 }), RangeError, /Invalid option cacheKiB: .*received 1/],
    ['PostgreSQL connectionString as an object', () => new PostgresEventStore(bad({ connectionString: { host: 'x' } })), TypeError, /Invalid option connectionString: expected a string/],
    ['PostgreSQL pool that is not a Pool', () => new PostgresEventStore(bad({ pool: {} })), TypeError, /Invalid option pool: expected a pg Pool, received \{\}/],
    ['PostgreSQL notify as a string', () => postgres({ notify: 'false' }), TypeError, /Invalid option notify: expected true or false, received "false"/],
    ['PostgreSQL maxConnections as a string', () => postgres({ maxConnections: '10' }), TypeError, /Invalid option maxConnections: .*received "10"/],
  ];
  for (const [name, build, type, message] of specific) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }

  it('a store built with valid options still works (the checks are not a stub)', async () => {
    const store = new MemoryEventStore({ runtime: createSystemRuntime({ seed: 1 }), maxEventBytes: 1024, upcasters: { Deposited: { 1: (data) => data } }, inlineProjections: [] });
    await store.append('account-1', [{ type: 'Deposited', data: { amount: 1 } }]);
    expect((await store.readStream('account-1')).map((event) => event.type)).toEqual(['Deposited']);
    await store.close();
  });
});

describe('subscription options checked at construction', () => {
  const store = new MemoryEventStore();
  const handler = async () => {};
  const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['a store that is not a store', () => new Subscription(bad({}), { id: 's', handler }), TypeError, /Invalid option store/],
    ['eventTypes as a string', () => new Subscription(store, { id: 's', handler, eventTypes: bad('Deposited') }), TypeError, /Invalid option eventTypes: .*received "Deposited"/],
    ['category as a number', () => new Subscription(store, { id: 's', handler, category: bad(3) }), TypeError, /Invalid option category: expected a string, received 3/],
    ['from as a number', () => new Subscription(store, { id: 's', handler, from: bad(0) }), TypeError, /Invalid option from: .*received 0/],
    ['onError as a string', () => new Subscription(store, { id: 's', handler, onError: bad('log') }), TypeError, /Invalid option onError: expected a function, received "log"/],
    ['retry as a number', () => new Subscription(store, { id: 's', handler, retry: bad(3) }), TypeError, /options of retry: expected an object, received 3/],
    ['batchSize as a string', () => new Subscription(store, { id: 's', handler, batchSize: bad('5') }), RangeError, /Invalid option batchSize: .*received "5"/],
    ['runtime as a number', () => new Subscription(store, { id: 's', handler, runtime: bad(1) }), TypeError, /Invalid option runtime: .*received 1/],
  ];
  for (const [name, build, type, message] of cases) {
    it(`refuses ${name}`, () => {
      expect(build).toThrow(type);
      expect(build).toThrow(message);
    });
  }
});
