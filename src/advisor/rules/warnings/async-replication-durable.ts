import type { CheckRule } from '../../rule.js';
import { ddiaChapter } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** Asynchronous replication (or a single-ack write) where acknowledged writes must never be lost. */
export const asyncReplicationDurable: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.async-replication-loses-acknowledged-writes',
  title: 'Asynchronous replication where acknowledged writes must never be lost',
  sources: [ddiaChapter(5, 'Replication', 'Synchronous Versus Asynchronous Replication; Handling Node Outages')],
  check: ({ contexts, entities }) =>
    contexts.flatMap((context, index) => {
      const choice = entities[index]?.replication.choice.choice;
      if (!context.durable || choice === undefined) return [];
      const lossy = (choice.kind === 'leader-follower' && choice.mode === 'asynchronous') || (choice.kind === 'leaderless' && choice.w < 2) || choice.kind === 'multi-leader';
      if (!lossy) return [];
      const why = context.entity.money === true ? 'it holds money' : context.entity.noDoubleBooking === true ? 'it must never double book' : 'its RPO is 0';
      return [{
        subject: `entities.${context.entity.name}`,
        message: `${context.entity.name} acknowledges writes before a second copy exists (${choice.kind === 'leader-follower' ? 'asynchronous replication' : choice.kind === 'leaderless' ? 'W = 1' : 'multi-leader, asynchronous between regions'}), but ${why}: a crash after the acknowledgement loses the write.`,
        fix: 'Acknowledge only after a synchronous follower (or a majority) has the write: e.g. PostgreSQL synchronous_commit = on with synchronous_standby_names = ANY 1 (...), Kafka acks=all with min.insync.replicas=2.',
      }];
    }),
};
