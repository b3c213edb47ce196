// Deadline propagation: a 1-second budget for the whole call, retries inside it, and a 300 ms
// timeout on each attempt. The attempts see the budget shrink, and the retry stops when the next
// backoff would overrun it, instead of trying after the caller has given up.
import { ManualRuntime } from 'pacelc/runtime';
import { exponentialBackoff, pipeline, retry, timeout, TimeoutError } from 'pacelc/resilience';

export async function main(options: { totalMs?: number } = {}): Promise<string[]> {
  const runtime = new ManualRuntime({ seed: 3 });
  const log: string[] = [];
  const policy = pipeline(
    timeout({ runtime, timeoutMs: options.totalMs ?? 1_000 }),
    retry({ runtime, maxAttempts: 10, backoff: exponentialBackoff({ initialMs: 100, jitter: 'none' }) }),
    timeout({ runtime, timeoutMs: 300 }),
  );
  policy.onEvent((event) => {
    if (event.type === 'retry.stopped') log.push(`t=${runtime.clock.monotonicMs()}ms retry stopped after ${event.attempts} attempts: ${event.reason}`);
  });
  // A slow dependency: every attempt takes 400 ms unless aborted.
  const call = policy.execute(async ({ signal, attempt, remainingMs }) => {
    log.push(`t=${runtime.clock.monotonicMs()}ms attempt ${attempt}, ${remainingMs()} ms left`);
    await runtime.sleep(400, signal);
    return 'answer';
  }).catch((error: unknown) => error);
  await runtime.runAll();
  const error = await call;
  log.push(`t=${runtime.clock.monotonicMs()}ms result: ${error instanceof TimeoutError ? `TimeoutError (${error.timeoutMs} ms, outcome ${error.outcome})` : String(error)}`);
  return log;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
