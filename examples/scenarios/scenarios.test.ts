// Every scenario in this folder runs through `pacelc simulate` with the exit code its description promises.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-code.js';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const folder = fileURLToPath(new URL('.', import.meta.url));

const expected: Record<string, { exit: number; output: RegExp[] }> = {
  'leaderless-abd-partition.yaml': { exit: ExitCode.ok, output: [/check {8}linearizable .*: holds/, /lost writes {2}0 of/, /partition/] },
  'leaderless-weak-quorum.yaml': { exit: ExitCode.violated, output: [/stale reads {2}[1-9]\d* of/, /e\.g\. process \d+ read/, /none of these can come next/] },
  'leaderless-sloppy-quorum.yaml': { exit: ExitCode.ok, output: [/sloppyStores +[1-9]/, /hintsHandedOff +[1-9]/, /lost writes {2}0 of/] },
  'leaderless-lww-clock-skew.yaml': { exit: ExitCode.violated, output: [/lost writes {2}[1-9]\d* of/, /overwritten by the older write/, /clock-skew 0 \+500ms/] },
  'leader-follower-async-failover.yaml': { exit: ExitCode.violated, output: [/lost writes {2}[1-9]\d* of/, /failovers +[1-9]/, /absent from the converged state/] },
  'leader-follower-fenced.yaml': { exit: ExitCode.ok, output: [/lost writes {2}0 of/, /failovers +1 /, /deposedLeaderAcks +0 /, /fencedAppends +[1-9]/] },
  'raft-local-reads.yaml': { exit: ExitCode.violated, output: [/KNOWN-BAD: local leader reads/, /check {8}linearizable .*: violated/] },
  'raft-lease-drift.yaml': { exit: ExitCode.violated, output: [/lease reads \(drift bound 0\.05\)/, /leaseReads +[1-9]/, /check {8}linearizable .*: violated/] },
  'raft-unsynced-votes.yaml': { exit: ExitCode.violated, output: [/KNOWN-BAD: votes not fsynced/, /maxLeadersInOneTerm +2 /, /lost writes {2}[1-9]\d* of/] },
  'raft-lease-pause.yaml': { exit: ExitCode.violated, output: [/pause 0 \(clock stops\)/, /leaseReads +[1-9]/, /check {8}linearizable .*: violated/] },
  'raft-figure-8.yaml': { exit: ExitCode.violated, output: [/KNOWN-BAD: commits old-term entries by counting/, /committedOldTermByCount +[1-9]/, /state machine safety broken: \d+ committed log entr/] },
  'raft-slow-leader.yaml': { exit: ExitCode.ok, output: [/latency-spike 0 \+300ms +\d+ ops, [0-9.]+% ok/, /elections +1 /, /check {8}linearizable .*: holds/] },
  'multi-region-sync.yaml': { exit: ExitCode.ok, output: [/write .* 1[34]\d\.\d\d /, /regions 0:eu-west 1:us-east 2:ap-south/] },
};

describe('examples/scenarios', () => {
  it('every scenario file has an expectation here', () => {
    const files = readdirSync(folder).filter((file) => file.endsWith('.yaml')).sort();
    expect(files).toEqual(Object.keys(expected).sort());
  });

  for (const [file, expectation] of Object.entries(expected)) {
    it(`${file} exits ${expectation.exit}`, async () => {
      const io = bufferIo({ cwd: folder });
      const exit = await main(['simulate', file], io);
      expect({ exit, err: io.err() }).toEqual({ exit: expectation.exit, err: '' });
      for (const pattern of expectation.output) expect(io.out()).toMatch(pattern);
      expect(io.out()).toContain(`(replay: pacelc simulate ${file} --seed `);
    });
  }
});
