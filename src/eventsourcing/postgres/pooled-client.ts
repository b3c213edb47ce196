import type { Pool, PoolClient } from 'pg';
import { StoreClosedError, StoreUnavailableError } from '../errors.js';

/** An error PostgreSQL sent with an SQLSTATE (`23505`, `57P01`, ...). */
export function isServerError(error: unknown): error is Error & { code: string; constraint?: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * A broken or refused connection: a socket error (`ECONNRESET`, ...), the connection ending under
 * a query, or the server ending the session (`57P01` admin shutdown / `pg_terminate_backend`,
 * `57P02`, `57P03`, class `08` connection exceptions). Not an SQL error, not the caller's own error.
 */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || /^57P0[123]$/.test(code) || code.startsWith('08'))) return true;
  return !isServerError(error) && /Connection terminated|connection error|not queryable|Connection closed/i.test(error.message);
}

/** Options of {@link withPooledClient}. */
export interface PooledClientOptions {
  /** Whether the owner was closed (a failed checkout is then {@link StoreClosedError}). */
  readonly closed?: () => boolean;
  /** What the client is used for, for messages (`PostgreSQL saga store`). */
  readonly what?: string;
}

/**
 * Checks a client out of `pool`, runs `work` with it and gives it back. The client carries an
 * `'error'` listener while it is checked out: pg emits `'error'` on a client whose connection breaks
 * (`pg_terminate_backend`, a reset, the server closing it) and, unheard, that event ends the process.
 * A lost connection becomes a {@link StoreUnavailableError} — `definite` when no client could be had,
 * `unknown` once work was sent — and the broken client is destroyed, so the pool stays healthy.
 *
 * @example
 * ```ts
 * const rows = await withPooledClient(pool, (client) => client.query('SELECT 1'), { what: 'PostgreSQL event store' });
 * ```
 */
export async function withPooledClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, options: PooledClientOptions = {}): Promise<T> {
  const what = options.what ?? 'PostgreSQL';
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    if (options.closed?.() === true) throw new StoreClosedError();
    throw new StoreUnavailableError(`${what}: cannot connect to PostgreSQL: ${(error as Error).message}; nothing was done`, { cause: error, outcome: 'definite' });
  }
  let lost: Error | undefined;
  const onError = (error: Error): void => {
    lost ??= error;
  };
  client.on('error', onError);
  let broken = false;
  try {
    const result = await work(client);
    broken = lost !== undefined; // the work completed (its answer arrived); only the client is gone
    return result;
  } catch (error) {
    if (lost === undefined && !isConnectionLost(error)) throw error;
    broken = true;
    const cause = lost ?? error;
    throw new StoreUnavailableError(`${what}: the PostgreSQL connection was lost mid-operation (${(cause as Error).message}); it may or may not have taken effect`, { cause, outcome: 'unknown' });
  } finally {
    // A broken client is destroyed by release(true) and keeps the listener: a late 'error' from its
    // dying socket must not go unheard. A healthy one goes back without it (the pool adds its own).
    if (!broken) client.removeListener('error', onError);
    client.release(broken);
  }
}
