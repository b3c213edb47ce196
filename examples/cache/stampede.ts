// A cache stampede, with and without protection, on virtual time (so it runs in milliseconds and
// prints the same numbers on every machine). Run: npx tsx examples/cache/stampede.ts
import { Cache, type GetOrSetOptions } from 'pacelc/cache';
import { ManualRuntime } from 'pacelc/runtime';

const loaderMs = 200;

/** The cache-aside everyone writes first: a Map, a TTL, and no protection at all. */
function naiveCacheAside(runtime: ManualRuntime, ttlMs: number) {
  const entries = new Map<string, { value: string; expiresAtMs: number }>();
  return async (key: string, loader: () => Promise<string>): Promise<string> => {
    const entry = entries.get(key);
    if (entry !== undefined && runtime.clock.nowMs() < entry.expiresAtMs) return entry.value;
    const value = await loader();
    entries.set(key, { value, expiresAtMs: runtime.clock.nowMs() + ttlMs });
    return value;
  };
}

interface Outcome {
  loaderCalls: number;
  /** Requests that had to wait for a loader (instead of being answered from the cache at once). */
  waited: number;
}

type Read = (key: string, loader: () => Promise<string>) => Promise<string>;

/** `concurrency` requests for one cold key, all at once. */
async function coldStart(runtime: ManualRuntime, read: Read, concurrency: number): Promise<Outcome> {
  let loaderCalls = 0;
  const loader = async (): Promise<string> => {
    loaderCalls++;
    await runtime.sleep(loaderMs);
    return 'product page';
  };
  const reads = Array.from({ length: concurrency }, () => read('product:42', loader));
  await runtime.runAll();
  await Promise.all(reads);
  return { loaderCalls, waited: concurrency };
}

/** A hot key read every `intervalMs` for `durationMs`, through its expiries. */
async function hotKey(runtime: ManualRuntime, read: Read, durationMs: number, intervalMs: number): Promise<Outcome> {
  let loaderCalls = 0;
  let waited = 0;
  const loader = async (): Promise<string> => {
    loaderCalls++;
    await runtime.sleep(loaderMs);
    return `version ${loaderCalls}`;
  };
  const reads: Promise<unknown>[] = [];
  for (let atMs = 0; atMs < durationMs; atMs += intervalMs) {
    const startedMs = runtime.clock.monotonicMs();
    reads.push(read('home', loader).then(() => {
      if (runtime.clock.monotonicMs() > startedMs) waited++;
    }));
    await runtime.advance(intervalMs);
  }
  await runtime.runAll();
  await Promise.all(reads);
  return { loaderCalls, waited };
}

function pacelc(runtime: ManualRuntime, options: GetOrSetOptions & { ttlMs: number }): Read {
  const cache = new Cache({ runtime, ...options });
  return (key, loader) => cache.getOrSet(key, loader);
}

function line(label: string, outcome: Outcome): string {
  return `  ${label.padEnd(44)} loader calls: ${String(outcome.loaderCalls).padStart(4)}   requests that waited: ${String(outcome.waited).padStart(4)}`;
}

export async function main(): Promise<string[]> {
  const lines: string[] = [];
  const fresh = () => new ManualRuntime({ seed: 7 });

  lines.push(`cold start: 1,000 concurrent requests for one key, loader takes ${loaderMs} ms`);
  let runtime = fresh();
  lines.push(line('naive cache-aside (Map + TTL)', await coldStart(runtime, naiveCacheAside(runtime, 10_000), 1_000)));
  runtime = fresh();
  lines.push(line('pacelc Cache (single-flight)', await coldStart(runtime, pacelc(runtime, { ttlMs: 10_000 }), 1_000)));

  lines.push(`hot key: 100 requests/s for 60 s, TTL 10 s, loader takes ${loaderMs} ms`);
  runtime = fresh();
  lines.push(line('naive cache-aside (Map + TTL)', await hotKey(runtime, naiveCacheAside(runtime, 10_000), 60_000, 10)));
  runtime = fresh();
  lines.push(line('pacelc, single-flight only', await hotKey(runtime, pacelc(runtime, { ttlMs: 10_000, xfetchBeta: 0, staleWhileRevalidate: false }), 60_000, 10)));
  runtime = fresh();
  lines.push(line('pacelc + XFetch (beta 1)', await hotKey(runtime, pacelc(runtime, { ttlMs: 10_000, xfetchBeta: 1, staleWhileRevalidate: false }), 60_000, 10)));
  runtime = fresh();
  lines.push(line('pacelc + grace 60 s (stale-while-revalidate)', await hotKey(runtime, pacelc(runtime, { ttlMs: 10_000, graceMs: 60_000, xfetchBeta: 0 }), 60_000, 10)));
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const text of await main()) console.log(text);
}
