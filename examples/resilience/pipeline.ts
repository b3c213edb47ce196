// The whole stack on one call path: fallback → retry → circuit breaker → timeout → bulkhead, built
// with the builder and observed through events. A flaky, then dead, then healthy dependency.
import { ManualRuntime } from 'pacelc/runtime';
import { BrokenCircuitError, consecutiveFailures, constantBackoff, resilience } from 'pacelc/resilience';

export async function main(options: { retryOpenCircuit?: boolean } = {}): Promise<string[]> {
  const runtime = new ManualRuntime({ seed: 5 });
  const log: string[] = [];
  const at = () => `t=${String(runtime.clock.monotonicMs()).padStart(5)}ms`;
  const policy = resilience({ runtime, name: 'prices' })
    .fallback({ fallback: () => 'cached price', shouldHandle: (error) => error instanceof BrokenCircuitError })
    .retry({ maxAttempts: 3, backoff: constantBackoff(50), shouldRetry: (error) => options.retryOpenCircuit === true || !(error instanceof BrokenCircuitError) })
    .circuitBreaker({ trip: consecutiveFailures(4), openMs: 2_000 })
    .timeout({ timeoutMs: 200 })
    .bulkhead({ limit: 2, queue: 4 })
    .build();
  policy.onEvent((event) => {
    switch (event.type) {
      case 'breaker.state':
        log.push(`${at()} breaker ${event.from} -> ${event.to}`);
        break;
      case 'timeout':
        log.push(`${at()} attempt timed out after ${event.timeoutMs} ms`);
        break;
      case 'fallback':
        log.push(`${at()} fallback used`);
        break;
      default:
        break;
    }
  });
  // Healthy, then hangs (every call times out) from t=1s to t=3s.
  const prices = async ({ signal }: { signal: AbortSignal }) => {
    const nowMs = runtime.clock.monotonicMs();
    await runtime.sleep(nowMs >= 1_000 && nowMs < 3_000 ? 10_000 : 20, signal);
    return 'live price';
  };
  for (const atMs of [0, 1_000, 2_000, 2_500, 4_500]) {
    await runtime.advanceTo(Math.max(atMs, runtime.clock.monotonicMs()));
    const call = policy.execute(prices).catch((error: unknown) => `${(error as Error).name}: ${(error as Error).message}`);
    await runtime.runAll();
    log.push(`${at()} call started at ${atMs} ms -> ${await call}`);
  }
  return log;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
