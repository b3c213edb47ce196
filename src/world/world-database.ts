import { checkPublishSubject } from '../saga/message-bus.js';
import type { InboxOutcome, OutboxMessage, OutboxSource, OutgoingMessage } from '../saga/outbox.js';
import { DuplicateOutboxMessageError } from './world-errors.js';

/** What a process's database keeps across crashes: tables of JSON rows, the outbox, the inbox. */
export class DatabaseFiles {
  readonly tables = new Map<string, Map<string, string>>();
  readonly outbox: Array<OutboxMessage & { sentAtMs: number | undefined }> = [];
  readonly outboxIds = new Set<string>();
  readonly inbox = new Set<string>();
  nextSequence = 1;
  commits = 0;
}

/**
 * What a transaction's work receives: reads see the committed rows and this transaction's own
 * writes; writes and enqueued messages commit together, or not at all.
 *
 * @example
 * ```ts
 * await db.transaction((tx) => {
 *   tx.put('orders', order.id, order);
 *   tx.enqueue({ id: `${order.id}:placed`, subject: 'orders.placed', type: 'OrderPlaced', aggregateId: order.id, payload: order });
 * });
 * ```
 */
export interface WorldTransaction {
  get<T>(table: string, key: string): T | undefined;
  put(table: string, key: string, value: unknown): void;
  delete(table: string, key: string): void;
  /** Every row of a table, by key order. */
  scan<T>(table: string): Array<[string, T]>;
  /** Adds a message to the outbox (committed with the rest). An id already in the outbox rolls the transaction back. */
  enqueue(message: OutgoingMessage): string;
}

/** Read-only, synchronous view of what a process's database has committed: for invariants. */
export class DatabaseView {
  constructor(private readonly files: DatabaseFiles) {}

  /** The committed row, or undefined. */
  get<T>(table: string, key: string): T | undefined {
    const json = this.files.tables.get(table)?.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  /** Every committed row of a table, by key order. */
  rows<T>(table: string): Array<[string, T]> {
    const rows = this.files.tables.get(table);
    if (rows === undefined) return [];
    return [...rows.keys()].sort().map((key) => [key, JSON.parse(rows.get(key) as string) as T]);
  }

  /** How many rows a table holds. */
  count(table: string): number {
    return this.files.tables.get(table)?.size ?? 0;
  }

  /** Every message the outbox holds, sent or not, in commit order. */
  outbox(): ReadonlyArray<OutboxMessage & { readonly sentAtMs: number | undefined }> {
    return this.files.outbox;
  }
}

/** The world's storage clock: runs a read or commit after the storage latency, only if the process is still the one that asked. */
export interface StorageIo {
  io<T>(work: () => T | Promise<T>): Promise<T>;
  nowMs(): number;
  /** Whether the process incarnation that holds this handle is still running (default: always). */
  alive?(): boolean;
}

/**
 * A process's durable database in the simulated world: tables of JSON rows, a transactional
 * outbox (an {@link OutboxSource} for the library's `OutboxRelay`) and an inbox. A transaction
 * runs and commits atomically at its storage event: if the process crashes before, nothing of it
 * is kept; after, all of it survives the crash (the process may not have heard the commit).
 *
 * @example
 * ```ts
 * const db = p.database();
 * await db.transaction((tx) => tx.put('charges', key, { amount }));
 * const outcome = await db.inbox('shipping', message.id, (tx) => tx.put('shipments', orderId, {}));
 * ```
 */
export class WorldDatabase implements OutboxSource {
  readonly view: DatabaseView;

  constructor(
    private readonly files: DatabaseFiles,
    private readonly storage: StorageIo,
  ) {
    this.view = new DatabaseView(files);
  }

  /** Reads one row. */
  get<T>(table: string, key: string): Promise<T | undefined> {
    return this.storage.io(() => this.view.get<T>(table, key));
  }

  /** Reads every row of a table, by key order. */
  scan<T>(table: string): Promise<Array<[string, T]>> {
    return this.storage.io(() => this.view.rows<T>(table));
  }

  /**
   * Runs `work` against the database and commits its writes and messages atomically. `work` is
   * synchronous (as a SQLite transaction is); throwing rolls everything back.
   */
  transaction<T>(work: (tx: WorldTransaction) => T): Promise<T> {
    return this.storage.io(() => this.commit(work));
  }

