import { describeValue, invalidOption } from './errors.js';
import { systemRuntime, type Runtime } from './runtime/index.js';

/**
 * Checks of option values, made when a component is built (never later, when the option is first
 * used): a value of the wrong type is a `TypeError`, a number out of range a `RangeError`; both
 * name the option and the value received.
 */

/**
 * The `TypeError` for an option of the wrong type.
 *
 * @example
 * ```ts
 * throw wrongType('shouldRetry', true, 'a function');
 * // TypeError: Invalid option shouldRetry: expected a function, received true
 * ```
 */
export function wrongType(option: string, received: unknown, expected: string): TypeError {
  return new TypeError(`Invalid option ${option}: expected ${expected}, received ${describeValue(received)}`);
}

/**
 * `value` if it is a function or `undefined`, else a `TypeError`.
 *
 * @example
 * ```ts
 * const shouldRetry = optionalFunction('shouldRetry', options.shouldRetry);
 * ```
 */
export function optionalFunction<F extends (...args: never[]) => unknown>(option: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw wrongType(option, value, 'a function');
  return value;
}

/**
 * `value` if it is `undefined` or an object with every method named in `methods`, else a `TypeError`.
 *
 * @example
 * ```ts
 * optionalObjectWith('backoff', options.backoff, ['delayMs'], 'a Backoff (e.g. exponentialBackoff())');
 * ```
 */
export function optionalObjectWith<T>(option: string, value: T | undefined, methods: readonly string[], expected: string): T | undefined {
  if (value === undefined) return undefined;
  // A class with static methods (ORMap's `type: PNCounter`) qualifies as well as an object.
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || methods.some((method) => typeof (value as Record<string, unknown>)[method] !== 'function')) throw wrongType(option, value, expected);
  return value;
}

/** Bounds of {@link numberOption}. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** Whether `min` itself is refused. */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
  /** Whether `Infinity` is accepted (beyond `max`). */
  readonly infinity?: boolean;
}

/**
 * `value` (or `fallback` when it is `undefined`) checked: not a number is a `TypeError`; NaN,
 * out of `[min, max]` or not an integer when one is asked for is a `RangeError`.
 *
 * @example
 * ```ts
 * const openMs = numberOption('openMs', options.openMs, 10_000, { min: 0, max: 2 ** 31 - 1 });
 * ```
 */
export function numberOption(option: string, value: number | undefined, fallback: number, bounds: NumberBounds = {}): number {
  const number = value ?? fallback;
  const min = bounds.min ?? Number.NEGATIVE_INFINITY;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  const expected = `${bounds.integer === true ? 'an integer' : 'a number'} in ${bounds.exclusiveMin === true ? '(' : '['}${min}, ${max}]${bounds.infinity === true ? ' or Infinity' : ''}`;
  if (typeof number !== 'number') throw wrongType(option, value, expected);
  if (number === Number.POSITIVE_INFINITY && bounds.infinity === true) return number;
  const ok = !Number.isNaN(number) && (bounds.exclusiveMin === true ? number > min : number >= min) && number <= max && (bounds.integer !== true || Number.isSafeInteger(number));
  if (!ok) throw invalidOption(option, value, expected);
  return number;
}

/**
 * `value` if it is `undefined` or one of `allowed`, else a `RangeError` (a `TypeError` when not even
 * of the allowed values' type).
 *
 * @example
 * ```ts
 * oneOf('jitter', options.jitter, ['none', 'full', 'equal']);
 * ```
 */
export function oneOf<T extends string | boolean>(option: string, value: T | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || allowed.includes(value)) return value;
  const expected = allowed.map((item) => JSON.stringify(item)).join(', ');
  if (!allowed.some((item) => typeof item === typeof value)) throw wrongType(option, value, `one of ${expected}`);
  throw invalidOption(option, value, `one of ${expected}`);
}

/**
 * `options` if it is `undefined` or a plain object, else a `TypeError` (`retry(5)` instead of `retry({ maxAttempts: 5 })`).
 *
 * @example
 * ```ts
 * checkOptionsObject('retry', options);
 * ```
 */
export function checkOptionsObject(what: string, options: unknown): void {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) throw new TypeError(`Invalid options of ${what}: expected an object, received ${describeValue(options)}`);
}

/**
 * `value` if it is `undefined` or an object with every method named in `methods`, else a `TypeError`;
 * like {@link optionalObjectWith} for an option that must be given.
 *
 * @example
 * ```ts
 * const bus = requiredObjectWith('bus', options.bus, ['publish', 'subscribe'], 'a MessageBus');
 * ```
 */
export function requiredObjectWith<T>(option: string, value: T | undefined, methods: readonly string[], expected: string): T {
  if (value === undefined) throw wrongType(option, value, expected);
  return optionalObjectWith(option, value, methods, expected) as T;
}

/**
 * `value` if it is a string or `undefined`, else a `TypeError`; an empty string is a `RangeError`
 * unless `allowEmpty`.
 *
 * @example
 * ```ts
 * const channel = optionalString('channel', options.channel) ?? 'pacelc:cache:invalidations';
 * ```
 */
export function optionalString(option: string, value: string | undefined, allowEmpty = false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw wrongType(option, value, 'a string');
  if (!allowEmpty && value === '') throw invalidOption(option, value, 'a non-empty string');
  return value;
}

/**
 * `value` if it is a boolean or `undefined`, else a `TypeError` (`migrate: 'no'` is not `false`).
 *
 * @example
 * ```ts
 * const migrate = optionalBoolean('migrate', options.migrate) ?? true;
 * ```
 */
export function optionalBoolean(option: string, value: boolean | undefined): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw wrongType(option, value, 'true or false');
  return value;
}

/**
 * Checks that each named option of `options` is a boolean or absent (a `TypeError` naming the
 * first that is not): for option objects with several flags.
 *
 * @example
 * ```ts
 * booleanOptions(options, ['readRepair', 'sloppyQuorum']);
 * ```
 */
export function booleanOptions<O extends object>(options: O, names: readonly (keyof O & string)[]): void {
  for (const name of names) optionalBoolean(name, options[name] as boolean | undefined);
}

/**
 * `value` if it is `undefined` or an array whose every item passes `item`, else a `TypeError`
 * naming the option (and the first bad item's index).
 *
 * @example
 * ```ts
 * optionalArray('peers', options.peers, 'a list of replica ids', (peer) => typeof peer === 'string' && peer !== '');
 * ```
 */
export function optionalArray<T>(option: string, value: readonly T[] | undefined, expected: string, item: (value: unknown) => boolean = () => true): readonly T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw wrongType(option, value, expected);
  const bad = value.findIndex((element) => !item(element));
  if (bad >= 0) throw wrongType(`${option}[${bad}]`, value[bad], expected);
  return value;
}

/**
 * The `runtime` option checked (an object with `setTimer`, `sleep` and a `clock`), or
 * `systemRuntime()` when it is `undefined`.
 *
 * @example
 * ```ts
 * this.runtime = runtimeOption(options.runtime);
 * ```
 */
export function runtimeOption(value: Runtime | undefined): Runtime {
  const expected = 'a Runtime (systemRuntime(), ManualRuntime)';
  const runtime = optionalObjectWith('runtime', value, ['setTimer', 'sleep'], expected);
  if (runtime === undefined) return systemRuntime();
  if (typeof runtime.clock !== 'object' || runtime.clock === null || typeof runtime.clock.nowMs !== 'function') throw wrongType('runtime', value, expected);
  return runtime;
}
