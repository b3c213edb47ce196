import type { DeletesDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import type { ReplicatedInput } from './pacelc.js';

/** Cassandra's default gc_grace_seconds (10 days): the default longest outage a replica may rejoin after. */
export const defaultLongestOutageMs = 10 * 86_400_000;

/**
 * Deletes that must reach every copy (erasure requests): with one ordered log (leader-follower)
 * a delete is a log entry like any write; with several writers (multi-leader, leaderless) it is a
 * tombstone that must outlive the longest replica outage, or anti-entropy resurrects the data,
 * and a concurrent write with a later timestamp beats it under last-writer-wins.
 */
export const deletesPropagate: DecisionRule<ReplicatedInput, DeletesDesign> = {
  id: 'deletes.tombstones',
  title: 'Deletes that must propagate: tombstones outlive the longest replica outage',
  sources: [ddiaChapter(5, 'Replication', 'Detecting Concurrent Writes; Read repair and anti-entropy'), literature.dynamo, literature.crdt],
  decide: ({ context, replication }) => {
    const deletes = context.entity.deletes;
    if (deletes === undefined) return undefined;
    const longestOutageMs = deletes.longestOutageMs ?? defaultLongestOutageMs;
    const tombstoneLifetimeMs = longestOutageMs + 86_400_000;
    const days = (ms: number) => `${+(ms / 86_400_000).toFixed(1)} days`;
    const choice = replication.choice;
    const ordered = choice.kind === 'leader-follower';
    const lww = choice.kind === 'multi-leader' && choice.conflictResolution === 'last-writer-wins';
    return {
      choice: { tombstones: !ordered, tombstoneLifetimeMs, longestOutageMs, rejoinAfterLifetime: 'rebuild' },
      summary: ordered
        ? `deletes are log entries replicated in order; backups and archives expire within the erasure deadline`
        : `tombstones kept ${days(tombstoneLifetimeMs)} (longest replica outage ${days(longestOutageMs)} + 1 day); a replica out longer is rebuilt, not repaired`,
      why: ordered
        ? `${context.entity.name} has one leader ordering every write, so a delete reaches each follower in log order like any write and no replica can bring the data back. What still holds erased data are backups, WAL/binlog archives and caches: expire or scrub them, and re-apply the erasure log after any restore.`
        : `${context.entity.name} is written by several replicas, so a delete is a tombstone that must reach every copy. If a replica is cut off for longer than the tombstone lives, it never learns of the delete and read repair or anti-entropy copies the data back (resurrection): tombstones live longer than the longest outage (${days(longestOutageMs)}), and a replica out longer is wiped and rebuilt.${lww ? ' Under last-writer-wins a concurrent update with a later timestamp also beats the delete: erase in the item\'s home region with a condition, or keep a per-item erased flag that no update clears.' : ''}`,
      tradeOff: ordered ? 'Erasure depends on every copy outside the replication log (backups, exports, caches, analytics) being found and scrubbed.' : 'Tombstones take space and slow reads until they expire; a longer outage allowance keeps them longer.',
      alternatives: [{ choice: 'delete without tombstones', whyRejected: 'a replica that missed the delete brings the data back on the next repair' }],
    };
  },
};
