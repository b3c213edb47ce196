/**
 * Whether a failed operation certainly did not take effect (`definite`) or may have taken effect
 * (`unknown`, e.g. a timeout after the request was sent). An unknown outcome must be treated as
 * "maybe applied": retry it only if it is idempotent.
 */
export type Outcome = 'definite' | 'unknown';

/** The mark every copy of pacelc puts on its errors (a registered symbol: the same in every copy). */
const pacelcErrorBrand = Symbol.for('pacelc.error');

/** Options of {@link PacelcError}. */
export interface PacelcErrorOptions {
  /** The error that caused this one. */
  readonly cause?: unknown;
  /** Whether the failed operation certainly did not happen, or may have. */
  readonly outcome?: Outcome;
}

/**
 * The base of every operating error pacelc throws: a stable machine-readable `code`, the
 * `cause`, and, where it matters, whether the outcome is `definite` or `unknown`. Broken
 * invariants are not `PacelcError`s: they are assertion failures and crash.
 *
 * @example
 * ```ts
 * import { PacelcError } from 'pacelc/errors';
 * try {
 *   await store.append(stream, events, { expectedVersion: 3 });
 * } catch (error) {
 *   if (error instanceof PacelcError && error.code === 'CONCURRENCY_CONFLICT') retry();
 *   else throw error;
 * }
 * ```
 */
export class PacelcError extends Error {
  /**
   * `error instanceof SagaConflictError` also holds for the same class from another copy of pacelc
   * loaded in the same process (a tool's build beside an app's own, as when `pacelc simulate --app`
   * runs a world whose code imports the package's sources): matched by class name along the
   * prototype chain of an error that carries pacelc's brand. Without it, a library check such as
   * "re-register when the registry says the instance is unknown" silently never matches.
   */
  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if ((value as Record<symbol, unknown>)[pacelcErrorBrand] !== true) return false;
    for (let prototype: unknown = Object.getPrototypeOf(value); prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
      if ((prototype as { constructor?: { name?: unknown } }).constructor?.name === this.name) return true;
    }
    return false;
  }

  /** A stable identifier of the kind of error, in SCREAMING_SNAKE_CASE; safe to branch on. */
  readonly code: string;
  /** Whether the operation certainly did not take effect, or may have. Absent when it does not apply. */
  readonly outcome: Outcome | undefined;

  constructor(code: string, message: string, options: PacelcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.outcome = options.outcome;
    Object.defineProperty(this, pacelcErrorBrand, { value: true });
  }

  /** A plain object for logs and JSON output. */
  toJSON(): { name: string; code: string; message: string; outcome?: Outcome } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.outcome === undefined ? {} : { outcome: this.outcome }),
    };
  }
}

/**
 * An invariant that must hold; when it does not, the program is wrong and must stop (TigerStyle:
 * assertions crash, they are never caught and handled).
 *
 * @example
 * ```ts
 * assert(permits >= 0, `permits went negative: ${permits}`);
 * ```
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Thrown by {@link assert}: a bug in pacelc or in how it is used, never an operating error. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(`Assertion failed: ${message}`);
    this.name = 'AssertionError';
  }
}

/**
 * The `RangeError` for a bad option, naming the option, what was expected and what was received.
 *
 * @example
 * ```ts
 * if (!(options.timeoutMs > 0)) throw invalidOption('timeoutMs', options.timeoutMs, 'a number > 0');
 * // RangeError: Invalid option timeoutMs: expected a number > 0, received -5
 * ```
 */
export function invalidOption(option: string, received: unknown, expected: string): RangeError {
  return new RangeError(`Invalid option ${option}: expected ${expected}, received ${describeValue(received)}`);
}

/** A short, unambiguous rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Where in an input file a problem is: 1-based line and column, and the field path when known. */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The field, as a dotted path (`entities[2].consistency`). */
  readonly path?: string;
}

/** One thing wrong with an input, with where it is. */
export interface InputProblem extends InputLocation {
  /** What was expected and what was found, in one sentence. */
  readonly message: string;
  /** A likely intended value or field name, for typos. */
  readonly suggestion?: string;
}

/**
 * Bad input (a spec, a history, a scenario, command-line arguments): every problem found, each
 * with file, line, column and field, so a user can fix them all at once. The CLI prints them as
 * `file:line:col: message` and exits with code 2.
 *
 * @example
 * ```ts
 * throw new InputError([{ file: 'spec.yaml', line: 4, column: 3, path: 'system.regions', message: 'expected a list, found a number' }]);
 * ```
 */
export class InputError extends PacelcError {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[], options: PacelcErrorOptions = {}) {
    super('BAD_INPUT', problems.map(formatProblem).join('\n') || 'bad input', { ...options, outcome: 'definite' });
    this.problems = problems;
  }
}

/** `file:line:col: path: message (did you mean "x"?)`, leaving out the parts that are unknown. */
export function formatProblem(problem: InputProblem): string {
  const where = [problem.file, problem.line, problem.line === undefined ? undefined : problem.column]
    .filter((part) => part !== undefined)
    .join(':');
  const field = problem.path === undefined || problem.path === '' ? '' : `${problem.path}: `;
  const hint = problem.suggestion === undefined ? '' : ` (did you mean "${problem.suggestion}"?)`;
  return `${where === '' ? '' : `${where}: `}${field}${problem.message}${hint}`;
}
