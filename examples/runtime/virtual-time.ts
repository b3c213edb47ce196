// Virtual time: a retry loop with backoff runs 7 seconds of waiting in an instant, the same way every run.
import { ManualRuntime, type Runtime } from 'pacelc/runtime';

async function fetchWithRetry(runtime: Runtime, attempt: (n: number) => boolean): Promise<string[]> {
  const log: string[] = [];
  for (let n = 1; n <= 4; n++) {
    const ok = attempt(n);
    log.push(`t=${runtime.clock.monotonicMs()}ms attempt ${n}: ${ok ? 'ok' : 'failed'}`);
    if (ok) return log;
    const backoffMs = 1_000 * 2 ** (n - 1) * (0.5 + runtime.random.float() / 2); // equal jitter
    await runtime.sleep(Math.round(backoffMs));
  }
  return log;
}

export async function main(): Promise<string[]> {
  const runtime = new ManualRuntime({ seed: 7 });
  const result = fetchWithRetry(runtime, (n) => n === 4);
  await runtime.runAll();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
