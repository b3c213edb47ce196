// Resilience policies (pacelc/resilience) against cockatiel, opossum, p-retry and p-limit doing the
// same work: success-path overhead per call for each policy and for a full
// retry + breaker + timeout + bulkhead pipeline, the failure path (open breaker), and a
// 1,000,000-call leak check (heap and active handles before and after).
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  bulkhead as cockatielBulkhead,
  circuitBreaker as cockatielBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  retry as cockatielRetry,
  timeout as cockatielTimeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import pLimit from 'p-limit';
import pRetry from 'p-retry';
import {
  bulkhead,
  circuitBreaker,
  consecutiveFailures,
  fallback,
  hedging,
  pipeline,
  rateLimit,
  retry,
  timeout,
  tokenBucket,
} from '../src/resilience/index.js';
import { type BenchSuite, type BenchTable, type CaseResult, casesTable, formatNumber, measureCases } from './harness.js';

interface OpossumBreaker {
  fire(): Promise<unknown>;
  open(): void;
  shutdown(): void;
}
type OpossumConstructor = new (action: () => Promise<unknown>, options: Record<string, unknown>) => OpossumBreaker;
const Opossum = createRequire(import.meta.url)('opossum') as OpossumConstructor;

/** The user's function: an async function that does nothing, so only the policies' cost is measured. */
const work = async (): Promise<number> => 1;

/**
 * The least any wrapper that may replace the outcome (as a retry or a fallback must) can cost: one
 * `.then` that passes the value on. It is the floor under the 2x goal, measured in the same run.
 */
const passOn = (value: number): number => value;
const rethrow = (error: unknown): never => {
  throw error;
};
const thenWrapper = (): Promise<number> => work().then(passOn, rethrow);

/**
 * The least the same four behaviours can cost in any library: retry, a consecutive-failures
 * breaker, a timeout and a bulkhead hand-fused for this one call site — no options, no signal,
 * no events, no deadline propagation, the timeout only noting the call's start. Not a usable
 * policy: a lower bound, measured in the same run, that shows how much of the 2x goal is left
 * once per-call state exists at all.
 */
function handFusedLowerBound(): () => Promise<number> {
  let running = 0;
  let failures = 0;
  let open = false;
  let epoch = 0;
  return () => {
    if (open || running >= 10) return Promise.reject(new Error('rejected'));
    running++;
    const context = { attempt: 1, epoch };
    return work().then(
      (value) => {
        running--;
        failures = 0;
        epoch = context.epoch; // the context lives until the call settles, as a real one must
        return value;
      },
      (error: unknown) => {
        running--;
        if (++failures >= 5) open = true;
        throw error;
      },
    );
  };
}

const sharedNote = 'Peers ran interleaved in the same process run: compare ratios within a table; absolute figures move with machine load.';

