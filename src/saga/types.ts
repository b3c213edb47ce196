/** Why a saga is rolling back (or rolled back). */
export type SagaFailure =
  | { readonly kind: 'step-failed'; readonly step: string; readonly error: string }
  | { readonly kind: 'step-deadline'; readonly step: string }
  | { readonly kind: 'saga-deadline' }
  | { readonly kind: 'cancelled'; readonly note: string };

/**
 * Where a saga is. A discriminated union on `status`; the orchestrator persists each change
 * before it acts on it.
 *
 * - `running`: `stage` is the index of the stage being run; `started` lists every step whose action
 *   has been (or is being) called, in start order; `completed` those whose action returned.
 * - `compensating`: `pending` lists the steps still to compensate, next first (reverse start order).
 * - `compensation-failed`: a compensation kept failing; the saga waits for `retry` or `abandon`.
 *
 * @example
 * ```ts
 * function describe(state: SagaState): string {
 *   switch (state.status) {
 *     case 'running': return `at stage ${state.stage}`;
 *     case 'compensating': return `undoing ${state.pending.join(', ')}`;
 *     case 'completed': return 'done';
 *     case 'compensated': return `rolled back (${state.reason.kind})`;
 *     case 'compensation-failed': return `stuck undoing ${state.step}`;
 *     case 'abandoned': return 'abandoned';
 *   }
 * }
 * ```
 */
export type SagaState =
  | { readonly status: 'running'; readonly stage: number; readonly started: readonly string[]; readonly completed: readonly string[] }
  | { readonly status: 'compensating'; readonly reason: SagaFailure; readonly pending: readonly string[]; readonly compensated: readonly string[] }
  | { readonly status: 'completed' }
  | { readonly status: 'compensated'; readonly reason: SagaFailure; readonly compensated: readonly string[] }
  | { readonly status: 'compensation-failed'; readonly reason: SagaFailure; readonly step: string; readonly error: string; readonly pending: readonly string[]; readonly compensated: readonly string[] }
  | { readonly status: 'abandoned'; readonly reason: SagaFailure | undefined; readonly note: string; readonly pending: readonly string[] };

/**
 * Every status a saga can be in.
 *
 * @example
 * ```ts
 * const inFlight: SagaStatus[] = ['running', 'compensating'];
 * ```
 */
export type SagaStatus = SagaState['status'];

/**
 * The statuses the orchestrator resumes after a restart.
 *
 * @example
 * ```ts
 * await store.list({ statuses: IN_FLIGHT_STATUSES });
 * ```
 */
export const IN_FLIGHT_STATUSES: readonly SagaStatus[] = ['running', 'compensating'];
/**
 * Every status, in lifecycle order.
 *
 * @example
 * ```ts
 * for (const status of SAGA_STATUSES) console.log(status, counts.byStatus[status]);
 * ```
 */
export const SAGA_STATUSES: readonly SagaStatus[] = ['running', 'compensating', 'completed', 'compensated', 'compensation-failed', 'abandoned'];

/**
 * One saga instance as the store keeps it. `version` counts the transitions written (1 after
 * creation) and is the optimistic-concurrency token.
 *
 * @example
 * ```ts
 * const record = await store.load('order-42');
 * if (record?.state.status === 'completed') console.log(record.outputs);
 * ```
 */
export interface SagaRecord {
  readonly id: string;
  /** The definition's name. */
  readonly name: string;
  readonly input: unknown;
  readonly state: SagaState;
  /** What each completed action returned (JSON), by step name. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /** Wall-clock time by which the whole saga must complete, or undefined. */
  readonly deadlineAtMs: number | undefined;
}

/**
 * A durable timer: a row with a due time, fired by the orchestrator's poller (it survives a
 * restart). `name` is `saga` for the whole-saga deadline or `step:<step>` for a step's.
 *
 * @example
 * ```ts
 * const timer: SagaTimer = { sagaId: 'order-42', name: 'step:pay', dueAtMs: 1_700_000_000_000 };
 * ```
 */
export interface SagaTimer {
  readonly sagaId: string;
  readonly name: string;
  readonly dueAtMs: number;
}

/**
 * A saga whose compensation kept failing, parked for a person to look at.
 *
 * @example
 * ```ts
 * for (const letter of await store.deadLetters()) console.log(letter.sagaId, letter.step, letter.error);
 * ```
 */
export interface SagaDeadLetter {
  readonly sagaId: string;
  readonly step: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAtMs: number;
}

/**
 * One atomic change to a saga: the new record (its version one above `expectedVersion`; 0 means
 * create) and the timers and dead letter written with it.
 *
 * @example
 * ```ts
 * await store.commit({ record: next, expectedVersion: record.version, clearTimers: ['step:pay'] });
 * ```
 */
export interface SagaTransition {
  readonly record: SagaRecord;
  readonly expectedVersion: number;
  readonly setTimers?: readonly SagaTimer[];
  /** Timer names of this saga to delete; `'*'` deletes all of them. */
  readonly clearTimers?: readonly string[];
  /** Park (a letter) or release (`null`) the saga's dead letter. */
  readonly deadLetter?: SagaDeadLetter | null;
}

/**
 * What {@link SagaStore.list} selects, newest update last.
 *
 * @example
 * ```ts
 * await store.list({ statuses: ['running'], updatedBeforeMs: nowMs - 60_000, limit: 100 });
 * ```
 */
export interface SagaQuery {
  readonly statuses?: readonly SagaStatus[];
  readonly name?: string;
  /** Only sagas whose last transition is older than this (wall-clock ms): stuck ones. */
  readonly updatedBeforeMs?: number;
  /** At most this many (1..10,000). Default 100. */
  readonly limit?: number;
  /** Page on: ids greater than this. */
  readonly afterId?: string;
}

/**
 * Counts by status, and the dead letters waiting.
 *
 * @example
 * ```ts
 * const { byStatus, deadLetters } = await store.counts();
 * ```
 */
export interface SagaCounts {
  readonly byStatus: Readonly<Record<SagaStatus, number>>;
  readonly deadLetters: number;
}
