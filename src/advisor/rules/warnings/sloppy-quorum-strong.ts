import { analyzeQuorum } from '../../quorum.js';
import { modelStrength } from '../../context.js';
import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** A leaderless setup counted as strong when its quorums do not guarantee it (sloppy, W + R ≤ N, no write-back). */
export const sloppyQuorumStrong: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.quorum-counted-as-strong',
  title: 'A sloppy or non-overlapping quorum counted as strong',
  sources: [literature.dynamo, literature.abd, literature.pbs],
  check: ({ entities }) =>
    entities.flatMap((entity) => {
      const choice = entity.replication.choice.choice;
      if (choice.kind !== 'leaderless') return [];
      const analysis = analyzeQuorum({ n: choice.n, w: choice.w, r: choice.r, sloppy: choice.sloppyQuorum, writeBackOnRead: choice.writeBackOnRead });
      const required = entity.consistency.choice;
      if (modelStrength[analysis.deliveredModel] <= modelStrength[required]) return [];
      const reason = choice.sloppyQuorum
        ? 'the quorum is sloppy: with hinted handoff, writes land on fallback nodes and W + R > N no longer makes read and write quorums overlap'
        : !analysis.readWriteOverlap
          ? `W + R = ${choice.w + choice.r} is not greater than N = ${choice.n}, so a read can miss the latest write`
          : 'overlapping quorums give a regular register, not linearizability, unless reads write back (ABD) before returning';
      return [{
        subject: `entities.${entity.name}`,
        message: `${entity.name} needs ${required}, but N=${choice.n} W=${choice.w} R=${choice.r} delivers only ${analysis.deliveredModel}: ${reason}.`,
        fix: 'Use strict quorums (no hinted handoff), W + R > N, and blocking read repair (write-back) on reads — or a consensus-based leader for linearizability.',
      }];
    }),
};
