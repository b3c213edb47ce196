import { invalidOption } from '../errors.js';
import type { RetryOptions } from '../resilience/index.js';

/**
 * What an action receives. `idempotencyKey` is `<sagaId>:<step>`: the same on every retry and
 * on every replay after a restart, so the service can recognise a repeat and not apply it twice.
 *
 * @example
 * ```ts
 * const charge: SagaStep<Order> = {
 *   name: 'charge',
 *   action: ({ input, idempotencyKey, signal }) => payments.charge(input.total, { idempotencyKey, signal }),
 * };
 * ```
 */
export interface SagaStepContext<Input> {
  readonly sagaId: string;
  readonly step: string;
  readonly idempotencyKey: string;
  readonly input: Input;
  /** What earlier steps' actions returned, by step name. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Aborts when the step's or the saga's deadline passes, or the saga is cancelled. */
  readonly signal: AbortSignal;
  /** 1 for the first try, then 2, 3, ... (within this process). */
  readonly attempt: number;
}

/**
 * What a compensation receives. `idempotencyKey` is `<sagaId>:<step>:compensate`. `output` is what
 * the action returned, or `undefined` when the action may or may not have run (it was in flight at
 * a crash, a deadline or a sibling's failure): a compensation must then undo whatever the action
 * with key `actionKey` did, or nothing, and a service should refuse that action key afterwards.
 *
 * @example
 * ```ts
 * compensate: ({ actionKey }) => inventory.release({ reservationKey: actionKey }),
 * ```
 */
export interface SagaCompensationContext<Input> extends SagaStepContext<Input> {
  /** The idempotency key the action used. */
  readonly actionKey: string;
  readonly output: unknown;
}

/**
 * One step of a saga: an action, an optional compensation, per-step retries (the resilience
 * module's retry) and an optional durable deadline.
 *
 * @example
 * ```ts
 * const reserve: SagaStep<Order> = {
 *   name: 'reserve',
 *   action: ({ input, idempotencyKey }) => inventory.reserve(input.sku, input.quantity, idempotencyKey),
 *   compensate: ({ actionKey }) => inventory.release(actionKey),
 *   retry: { maxAttempts: 3 },
 *   timeoutMs: 30_000,
 * };
 * ```
 */
export interface SagaStep<Input> {
  /** Unique in the saga: letters, digits, `_`, `-`, `.` (1..100 characters). */
  readonly name: string;
  /** Returns a JSON value kept as the step's output. Throwing (after retries) rolls the saga back. */
  readonly action: (context: SagaStepContext<Input>) => unknown;
  readonly compensate?: (context: SagaCompensationContext<Input>) => unknown;
  /** Retries of the action. Default: one try (no retry). */
  readonly retry?: Omit<RetryOptions, 'runtime'>;
  /** Retries of the compensation before the saga is parked as `compensation-failed`. Default: the orchestrator's. */
  readonly compensationRetry?: Omit<RetryOptions, 'runtime'>;
  /** Durable deadline of the step (from its start), in ms. Passing it rolls the saga back. */
  readonly timeoutMs?: number;
}

/**
 * A saga: stages run in order, each a step or an array of steps that run in parallel.
 *
 * @example
 * ```ts
 * const orderSaga = defineSaga<Order>()({ name: 'order', timeoutMs: 60_000, steps: [createOrder, [charge, reserve], confirm] });
 * ```
 */
export interface SagaDefinition<Input, Name extends string = string> {
  readonly name: Name;
  readonly steps: ReadonlyArray<SagaStep<Input> | ReadonlyArray<SagaStep<Input>>>;
  /** Durable deadline of the whole saga (from its start), in ms. */
  readonly timeoutMs?: number;
}

