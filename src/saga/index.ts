export type { SagaState, SagaStatus, SagaFailure, SagaRecord, SagaTimer, SagaDeadLetter, SagaTransition, SagaQuery, SagaCounts } from './types.js';
export { IN_FLIGHT_STATUSES, SAGA_STATUSES } from './types.js';
export { defineSaga, type SagaDefinition, type SagaStep, type SagaStepContext, type SagaCompensationContext } from './definition.js';
export type { SagaStore } from './saga-store.js';
export { MemorySagaStore } from './memory-saga-store.js';
export { SagaOrchestrator, type SagaOrchestratorOptions, type StartSagaOptions } from './orchestrator.js';
export { SagaConflictError, SagaNotFoundError, SagaStateError, SagaStoreClosedError, SagaDeadlineError } from './errors.js';