const suite: BenchSuite = {
  name: 'resilience',
  description: 'Success-path overhead of each resilience policy and of a retry + breaker + timeout + bulkhead pipeline, against cockatiel, opossum, p-retry and p-limit; the open-breaker fast path; 1,000,000 calls for leaks.',
  async run(context) {
    const tables: BenchTable[] = [];

    // --- one policy at a time --------------------------------------------------------------
    const ourRetry = retry({ maxAttempts: 3 });
    const theirRetry = cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() });
    tables.push(casesTable('retry (success path: the first try succeeds)', await measureCases([
      { name: 'pacelc retry', fn: () => ourRetry.execute(work), subject: true },
      { name: 'cockatiel retry', fn: () => theirRetry.execute(work) },
      { name: 'p-retry', fn: () => pRetry(work, { retries: 2 }) },
      { name: 'bare await fn()', fn: work },
    ], context), [sharedNote]));

    const ourBreaker = circuitBreaker({ trip: consecutiveFailures(5), openMs: 10_000 });
    const theirBreaker = cockatielBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
    const opossum = new Opossum(work, { timeout: false, volumeThreshold: 5 });
    tables.push(casesTable('circuit breaker, closed (success path)', await measureCases([
      { name: 'pacelc circuitBreaker', fn: () => ourBreaker.execute(work), subject: true },
      { name: 'cockatiel circuitBreaker', fn: () => theirBreaker.execute(work) },
      { name: 'opossum (timeout off)', fn: () => opossum.fire() },
      { name: 'bare await fn()', fn: work },
    ], context), ['opossum also keeps rolling statistics and emits events on every call.']));

    const ourTimeout = timeout({ timeoutMs: 10_000 });
    const ourAggressive = timeout({ timeoutMs: 10_000, strategy: 'aggressive' });
    const theirTimeout = cockatielTimeout(10_000, TimeoutStrategy.Cooperative);
    const opossumTimeout = new Opossum(work, { timeout: 10_000, volumeThreshold: 1e9 });
    tables.push(casesTable('timeout (success path: answers before the deadline)', await measureCases([
      { name: 'pacelc timeout (cooperative)', fn: () => ourTimeout.execute(work), subject: true },
      { name: 'pacelc timeout (aggressive)', fn: () => ourAggressive.execute(work) },
      { name: 'cockatiel timeout (cooperative)', fn: () => theirTimeout.execute(work) },
      { name: 'opossum (timeout on)', fn: () => opossumTimeout.fire() },
      { name: 'bare await fn()', fn: work },
    ], context), ['pacelc keeps one runtime timer per timeout policy (stamping deadlines in batches when calls arrive fast), arms a deadline on it and creates the AbortController only if the function reads `signal`; cockatiel creates a controller and a timer per call.']));

    const ourBulkhead = bulkhead({ limit: 10, queue: 100 });
    const theirBulkhead = cockatielBulkhead(10, 100);
    const limit = pLimit(10);
    tables.push(casesTable('bulkhead / concurrency limit (success path: a slot is free)', await measureCases([
      { name: 'pacelc bulkhead', fn: () => ourBulkhead.execute(work), subject: true },
      { name: 'cockatiel bulkhead', fn: () => theirBulkhead.execute(work) },
      { name: 'p-limit', fn: () => limit(work) },
      { name: 'bare await fn()', fn: work },
    ], context)));

    // --- the full pipeline ---------------------------------------------------------------------
    const ours = pipeline(retry({ maxAttempts: 3 }), circuitBreaker({ trip: consecutiveFailures(5) }), timeout({ timeoutMs: 10_000 }), bulkhead({ limit: 10, queue: 100 }));
    const theirs = wrap(
      cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
      cockatielBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
      cockatielTimeout(10_000, TimeoutStrategy.Cooperative),
      cockatielBulkhead(10, 100),
    );
    const opossumForPipeline = new Opossum(work, { timeout: 10_000, volumeThreshold: 5 });
    const pipelineLimit = pLimit(10);
    const pipelineResults = await measureCases([
      { name: 'pacelc pipeline(retry, breaker, timeout, bulkhead)', fn: () => ours.execute(work), subject: true },
      { name: 'cockatiel wrap(retry, breaker, timeout, bulkhead)', fn: () => theirs.execute(work) },
      { name: 'p-retry + opossum (breaker + timeout) + p-limit', fn: () => pRetry(() => pipelineLimit(() => opossumForPipeline.fire()), { retries: 2 }) },
      { name: 'bare await fn()', fn: work },
      { name: 'floor: fn().then(pass value on) — one wrapper, no policy', fn: thenWrapper },
      { name: 'lower bound: the four behaviours hand-fused for this one call site (no options, signal or events)', fn: handFusedLowerBound() },
    ], context);
    const bare = pipelineResults.find((result) => result.name === 'bare await fn()');
    const floor = pipelineResults.find((result) => result.name.startsWith('floor'));
    const fused = pipelineResults.find((result) => result.name.startsWith('lower bound'));
    const subject = pipelineResults.find((result) => result.subject);
    const ratioTo = (base: CaseResult | undefined): string => (subject && base ? (subject.medianNsPerOp / base.medianNsPerOp).toFixed(2) : '?');
    tables.push(casesTable('full pipeline: retry + circuit breaker + timeout + bulkhead (success path)', pipelineResults, [
      `pacelc pipeline vs bare \`await fn()\`: ${ratioTo(bare)}x (goal: within 2x). A single \`.then\` wrapper alone costs ${bare && floor ? (floor.medianNsPerOp / bare.medianNsPerOp).toFixed(2) : '?'}x, and the four behaviours hand-fused for this one call site ${bare && fused ? (fused.medianNsPerOp / bare.medianNsPerOp).toFixed(2) : '?'}x; the pipeline is ${ratioTo(fused)}x of that lower bound.`,
      'The four layers run as synchronous gates around one call of the function (one promise hop in all); the timeout reads no clock per call once calls arrive faster than 8 per precisionMs, and arms nothing on its timer unless the function reads its signal.',
    ]));

    // The same pipelines under concurrency (a server): 100 calls in flight at once, cost per call.
    const concurrency = 100;
    const batchOf = (call: () => Promise<unknown>) => () => {
      const calls: Array<Promise<unknown>> = [];
      for (let i = 0; i < concurrency; i++) calls.push(call());
      return Promise.all(calls);
    };
    const concurrentOurs = pipeline(retry({ maxAttempts: 3 }), circuitBreaker({ trip: consecutiveFailures(5) }), timeout({ timeoutMs: 10_000 }), bulkhead({ limit: concurrency, queue: 100 }));
    const concurrentTheirs = wrap(
      cockatielRetry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
      cockatielBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
      cockatielTimeout(10_000, TimeoutStrategy.Cooperative),
      cockatielBulkhead(concurrency, 100),
    );
    const concurrentLimit = pLimit(concurrency);
    const concurrentResults = (await measureCases([
      { name: 'pacelc pipeline(retry, breaker, timeout, bulkhead)', fn: batchOf(() => concurrentOurs.execute(work)), subject: true },
      { name: 'cockatiel wrap(retry, breaker, timeout, bulkhead)', fn: batchOf(() => concurrentTheirs.execute(work)) },
      { name: 'p-retry + opossum (breaker + timeout) + p-limit', fn: batchOf(() => pRetry(() => concurrentLimit(() => opossumForPipeline.fire()), { retries: 2 })) },
      { name: 'bare await fn()', fn: batchOf(work) },
    ], context)).map((result) => ({ ...result, medianNsPerOp: result.medianNsPerOp / concurrency }));
    const concurrentBare = concurrentResults.find((result) => result.name === 'bare await fn()');
    const concurrentSubject = concurrentResults.find((result) => result.subject);
    tables.push(casesTable(`full pipeline, ${concurrency} calls in flight at once (cost per call)`, concurrentResults, [
      `pacelc pipeline vs bare \`await fn()\`: ${concurrentSubject && concurrentBare ? (concurrentSubject.medianNsPerOp / concurrentBare.medianNsPerOp).toFixed(2) : '?'}x. Concurrent calls share one timeout timer.`,
      sharedNote,
    ]));

    // --- failure path ----------------------------------------------------------------------------
    // Each breaker is tripped by one real failure and stays open for the whole run.
    const failing = async (): Promise<number> => {
      throw new Error('down');
    };
    const openOurs = circuitBreaker({ trip: consecutiveFailures(1), openMs: 1e9 });
    await openOurs.execute(failing).catch(() => 0);
    const openTheirs = cockatielBreaker(handleAll, { halfOpenAfter: 1e9, breaker: new ConsecutiveBreaker(1) });
    await openTheirs.execute(failing).catch(() => 0);
    const openOpossum = new Opossum(work, { timeout: false, resetTimeout: 1e9 });
    openOpossum.open();
    tables.push(casesTable('open circuit: fast rejection (failure path)', await measureCases([
      { name: 'pacelc circuitBreaker (open)', fn: () => openOurs.execute(work).catch(() => 0), subject: true },
      { name: 'cockatiel circuitBreaker (open)', fn: () => theirBreakerOpenCall(openTheirs) },
      { name: 'opossum (open)', fn: () => openOpossum.fire().catch(() => 0) },
    ], context), ['Each breaker was tripped by one real failure. pacelc builds its BrokenCircuitError (with retryAfterMs) without capturing a stack trace; cockatiel and opossum capture one per rejection, which dominates their cost.']));

    // --- pacelc-only policies --------------------------------------------------------------
    const limiter = tokenBucket({ capacity: 1e12, refillPerSecond: 1e12 });
    const ourRateLimit = rateLimit({ limiter });
    const ourFallback = fallback({ fallback: () => 0 });
    const ourHedging = hedging({ delayMs: 10_000 });
    tables.push(casesTable('other policies (pacelc only; no installed peer does the same)', await measureCases([
      { name: 'pacelc rateLimit(tokenBucket)', fn: () => ourRateLimit.execute(work), subject: true },
      { name: 'pacelc tokenBucket.tryAcquire()', fn: () => limiter.tryAcquire() },
      { name: 'pacelc fallback', fn: () => ourFallback.execute(work) },
      { name: 'pacelc hedging (answer before the hedge delay)', fn: () => ourHedging.execute(work) },
      { name: 'bare await fn()', fn: work },
    ], context), ['Hedging arms its delay on one timer shared by the calls in flight (stamped in batches when calls arrive fast), not a timer per call.']));

    // --- leaks -----------------------------------------------------------------------------
    tables.push(await leakTable(context.quick ? 20_000 : 1_000_000));

    opossum.shutdown();
    opossumTimeout.shutdown();
    opossumForPipeline.shutdown();
    openOpossum.shutdown();
    return tables;
  },
};

