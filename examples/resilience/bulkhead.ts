// Overload: 30 requests arrive at once at a service that can run 4 at a time. The bulkhead runs 4,
// queues 6, and turns the other 20 away at once, so the queue (and latency) stays bounded.
import { ManualRuntime } from 'pacelc/runtime';
import { bulkhead, BulkheadRejectedError } from 'pacelc/resilience';

export async function main(options: { queue?: number } = {}): Promise<string[]> {
  const runtime = new ManualRuntime();
  const policy = bulkhead({ runtime, limit: 4, queue: options.queue ?? 6, maxWaitMs: 250 });
  const latencies: number[] = [];
  const rejected: Record<string, number> = {};
  const calls = [];
  for (let i = 0; i < 30; i++) {
    calls.push(policy.execute(() => runtime.sleep(100)).then(
      () => latencies.push(runtime.clock.monotonicMs()),
      (error: unknown) => {
        if (!(error instanceof BulkheadRejectedError)) throw error;
        rejected[error.code] = (rejected[error.code] ?? 0) + 1;
      },
    ));
  }
  const log = [`at t=0: running ${policy.active}, queued ${policy.queued}, saturation ${policy.saturation.toFixed(2)}`];
  await runtime.runAll();
  await Promise.all(calls);
  log.push(`served ${latencies.length}, latencies (ms): ${latencies.join(' ')}`);
  log.push(`rejected: ${JSON.stringify(rejected)}`);
  return log;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
