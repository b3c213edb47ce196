import { describe, expect, it } from 'vitest';
import { callOf, specOf } from '../../testing/builders.js';
import { noRetryWhenNotIdempotent } from './retry-not-idempotent.js';

describe('call.retry-not-idempotent', () => {
  it('never retries a non-idempotent call', () => {
    const draft = noRetryWhenNotIdempotent.decide({ spec: specOf(), call: callOf({ idempotent: false }) });
    expect(draft?.choice.attempts).toBe(1);
    expect(draft?.choice.budgetRatio).toBe(0);
    expect(draft?.why).toContain('apply it twice');
  });

  it('does not apply to idempotent calls', () => {
    expect(noRetryWhenNotIdempotent.decide({ spec: specOf(), call: callOf({ idempotent: true }) })).toBeUndefined();
  });
});
