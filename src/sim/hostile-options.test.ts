// Wrong option types are refused when a run or a model is built, naming the option and the value.
import { describe, expect, it } from 'vitest';
import { LeaderFollowerProtocol } from '../replication/leader-follower.js';
import { LeaderlessProtocol } from '../replication/leaderless.js';
import { MultiLeaderProtocol } from '../replication/multi-leader.js';
import { RaftProtocol } from '../replication/raft.js';
import { type RunOptions, runSimulation } from './simulation.js';

const run = (extra: Record<string, unknown>): unknown =>
  runSimulation({ seed: 1, protocol: new LeaderlessProtocol({ n: 3, w: 2, r: 2 }), workload: { operations: 20, clients: 2, keys: 1 }, ...extra } as unknown as RunOptions);

describe('simulation options are checked when the run is built', () => {
  it.each([
    ['keepHistory', { keepHistory: 'yes' }],
    ['hashTrace', { hashTrace: 1 }],
    ['audit', { audit: 'off' }],
    ['onProgress', { onProgress: 'log' }],
    ['trace', { trace: true }],
    ['maxDurationMs', { maxDurationMs: '1000' }],
    ['latency', { network: { latency: 5 } }],
    ['latency', { network: { latency: { distribution: 'gamma', meanMs: 1 } } }],
    ['randomFaults.meanIntervalMs', { faults: { random: { kinds: ['partition'], meanIntervalMs: '50' } } }],
    ['randomFaults.meanDurationMs', { faults: { random: { kinds: ['crash'], meanDurationMs: 0 } } }],
    ['randomFaults.maxSkewMs', { faults: { random: { kinds: ['clock-skew'], maxSkewMs: -1 } } }],
  ])('%s', (option, extra) => {
    expect(() => run(extra)).toThrow(new RegExp(`Invalid option ${option.replace('.', '\\.')}:`));
  });

  it('a valid run with the same options runs', () => {
    const result = run({ keepHistory: false, hashTrace: true, audit: false, onProgress: () => {}, trace: () => {}, maxDurationMs: 60_000, network: { latency: { distribution: 'constant', ms: 1 } }, faults: { random: { kinds: ['partition'], meanIntervalMs: 50, meanDurationMs: 20 } } }) as { completed: boolean };
    expect(result.completed).toBe(true);
  });
});

describe('protocol models refuse flags that are not booleans', () => {
  it.each([
    ['sloppyQuorum', () => new LeaderlessProtocol({ n: 3, w: 2, r: 2, sloppyQuorum: 'yes' as never })],
    ['readIndex', () => new LeaderFollowerProtocol({ mode: 'synchronous', replicas: 3, readIndex: 1 as never })],
    ['causalDelivery', () => new MultiLeaderProtocol({ conflictResolution: 'crdt', causalDelivery: 'on' as never })],
    ['preVote', () => new RaftProtocol({ replicas: 3, preVote: 'true' as never })],
  ])('%s', (option, make) => {
    expect(make).toThrow(new RegExp(`Invalid option ${option}: expected true or false`));
  });
});
