import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { WorkflowInput } from './shared.js';

/** Events are published through a transactional outbox; every handler deduplicates on an idempotency key. */
export const outboxMessaging: DecisionRule<WorkflowInput, { outbox: true; idempotentConsumers: true; keyFormat: string }> = {
  id: 'saga.outbox-idempotency',
  title: 'Transactional outbox and idempotent handlers',
  sources: [literature.outbox],
  decide: ({ workflow }) => {
    const keyFormat = `${workflow.name}:{sagaId}:{step}`;
    return {
      choice: { outbox: true, idempotentConsumers: true, keyFormat },
      summary: `outbox per service; handlers deduplicate on ${keyFormat}`,
      why: 'Writing the state change and its event in the same local transaction (the outbox), then relaying it, means no step commits without its event nor publishes an event for a rolled-back change; relays and brokers deliver at least once, so every handler records the idempotency key it has processed.',
      tradeOff: 'An outbox table and a relay (polling or change data capture) per service, and a dedup table kept for at least the redelivery window.',
      alternatives: [
        { choice: 'publish after commit', whyRejected: 'a crash between commit and publish loses the event and stalls the saga' },
        { choice: 'distributed transaction across database and broker', whyRejected: 'XA/2PC couples availability of both and is unsupported by most brokers' },
      ],
    };
  },
};
