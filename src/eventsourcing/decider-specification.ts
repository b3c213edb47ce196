import { deepStrictEqual } from 'node:assert/strict';
import { type Decider, type DomainEvent, decisions, replay } from './decider.js';

/**
 * The `then` step of a Given/When/Then specification.
 *
 * @example
 * ```ts
 * spec.given(history).when(command).then([{ type: 'MoneyDeposited', data: { amountCents: 5 } }]);
 * ```
 */
export interface ThenStep<Event> {
  /** Asserts that the command produced exactly these events. */
  then(expected: readonly Event[]): void;
  /** Asserts that the command was rejected; `check` can test the error (return false to fail). */
  thenThrows(check?: (error: unknown) => boolean): void;
}

/**
 * Given/When/Then tests for a {@link Decider}, framework-agnostic (they throw `AssertionError`):
 * given past events, when a command, then these events (or an error).
 *
 * @example
 * ```ts
 * const spec = deciderSpecification(bankAccount);
 * spec.given([{ type: 'AccountOpened', data: { owner: 'ada' } }])
 *   .when({ type: 'Deposit', amount: 50 })
 *   .then([{ type: 'MoneyDeposited', data: { amount: 50 } }]);
 * spec.given([]).when({ type: 'Withdraw', amount: 1 }).thenThrows();
 * ```
 */
export function deciderSpecification<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command): ThenStep<Event> {
          const run = (): readonly Event[] => decisions(decider.decide(command, replay(decider, events)));
          return {
            then(expected) {
              deepStrictEqual([...run()], [...expected]);
            },
            thenThrows(check) {
              let produced: readonly Event[];
              try {
                produced = run();
              } catch (error) {
                if (check !== undefined && !check(error)) throw new Error(`The command threw, but not the expected error: ${String(error)}`, { cause: error });
                return;
              }
              throw new Error(`Expected the command to be rejected, but it produced ${JSON.stringify(produced)}`);
            },
          };
        },
      };
    },
  };
}
