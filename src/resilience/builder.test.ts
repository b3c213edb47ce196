import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { constantBackoff } from './backoff.js';
import { resilience } from './builder.js';
import { pipeline } from './policy.js';
import { retry } from './retry.js';
import { timeout } from './timeout.js';

describe('builder and composition', () => {
  it('hands every layer the runtime, in call order, outermost first', async () => {
    const runtime = new ManualRuntime();
    const policy = resilience({ runtime }).retry({ maxAttempts: 2, backoff: constantBackoff(100) }).timeout({ timeoutMs: 50 }).build();
    expect(policy.policies.map((layer) => layer.name)).toEqual(['retry', 'timeout']);
    let attempts = 0;
    const call = policy.execute(({ signal }) => {
      attempts++;
      return runtime.sleep(1_000, signal);
    }).catch((error: unknown) => (error as Error).name);
    await runtime.runAll();
    expect(await call).toBe('TimeoutError');
    expect(attempts).toBe(2);
    expect(runtime.clock.monotonicMs()).toBe(200); // 50 + 100 + 50, on virtual time: the runtime reached every layer
  });

  it('flattens nested pipelines and runs a pipeline as a layer of a custom chain', async () => {
    const runtime = new ManualRuntime();
    const inner = pipeline(timeout({ runtime, timeoutMs: 10 }));
    const outer = pipeline(retry({ runtime }), inner);
    expect(outer.policies).toHaveLength(2);
    expect(await outer.execute(() => 'ok')).toBe('ok');
  });

  it('a synchronous throw in the function becomes a rejection', async () => {
    await expect(pipeline().execute(() => {
      throw new Error('sync');
    })).rejects.toThrow('sync');
  });
});
