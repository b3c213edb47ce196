// A dependency goes down for 30 seconds. The breaker notices, fails calls fast instead of piling
// them onto the broken service, probes with a few calls, and closes once it has recovered.
// Everything runs on virtual time: 80 seconds of traffic take a few milliseconds.
import { ManualRuntime } from 'pacelc/runtime';
import { BrokenCircuitError, circuitBreaker, exponentialBackoff, timeWindow } from 'pacelc/resilience';

export async function main(options: { downFromMs?: number; downUntilMs?: number } = {}): Promise<string[]> {
  const downFromMs = options.downFromMs ?? 20_000;
  const downUntilMs = options.downUntilMs ?? 50_000;
  const runtime = new ManualRuntime({ seed: 1 });
  const log: string[] = [];
  const seconds = () => `${(runtime.clock.monotonicMs() / 1000).toFixed(1)}s`;

  const breaker = circuitBreaker({
    runtime,
    name: 'inventory',
    trip: timeWindow({ windowMs: 10_000, minimumThroughput: 10, failureRatio: 0.5 }),
    openMs: exponentialBackoff({ initialMs: 5_000, multiplier: 2, maxMs: 60_000, jitter: 'none' }),
    halfOpen: { probes: 3, successThreshold: 2 },
  });
  breaker.onEvent((event) => {
    if (event.type === 'breaker.state') log.push(`t=${seconds()} ${event.from} -> ${event.to} (${event.cause})`);
  });

  // The dependency: fine, then down (every call fails after 100 ms), then fine again.
  const inventory = async () => {
    const nowMs = runtime.clock.monotonicMs();
    await runtime.sleep(100);
    if (nowMs >= downFromMs && nowMs < downUntilMs) throw new Error('503 from inventory');
    return 'reserved';
  };

  let reached = 0;
  let failedFast = 0;
  let failed = 0;
  let succeeded = 0;
  for (let t = 0; t < 80_000; t += 200) {
    await runtime.advanceTo(t);
    void breaker.execute(() => {
      reached++;
      return inventory();
    }).then(
      () => succeeded++,
      (error: unknown) => (error instanceof BrokenCircuitError ? failedFast++ : failed++),
    );
  }
  await runtime.runAll();
  log.push(`calls: ${succeeded + failed + failedFast}, succeeded: ${succeeded}, failed at the dependency: ${failed}, failed fast: ${failedFast}`);
  log.push(`calls that reached the dependency while it was down: ${reached - succeeded}`);
  return log;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
