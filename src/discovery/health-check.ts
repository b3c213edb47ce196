import { request as httpRequest } from 'node:http';
import { checkOptionsObject, optionalString } from '../options.js';
import { invalidOption } from '../errors.js';
import { connect } from 'node:net';
import type { Runtime } from '../runtime/index.js';
import type { ServiceInstance } from './instance.js';

/**
 * One probe of an instance's health: resolves when healthy, rejects (with the reason) when not.
 * It must stop when `signal` aborts (the runner aborts it at its timeout).
 *
 * @example
 * ```ts
 * const check: HealthCheck = { name: 'db', run: async () => { await pool.query('select 1'); } };
 * ```
 */
export interface HealthCheck {
  readonly name: string;
  run(instance: ServiceInstance, signal: AbortSignal): Promise<void>;
}

/**
 * Healthy when `GET http://host:port<path>` answers 2xx (Consul's HTTP check).
 *
 * @example
 * ```ts
 * httpCheck({ path: '/healthz' })
 * ```
 */
export function httpCheck(options: { readonly path?: string; readonly host?: string } = {}): HealthCheck {
  checkOptionsObject('httpCheck', options);
  optionalString('host', options.host);
  const path = optionalString('path', options.path) ?? '/health';
  if (!path.startsWith('/')) throw invalidOption('path', options.path, 'a path starting with "/"');
  return {
    name: `http ${path}`,
    run: (instance, signal) =>
      new Promise<void>((resolve, reject) => {
        const outgoing = httpRequest({ host: options.host ?? instance.host, port: instance.port, path, method: 'GET', signal }, (response) => {
          response.resume();
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`GET ${path} answered ${status}`));
        });
        outgoing.on('error', reject);
        outgoing.end();
      }),
  };
}

/**
 * Healthy when a TCP connection to the instance's port opens.
 *
 * @example
 * ```ts
 * tcpCheck()
 * ```
 */
export function tcpCheck(): HealthCheck {
  return {
    name: 'tcp',
    run: (instance, signal) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host: instance.host, port: instance.port });
        const onAbort = (): void => {
          socket.destroy();
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        socket.once('connect', () => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          resolve();
        });
        socket.once('error', (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        });
      }),
  };
}

/**
 * Healthy when `probe` resolves to something other than `false` (a dependency check, a queue depth).
 *
 * @example
 * ```ts
 * functionCheck('queue', async () => queue.depth < 10_000)
 * ```
 */
export function functionCheck(name: string, probe: (signal: AbortSignal) => Promise<boolean | void>): HealthCheck {
  return {
    name,
    run: async (_instance, signal) => {
      if ((await probe(signal)) === false) throw new Error(`${name} reported unhealthy`);
    },
  };
}

/** Runs one probe with a timeout on the runtime's timers. */
export async function runWithTimeout(check: HealthCheck, instance: ServiceInstance, timeoutMs: number, runtime: Runtime): Promise<void> {
  const controller = new AbortController();
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = runtime.setTimer(timeoutMs, () => {
      const error = new Error(`${check.name} timed out after ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    });
  });
  try {
    await Promise.race([check.run(instance, controller.signal), timeout]);
  } finally {
    timer?.cancel();
  }
}
