import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { outboxMessaging } from './messaging.js';

describe('saga.outbox-idempotency', () => {
  it('publishes through an outbox and keys handlers by saga and step', () => {
    const draft = outboxMessaging.decide({ spec: specOf(), workflow: { name: 'checkout', steps: [{ name: 'a', service: 's' }, { name: 'b', service: 't' }] } });
    expect(draft?.choice).toEqual({ outbox: true, idempotentConsumers: true, keyFormat: 'checkout:{sagaId}:{step}' });
  });
});
