import type { SagaCounts, SagaDeadLetter, SagaQuery, SagaRecord, SagaTimer, SagaTransition } from './types.js';

/**
 * Where sagas, their durable timers and their dead letters live. One interface, three stores
 * (memory, SQLite, PostgreSQL), one contract suite (`saga-store.contract.ts`).
 *
 * @example
 * ```ts
 * const store: SagaStore = new MemorySagaStore();
 * const orchestrator = new SagaOrchestrator({ store, definitions: [orderSaga] });
 * ```
 */
export interface SagaStore {
  readonly kind: string;
  /**
   * Writes one transition atomically, only if the stored version is still `expectedVersion`
   * (0: the saga must not exist). Throws {@link SagaConflictError} otherwise.
   */
  commit(transition: SagaTransition): Promise<void>;
  load(id: string): Promise<SagaRecord | undefined>;
  /** Sagas matching the query, ordered by id. */
  list(query?: SagaQuery): Promise<SagaRecord[]>;
  /** Timers due at or before `nowMs`, earliest first, at most `limit`. */
  dueTimers(nowMs: number, limit: number): Promise<SagaTimer[]>;
  /** The timers of one saga. */
  timers(sagaId: string): Promise<SagaTimer[]>;
  deadLetters(limit?: number): Promise<SagaDeadLetter[]>;
  counts(): Promise<SagaCounts>;
  close(): Promise<void>;
}
