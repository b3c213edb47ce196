import type { FailoverDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import type { ReplicatedInput } from './pacelc.js';

/** Failure detection plus election under consensus (e.g. Patroni's 30 s TTL, Raft leases of ~10 s). */
const consensusRtoMs = 30_000;
/** A human promoting a replica. */
const manualRtoMs = 15 * 60_000;
/** Health checks plus a 60 s DNS TTL to move clients to another region. */
const rerouteRtoMs = 60_000;

/** RPO and RTO under failover, derived from the replication mode and placement. */
export const failoverFromReplication: DecisionRule<ReplicatedInput, FailoverDesign> = {
  id: 'failover.derived',
  title: 'RPO and RTO follow from acknowledgement mode, placement and failover mechanism',
  sources: [ddiaChapter(5, 'Replication', 'Handling Node Outages: failover'), literature.raft, literature.fencing],
  decide: ({ context, replication }) => {
    const choice = replication.choice;
    let design: FailoverDesign;
    switch (choice.kind) {
      case 'leader-follower': {
        const synchronous = choice.synchronousAcks > 0 && choice.mode !== 'asynchronous';
        const semiFallback = choice.mode === 'semi-synchronous' ? ' (MySQL semi-sync silently falls back to asynchronous after rpl_semi_sync_master_timeout: alert on it)' : '';
        design = {
          rpoMsNodeLoss: synchronous ? 0 : null,
          rpoMsRegionLoss: replication.crossRegionSynchronous ? 0 : null,
          rtoMs: choice.consensusFailover ? consensusRtoMs : manualRtoMs,
          automatic: choice.consensusFailover,
          mechanism: `${choice.consensusFailover ? 'consensus elects a caught-up follower and fences the old leader (epoch/fencing token)' : 'an operator promotes a follower after checking the old leader is down'}; ${synchronous ? `acknowledged writes are on ${choice.synchronousAcks} follower${choice.synchronousAcks === 1 ? '' : 's'}, so a node loss loses none${semiFallback}` : 'writes not yet replicated when the leader dies are lost (RPO = replication lag)'}${replication.regions.length > 1 ? `; losing the whole region ${replication.crossRegionSynchronous ? 'loses nothing acknowledged' : 'loses the asynchronously replicated tail (RPO = cross-region lag)'}` : ''}.`,
        };
        break;
      }
      case 'multi-leader':
        design = {
          rpoMsNodeLoss: 0,
          rpoMsRegionLoss: null,
          rtoMs: rerouteRtoMs,
          automatic: true,
          mechanism: 'no election: clients of a failed region are rerouted to another region’s leader (health checks + DNS); its writes not yet replicated are lost or delayed until it returns (RPO = cross-region lag).',
        };
        break;
      case 'leaderless':
        design = {
          // A sloppy quorum may count fallback nodes' hints towards W: the write can sit on nodes outside its home replicas, so no RPO 0.
          rpoMsNodeLoss: choice.w >= 2 && !choice.sloppyQuorum ? 0 : null,
          rpoMsRegionLoss: null,
          rtoMs: 0,
          automatic: true,
          mechanism: `no failover: operations continue while ${Math.max(choice.w, choice.r)} of ${choice.n} replicas answer; ${
            choice.sloppyQuorum
              ? `a sloppy quorum counts fallback nodes' hints towards W=${choice.w}, so an acknowledged write may live only on nodes outside its home replicas until handoff: no RPO 0`
              : choice.w >= 2
                ? `a write acknowledged by W=${choice.w} survives the loss of any one node`
                : 'with W=1 a write lives on one node until it replicates'
          }.`,
        };
        break;
    }
    const rpoText = (value: number | null): string => (value === null ? 'replication lag (unbounded under load)' : `${value} ms`);
    return {
      choice: design,
      summary: `RPO node loss ${rpoText(design.rpoMsNodeLoss)}, region loss ${rpoText(design.rpoMsRegionLoss)}; RTO ≈ ${Math.round(design.rtoMs / 1000)} s (${design.automatic ? 'automatic' : 'manual'})`,
      why: design.mechanism,
      tradeOff: `${context.entity.rpoMs !== undefined ? `The spec asks for RPO ≤ ${context.entity.rpoMs} ms. ` : ''}${context.entity.rtoMs !== undefined ? `The spec asks for RTO ≤ ${context.entity.rtoMs} ms. ` : ''}A lower RPO costs write latency (synchronous acknowledgements); a lower RTO costs false failovers (shorter detection timeouts).`,
      alternatives: [],
    };
  },
};
