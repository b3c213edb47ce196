import { PacelcError } from '../errors.js';

/**
 * Another writer changed the saga since it was read (or it already exists): the transition was
 * not written.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof SagaConflictError) return; } // someone else drives it
 * ```
 */
export class SagaConflictError extends PacelcError {
  constructor(
    readonly sagaId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      'SAGA_CONFLICT',
      expectedVersion === 0
        ? `saga ${JSON.stringify(sagaId)} already exists (at version ${actualVersion}): start it under a new id, or follow the existing one with wait(${JSON.stringify(sagaId)}) or inspect(${JSON.stringify(sagaId)})`
        : `saga ${JSON.stringify(sagaId)} is at version ${actualVersion}, not ${expectedVersion}: another orchestrator changed it since it was read; let that one drive it`,
      { outcome: 'definite' },
    );
  }
}

/**
 * No saga with this id, or no definition with this name.
 *
 * @example
 * ```ts
 * await orchestrator.inspect('nope').catch((error) => error.code); // 'SAGA_NOT_FOUND'
 * ```
 */
export class SagaNotFoundError extends PacelcError {
  constructor(what: string) {
    super('SAGA_NOT_FOUND', what, { outcome: 'definite' });
  }
}

/**
 * The operation does not apply to the saga in its current status (e.g. retrying a completed saga).
 *
 * @example
 * ```ts
 * await orchestrator.abandon('order-1').catch((error) => error.code); // 'SAGA_INVALID_STATE'
 * ```
 */
export class SagaStateError extends PacelcError {
  constructor(message: string) {
    super('SAGA_INVALID_STATE', message, { outcome: 'definite' });
  }
}

/**
 * The store was closed.
 *
 * @example
 * ```ts
 * await store.close(); await store.load('x').catch((error) => error.code); // 'SAGA_STORE_CLOSED'
 * ```
 */
export class SagaStoreClosedError extends PacelcError {
  constructor() {
    super('SAGA_STORE_CLOSED', 'the saga store is closed', { outcome: 'definite' });
  }
}

/**
 * A step or the whole saga passed its deadline: the abort reason given to the action's signal.
 *
 * @example
 * ```ts
 * signal.reason instanceof SagaDeadlineError; // true after a deadline
 * ```
 */
export class SagaDeadlineError extends PacelcError {
  constructor(readonly timer: string) {
    super('SAGA_DEADLINE', `deadline passed: ${timer}`, { outcome: 'unknown' });
  }
}

/**
 * Something a saga would have to store cannot be stored (a BigInt, a function, a cycle, a NUL
 * character or a lone surrogate in a string): its input at `start()`, a step's output (the step
 * then fails and the saga compensates), or a transition handed to a store. Nothing was written
 * for it; other sagas are not affected.
 *
 * @example
 * ```ts
 * await orchestrator.start('order', { id: 'o-1', input: { total: 5n } }).catch((error) => error.code); // 'SAGA_UNSTORABLE'
 * ```
 */
export class SagaUnstorableError extends PacelcError {
  constructor(
    readonly sagaId: string,
    readonly what: string,
    reason: string,
    options: { cause?: unknown } = {},
  ) {
    super('SAGA_UNSTORABLE', `saga ${JSON.stringify(sagaId)}: its ${what} cannot be stored: ${reason}`, { ...options, outcome: 'definite' });
  }
}

/**
 * The orchestrator was closed while a step or compensation was still running: it was aborted and
 * the saga paused where its last transition left it (`resume()` runs the step again, with the same
 * idempotency key). The abort reason given to the step's signal.
 *
 * @example
 * ```ts
 * signal.reason instanceof SagaOrchestratorClosedError; // true when close() gave up waiting
 * ```
 */
export class SagaOrchestratorClosedError extends PacelcError {
  constructor() {
    super('SAGA_ORCHESTRATOR_CLOSED', 'the saga orchestrator was closed while this step ran; the saga pauses and resumes later', { outcome: 'unknown' });
  }
}

/**
 * A message on the bus that is not a message this bus wrote (not JSON, or JSON without an id and
 * a type). It is parked — terminated on NATS with this text as the reason, so it is never
 * redelivered — and consumption goes on with the next message.
 *
 * @example
 * ```ts
 * await bus.subscribe({ consumer: 'payments', subjects: 'orders.*', handle, onPoison: (error) => log.warn(error.message, error.subject) });
 * ```
 */
export class BusPoisonMessageError extends PacelcError {
  constructor(
    readonly subject: string,
    readonly streamSequence: number,
    reason: string,
  ) {
    super('BUS_POISON_MESSAGE', `message ${streamSequence} on ${JSON.stringify(subject)} was parked: ${reason}`, { outcome: 'definite' });
  }
}