/** A checked definition, with its stages and steps indexed. */
export interface CompiledSaga<Input> {
  readonly name: string;
  readonly stages: ReadonlyArray<ReadonlyArray<SagaStep<Input>>>;
  readonly steps: ReadonlyMap<string, SagaStep<Input>>;
  readonly timeoutMs: number | undefined;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Checks a definition (names unique and well formed, at least one step, positive timeouts) and
 * returns it unchanged, typed by its input and its name. Give the input type and call the result
 * (`defineSaga<Order>()({...})`): the name is then kept as a literal type, so an orchestrator built
 * from the definition rejects, at compile time, a misspelt saga name or an input of the wrong
 * shape. `defineSaga<Order>({...})` works too, with the name typed as any `string`.
 *
 * @example
 * ```ts
 * export const orderSaga = defineSaga<Order>()({ name: 'order', steps: [reserve, charge] });
 * const orchestrator = new SagaOrchestrator({ store, definitions: [orderSaga] });
 * await orchestrator.run('order', { id: 'order-1', input: order }); // 'ordr', or a wrong input: compile errors
 * ```
 */
export function defineSaga<Input>(): <const Name extends string>(definition: SagaDefinition<Input, Name>) => SagaDefinition<Input, Name>;
export function defineSaga<Input, const Name extends string = string>(definition: SagaDefinition<Input, Name>): SagaDefinition<Input, Name>;
export function defineSaga<Input, Name extends string>(
  definition?: SagaDefinition<Input, Name>,
): SagaDefinition<Input, Name> | ((definition: SagaDefinition<Input, Name>) => SagaDefinition<Input, Name>) {
  const check = (given: SagaDefinition<Input, Name>): SagaDefinition<Input, Name> => {
    compileSaga(given);
    return given;
  };
  return definition === undefined ? check : check(definition);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySagaDefinition = SagaDefinition<any, string>;

/** The saga names of a list of definitions. */
export type SagaNameOf<Definitions extends ReadonlyArray<AnySagaDefinition>> = Definitions[number]['name'];

/** The input type of the definition named `Name` in a list of definitions. */
export type SagaInputOf<Definitions extends ReadonlyArray<AnySagaDefinition>, Name extends string> =
  Definitions[number] extends infer Definition ? (Definition extends SagaDefinition<infer Input, infer Named> ? (Name extends Named ? Input : never) : never) : never;

/** Compiles a definition (internal to the orchestrator). */
export function compileSaga<Input>(definition: SagaDefinition<Input>): CompiledSaga<Input> {
  if (!NAME.test(definition.name)) throw invalidOption('name', definition.name, 'a saga name of letters, digits, _, - and . (1..100 characters)');
  const stages = definition.steps.map((stage) => (Array.isArray(stage) ? [...(stage as ReadonlyArray<SagaStep<Input>>)] : [stage as SagaStep<Input>]));
  if (stages.length === 0 || stages.some((stage) => stage.length === 0)) throw invalidOption('steps', definition.steps, 'at least one stage, each with at least one step');
  const steps = new Map<string, SagaStep<Input>>();
  for (const step of stages.flat()) {
    if (typeof step.name !== 'string' || !NAME.test(step.name)) throw invalidOption('steps[].name', step.name, 'letters, digits, _, - and . (1..100 characters)');
    if (steps.has(step.name)) throw invalidOption('steps[].name', step.name, 'a name used by one step only');
    if (typeof step.action !== 'function') throw invalidOption(`steps.${step.name}.action`, step.action, 'a function');
    if (step.timeoutMs !== undefined && !(step.timeoutMs > 0 && Number.isFinite(step.timeoutMs))) throw invalidOption(`steps.${step.name}.timeoutMs`, step.timeoutMs, 'a finite number > 0');
    steps.set(step.name, step);
  }
  if (definition.timeoutMs !== undefined && !(definition.timeoutMs > 0 && Number.isFinite(definition.timeoutMs))) throw invalidOption('timeoutMs', definition.timeoutMs, 'a finite number > 0');
  return { name: definition.name, stages, steps, timeoutMs: definition.timeoutMs };
}
