/**
 * The largest workload a simulation accepts, checked before anything is allocated: a run keeps
 * every operation's history and a name per key, so an absurd size (`--keys 1e9`, `--ops 1e12`)
 * would exhaust memory instead of failing. docs/simulate.md lists them; a test keeps it in step.
 *
 * @example
 * ```ts
 * if (keys > workloadBounds.keys) throw new RangeError(`keys: at most ${workloadBounds.keys}`);
 * ```
 */
export const workloadBounds = {
  /** Client operations in one run. */
  operations: 1_000_000,
  /** Concurrent clients. */
  clients: 10_000,
  /** Distinct keys. */
  keys: 100_000,
} as const;
