import type { Runtime } from '../runtime/index.js';
import { TimeoutError } from './errors.js';

/**
 * `promise`, or a {@link TimeoutError} if it has not settled after `timeoutMs` (internal: bounds
 * every wait on a remote store, so a hung connection cannot hang a call).
 */
export function withDeadline<T>(promise: Promise<T>, timeoutMs: number, runtime: Runtime): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = runtime.setTimer(timeoutMs, () => reject(new TimeoutError(timeoutMs)));
    promise.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (error: unknown) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}
