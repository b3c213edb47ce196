// A retry storm, and the budget that stops it. 1,000 clients call a service that is failing hard;
// each retries up to 3 more times. Without a budget the failing service gets 4x its normal load;
// with a shared budget of 10% it gets 1.1x.
import { ManualRuntime } from 'pacelc/runtime';
import { retry, retryBudget } from 'pacelc/resilience';

async function storm(withBudget: boolean): Promise<number> {
  const runtime = new ManualRuntime({ seed: 7 });
  const budget = withBudget ? retryBudget({ ratio: 0.1, minRetriesPerSecond: 1, windowMs: 10_000 }) : undefined;
  const policy = retry({ runtime, maxAttempts: 4, ...(budget === undefined ? {} : { budget }) });
  let requests = 0;
  const calls = [];
  for (let client = 0; client < 1_000; client++) {
    calls.push(policy.execute(() => {
      requests++;
      throw new Error('503 Service Unavailable');
    }).catch(() => {}));
  }
  await runtime.runAll();
  await Promise.all(calls);
  return requests;
}

export async function main(): Promise<string[]> {
  const without = await storm(false);
  const withBudget = await storm(true);
  return [
    `without a budget: ${without} requests for 1000 calls (${(without / 1000).toFixed(2)}x load)`,
    `with a 10% budget: ${withBudget} requests for 1000 calls (${(withBudget / 1000).toFixed(2)}x load)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
