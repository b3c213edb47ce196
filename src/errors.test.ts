import { describe, expect, it } from 'vitest';
import { AssertionError, assert, formatProblem, InputError, invalidOption, PacelcError } from './errors.js';

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
});
