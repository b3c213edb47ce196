// Test support (not shipped): where the real services are, and whether a test may skip without them.
import { connect } from 'node:net';
import { systemRuntime } from '../runtime/index.js';

export type ServiceName = 'postgres' | 'redis' | 'nats';

export interface ServiceAddress {
  readonly name: ServiceName;
  readonly host: string;
  readonly port: number;
  /** A connection URL for the service's client. */
  readonly url: string;
}

/** The address of a service, from the environment or the local standard port. */
export function serviceAddress(name: ServiceName): ServiceAddress {
  const environment = process.env;
  switch (name) {
    case 'postgres': {
      const url = environment.PACELC_POSTGRES_URL ?? environment.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
      const parsed = new URL(url);
      return { name, host: parsed.hostname, port: Number(parsed.port || 5432), url };
    }
    case 'redis': {
      const url = environment.PACELC_REDIS_URL ?? 'redis://127.0.0.1:6379';
      const parsed = new URL(url);
      return { name, host: parsed.hostname, port: Number(parsed.port || 6379), url };
    }
    case 'nats': {
      const url = environment.PACELC_NATS_URL ?? 'nats://127.0.0.1:4222';
      const parsed = new URL(url);
      return { name, host: parsed.hostname, port: Number(parsed.port || 4222), url };
    }
  }
}

/** Whether a TCP connection to the address opens within `timeoutMs`. */
export function isReachable(address: { host: string; port: number }, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    const finish = (reachable: boolean): void => {
      timer.cancel();
      socket.destroy();
      resolve(reachable);
    };
    // The wait goes through the runtime's timers, like every other wait in src/.
    const timer = systemRuntime().setTimer(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** True when CI demands every service (`PACELC_REQUIRE_SERVICES=1`): absence is then a failure. */
export function servicesRequired(): boolean {
  return process.env.PACELC_REQUIRE_SERVICES === '1';
}

/**
 * Looks for a service before a test file runs. Present: its address. Absent: a loud warning and
 * `undefined` (use `describe.skipIf(!address)`), or, under PACELC_REQUIRE_SERVICES=1, an error
 * that fails the file.
 *
 * @example
 * ```ts
 * const postgres = await findService('postgres');
 * describe.skipIf(!postgres)('PostgreSQL event store', () => { ... });
 * ```
 */
export async function findService(name: ServiceName): Promise<ServiceAddress | undefined> {
  const address = serviceAddress(name);
  if (await isReachable(address)) return address;
  const message = `${name} is not reachable at ${address.host}:${address.port}`;
  if (servicesRequired()) throw new Error(`${message}, and PACELC_REQUIRE_SERVICES=1 requires it.`);
  console.warn(`\n⚠️  SKIPPING ${name} tests: ${message}. Set PACELC_REQUIRE_SERVICES=1 to make this a failure.\n`);
  return undefined;
}