function theirBreakerOpenCall(breaker: { execute(fn: () => Promise<number>): Promise<number> }): Promise<number> {
  return breaker.execute(work).catch(() => 0);
}

/** Runs `calls` calls (a mix of successes, failures and timeouts) through a full pipeline; heap and handles before and after. */
async function leakTable(calls: number): Promise<BenchTable> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const policy = pipeline(retry({ maxAttempts: 2, backoff: { delayMs: () => 0 } }), circuitBreaker({ trip: consecutiveFailures(1e9) }), timeout({ timeoutMs: 1 }), bulkhead({ limit: 64, queue: 1_000 }));
  const controller = new AbortController();
  setMaxListeners(10_000, controller.signal); // up to 256 calls in flight share this one caller signal
  const measure = () => {
    gc();
    gc();
    return { heapBytes: process.memoryUsage().heapUsed, handles: process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap').length };
  };
  // Warm up (JIT, pools), then measure.
  const batch = async (count: number) => {
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < count; i++) {
      const kind = i % 1_000;
      pending.push(policy.execute(({ signal }) => {
        if (kind === 1) return Promise.reject(new Error('flaky'));
        if (kind === 2) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })); // times out
        return work();
      }, { signal: controller.signal }).catch(() => 0));
      if (pending.length === 256) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  };
  await batch(10_000);
  const before = measure();
  const started = process.hrtime.bigint();
  await batch(calls);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const after = measure();
  return {
    title: `${formatNumber(calls)} calls through retry + breaker + timeout + bulkhead (0.1% failing, 0.1% timing out, caller signal attached)`,
    columns: ['', 'heap used (MiB)', 'active handles'],
    rows: [
      ['before', (before.heapBytes / 2 ** 20).toFixed(2), String(before.handles)],
      ['after', (after.heapBytes / 2 ** 20).toFixed(2), String(after.handles)],
      ['difference', ((after.heapBytes - before.heapBytes) / 2 ** 20).toFixed(2), String(after.handles - before.handles)],
    ],
    notes: [`${formatNumber(calls / (elapsedMs / 1000))} calls/s including the timeouts. Heap measured after two full GCs.`, sharedNote],
  };
}

export default suite;
