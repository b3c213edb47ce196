import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { strongSingleLeader } from './strong-single-leader.js';

describe('replication.strong-single-leader', () => {
  it('applies to linearizable and sequential models only', () => {
    expect(strongSingleLeader.decide(modelContextOf('causal'))).toBeUndefined();
    expect(strongSingleLeader.decide(modelContextOf('sequential'))?.choice.choice.kind).toBe('leader-follower');
  });

  it('single region: 3 replicas, majority acknowledgement (1 follower), consensus failover, leader reads', () => {
    const draft = strongSingleLeader.decide(modelContextOf('linearizable', { money: true }));
    expect(draft?.choice).toMatchObject({
      choice: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
      readsFrom: 'leader',
      crossRegionSynchronous: false,
    });
  });

  it('three regions or four nines: 5 replicas, 2 acknowledgements, a majority across regions when the write SLO allows it', () => {
    const draft = strongSingleLeader.decide(modelContextOf('linearizable', { money: true, latency: { writeP99Ms: 200 } }, { regions: ['us-east-1', 'us-west-2', 'eu-west-1'] }));
    expect(draft?.choice.choice).toMatchObject({ replicas: 5, synchronousAcks: 2 });
    expect(draft?.choice.crossRegionSynchronous).toBe(true);
  });

  it('with two regions, says the acknowledgement must come from the remote follower, by name', () => {
    const draft = strongSingleLeader.decide(modelContextOf('linearizable', { money: true }, { regions: ['eu-west-1', 'us-east-1'] }));
    expect(draft?.choice.crossRegionSynchronous).toBe(true);
    expect(draft?.why).toContain("FIRST 1 (standby_us_east_1)");
  });

  it('keeps the synchronous majority in one region when the write SLO is below the round trip, and says so', () => {
    const draft = strongSingleLeader.decide(modelContextOf('linearizable', { money: true, latency: { writeP99Ms: 20 } }, { regions: ['us-east-1', 'eu-west-1'] }));
    expect(draft?.choice.crossRegionSynchronous).toBe(false);
    expect(draft?.why).toContain('20 ms write objective is below the 70 ms round trip to eu-west-1');
  });

  it('places the leader of multi-region writes where the farthest writer is closest', () => {
    const draft = strongSingleLeader.decide(
      modelContextOf('linearizable', { writes: 'multi-region', staleness: 'none' }, { regions: ['ap-northeast-1', 'us-east-1', 'eu-west-1'] }),
    );
    expect(draft?.choice.leaderRegion).toBe('us-east-1');
    expect(draft?.tradeOff).toContain('forwarded to us-east-1');
  });
});
