import type { Clock } from '../runtime/index.js';

/**
 * How long an error asks the caller to wait, in milliseconds, or `undefined` when it does not say.
 * Understands pacelc's own errors (`retryAfterMs`: an open circuit, a rate limit) and HTTP
 * `Retry-After` headers (seconds or an HTTP date) on `error.headers`, `error.response.headers`
 * (a `Headers` object or a plain record) — the shapes fetch, undici, axios and got produce.
 *
 * @example
 * ```ts
 * retryAfterMs({ response: { headers: new Headers({ 'retry-after': '2' }) } }, clock); // 2000
 * ```
 */
export function retryAfterMs(error: unknown, clock: Clock): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = (error as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof own === 'number' && own >= 0) return own;
  const header = headerValue((error as { headers?: unknown }).headers) ?? headerValue((error as { response?: { headers?: unknown } }).response?.headers);
  return header === undefined ? undefined : parseRetryAfter(header, clock);
}

/**
 * Parses a `Retry-After` header value: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 *
 * @example
 * ```ts
 * parseRetryAfter('120', clock); // 120000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', clock); // ms from clock.nowMs() to then, ≥ 0
 * ```
 */
export function parseRetryAfter(value: string, clock: Clock): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const atMs = Date.parse(trimmed);
  if (Number.isNaN(atMs)) return undefined;
  return Math.max(0, atMs - clock.nowMs());
}

function headerValue(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value: unknown = (get as (name: string) => unknown).call(headers, 'retry-after');
    return typeof value === 'string' ? value : undefined;
  }
  const record = headers as Record<string, unknown>;
  const value = record['retry-after'] ?? record['Retry-After'];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
