/**
 * The exit codes of every `pacelc` command.
 *
 * @example
 * ```sh
 * pacelc check history.jsonl --model register; echo $?  # 0 holds, 1 violated, 2 bad input, 3 undecided
 * ```
 */
export const ExitCode = {
  /** Success; for checks, the property holds. */
  ok: 0,
  /** The checked property does not hold (a counterexample was printed). */
  violated: 1,
  /** Bad input or usage: a helpful message, no stack trace. */
  badInput: 2,
  /** Undecided: a budget (time, steps, memory) ran out before a verdict. */
  undecided: 3,
  /** A bug in pacelc: the message and stack are printed; please report it. */
  internalError: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
