/**
 * A refresh that never runs twice at once (internal). Calling it while a run is in progress asks
 * for one more run after that one and shares its promise, so a burst of change notifications costs
 * at most two reads, and the last read always starts after the last notification: a watcher never
 * stays on a set read before the latest change. Runs stop being repeated once `stopped()` is true.
 * `read` must not throw: a registry reports its own read failures.
 *
 * @example
 * ```ts
 * const refresh = coalescedRefresh(async () => deliver(await registry.instances('orders')), () => closed);
 * for await (const _change of changes) void refresh(); // ten changes in a burst: two reads
 * ```
 */
export function coalescedRefresh(read: () => Promise<void>, stopped: () => boolean): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return async () => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await read();
      } while (again && !stopped());
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  };
}