  /**
   * Runs `work` once per (consumer, message id): the message id is recorded in the inbox in the
   * same transaction as `work`'s writes, so a redelivered message is a `duplicate` and nothing runs.
   */
  inbox<T>(consumer: string, messageId: string, work: (tx: WorldTransaction) => T): Promise<InboxOutcome<T>> {
    const key = `${consumer}\u0000${messageId}`;
    return this.storage.io(() => {
      if (this.files.inbox.has(key)) return { status: 'duplicate' as const };
      const result = this.commit(work, key);
      return { status: 'processed' as const, result };
    });
  }

  pending(limit: number): Promise<OutboxMessage[]> {
    return this.storage.io(() => {
      const out: OutboxMessage[] = [];
      for (const row of this.files.outbox) {
        if (row.sentAtMs !== undefined) continue;
        const { sentAtMs: _sent, ...message } = row;
        out.push(JSON.parse(JSON.stringify(message)) as OutboxMessage);
        if (out.length >= limit) break;
      }
      return out;
    });
  }

  markSent(sequences: readonly number[]): Promise<void> {
    const wanted = new Set(sequences);
    return this.storage.io(() => {
      for (const row of this.files.outbox) if (wanted.has(row.sequence) && row.sentAtMs === undefined) row.sentAtMs = this.storage.nowMs();
      this.files.commits++;
    });
  }

  unsentCount(): Promise<number> {
    return this.storage.io(() => this.files.outbox.filter((row) => row.sentAtMs === undefined).length);
  }

  private commit<T>(work: (tx: WorldTransaction) => T, inboxKey?: string): T {
    const writes = new Map<string, Map<string, string | undefined>>();
    const messages: Array<OutboxMessage & { sentAtMs: undefined }> = [];
    const ids = new Set<string>();
    const files = this.files;
    const written = (table: string): Map<string, string | undefined> => {
      let rows = writes.get(table);
      if (rows === undefined) writes.set(table, (rows = new Map()));
      return rows;
    };
    const tx: WorldTransaction = {
      get: <V>(table: string, key: string): V | undefined => {
        const own = writes.get(table);
        if (own?.has(key) === true) {
          const json = own.get(key);
          return json === undefined ? undefined : (JSON.parse(json) as V);
        }
        return this.view.get<V>(table, key);
      },
      put: (table, key, value) => void written(table).set(key, JSON.stringify(value ?? null)),
      delete: (table, key) => void written(table).set(key, undefined),
      scan: <V>(table: string): Array<[string, V]> => {
        const merged = new Map(files.tables.get(table) ?? []);
        for (const [key, json] of writes.get(table) ?? []) {
          if (json === undefined) merged.delete(key);
          else merged.set(key, json);
        }
        return [...merged.keys()].sort().map((key) => [key, JSON.parse(merged.get(key) as string) as V]);
      },
      enqueue: (message) => {
        checkPublishSubject(message.subject);
        const id = message.id ?? `${inboxKey ?? 'message'}:${files.nextSequence + messages.length}`;
        if (files.outboxIds.has(id) || ids.has(id)) throw new DuplicateOutboxMessageError(id);
        ids.add(id);
        messages.push({
          id,
          subject: message.subject,
          type: message.type,
          aggregateId: message.aggregateId,
          payload: JSON.parse(JSON.stringify(message.payload ?? null)) as unknown,
          headers: { ...message.headers },
          sequence: 0,
          createdAtMs: this.storage.nowMs(),
          sentAtMs: undefined,
        });
        return id;
      },
    };
    const result = work(tx);
    if (result instanceof Promise) throw new TypeError('a world transaction is synchronous: its work must not return a promise');
    // Commit: everything at once.
    for (const [table, rows] of writes) {
      let target = files.tables.get(table);
      if (target === undefined) files.tables.set(table, (target = new Map()));
      for (const [key, json] of rows) {
        if (json === undefined) target.delete(key);
        else target.set(key, json);
      }
    }
    for (const message of messages) {
      files.outbox.push({ ...message, sequence: files.nextSequence++ });
      files.outboxIds.add(message.id);
    }
    if (inboxKey !== undefined) files.inbox.add(inboxKey);
    files.commits++;
    return result;
  }
}
