/**
 * A FIFO async lock: `run(work)` waits for earlier work to finish, then runs. The queue is
 * bounded by its callers (each holds a pending promise).
 *
 * @example
 * ```ts
 * const mutex = new Mutex();
 * await Promise.all([mutex.run(async () => a()), mutex.run(async () => b())]); // b after a
 * ```
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
