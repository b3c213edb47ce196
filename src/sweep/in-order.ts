/**
 * Hands results on in job order, whatever order they finish in: a result waits until every
 * earlier one has arrived. Holds only the results that arrived early (a sweep bounds how far
 * ahead of the next one it lets jobs run, so this stays small). A second result for an index
 * (a redelivered job) is ignored.
 *
 * @example
 * ```ts
 * const order = new InOrder<string>();
 * order.add(1, 'b'); // []
 * order.add(0, 'a'); // ['a', 'b']
 * ```
 */
export class InOrder<Result> {
  private readonly early = new Map<number, Result>();
  private nextIndex = 0;

  /** The index of the next result to hand on (= how many were handed on). */
  get next(): number {
    return this.nextIndex;
  }

  /** How many results wait for an earlier one. */
  get waiting(): number {
    return this.early.size;
  }

  /** Adds the result of job `index` and returns the results now ready, in order. */
  add(index: number, result: Result): Result[] {
    if (index < this.nextIndex || this.early.has(index)) return [];
    this.early.set(index, result);
    const ready: Result[] = [];
    while (this.early.has(this.nextIndex)) {
      ready.push(this.early.get(this.nextIndex) as Result);
      this.early.delete(this.nextIndex);
      this.nextIndex++;
    }
    return ready;
  }
}
