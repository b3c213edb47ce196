/**
 * Resolves once every promise callback queued so far, and every one those queue in turn, has run:
 * a macrotask boundary. Virtual-time drivers (ManualRuntime, the simulated world) call it after
 * each event so that the code an event woke runs to its next wait before the next event.
 *
 * @example
 * ```ts
 * void Promise.resolve().then(() => log.push('woken'));
 * await settle(); // log: ['woken']
 * ```
 */
export function settle(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
