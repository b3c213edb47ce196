import { describe, expect, it } from 'vitest';
import { AssertionError, assert, formatProblem, InputError, invalidOption, PacelcError } from './errors.js';
import { SagaConflictError } from './saga/errors.js';

describe('errors', () => {
  it('PacelcError carries a stable code, the cause and the outcome', () => {
    const cause = new Error('socket closed');
    const error = new PacelcError('TIMEOUT', 'no answer in 50 ms', { cause, outcome: 'unknown' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PacelcError');
    expect(error.code).toBe('TIMEOUT');
    expect(error.cause).toBe(cause);
    expect(error.outcome).toBe('unknown');
    expect(error.toJSON()).toEqual({ name: 'PacelcError', code: 'TIMEOUT', message: 'no answer in 50 ms', outcome: 'unknown' });
  });

  it('subclasses keep their own name', () => {
    class BrokenCircuitError extends PacelcError {}
    expect(new BrokenCircuitError('OPEN', 'open').name).toBe('BrokenCircuitError');
  });

  it('invalidOption names the option, the expectation and the value received', () => {
    const error = invalidOption('timeoutMs', -5, 'a number > 0');
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('Invalid option timeoutMs: expected a number > 0, received -5');
    expect(invalidOption('name', 'x', 'a word').message).toContain('received "x"');
    expect(invalidOption('list', { a: 1 }, 'an array').message).toContain('received {"a":1}');
  });

  it('assert crashes with an AssertionError', () => {
    expect(() => assert(1 + 1 === 3, 'arithmetic')).toThrow(AssertionError);
    expect(() => assert(true, 'fine')).not.toThrow();
  });

  it('InputError lists every problem with its location', () => {
    const error = new InputError([
      { file: 'a.yaml', line: 2, column: 7, path: 'system.regions', message: 'expected a list, found a number' },
      { path: 'calls[0]', message: 'missing timeoutMs' },
    ]);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message.split('\n')).toEqual(['a.yaml:2:7: system.regions: expected a list, found a number', 'calls[0]: missing timeoutMs']);
    expect(formatProblem({ message: 'bad', file: 'f', suggestion: 'good' })).toBe('f: bad (did you mean "good"?)');
  });

  it('instanceof recognises the same error class from another copy of pacelc, and only that class', async () => {
    // A second copy of the modules, as when two builds of pacelc are loaded in one process.
    const copyOf = (path: string): Promise<unknown> => import(/* @vite-ignore */ `${new URL(path, import.meta.url).href}?second-copy`);
    const other = (await copyOf('./errors.ts')) as typeof import('./errors.js');
    const otherSaga = (await copyOf('./saga/errors.ts')) as typeof import('./saga/errors.js');
    expect(other.PacelcError).not.toBe(PacelcError);
    expect(otherSaga.SagaConflictError).not.toBe(SagaConflictError);

    expect(new other.PacelcError('X', 'from the other copy')).toBeInstanceOf(PacelcError);
    const conflict = new otherSaga.SagaConflictError('trip-1', 0, 4);
    expect(conflict instanceof SagaConflictError && conflict.actualVersion).toBe(4);
    expect(conflict).toBeInstanceOf(PacelcError);
    expect(new otherSaga.SagaDeadlineError('payment')).not.toBeInstanceOf(SagaConflictError);
    // A lookalike without pacelc's brand is not one.
    class SagaConflictLookalike extends Error {}
    Object.defineProperty(SagaConflictLookalike, 'name', { value: 'SagaConflictError' });
    expect(new SagaConflictLookalike('x')).not.toBeInstanceOf(SagaConflictError);
    expect(PacelcError[Symbol.hasInstance](null)).toBe(false);
  });
});
