import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parseScenario, scenarioFaults } from './scenario.js';

function problems(text: string): string[] {
  try {
    parseScenario(text, { file: 's.yaml' });
  } catch (error) {
    if (error instanceof InputError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('parseScenario', () => {
  it('reads every section and turns the schedule into faults', () => {
    const scenario = parseScenario(
      [
        'seed: 3',
        'protocol: { kind: leader-follower, mode: semi-synchronous, replicas: 5, synchronousAcks: 2, fencing: true, readFrom: any }',
        'workload: { operations: 10, clients: 2, keys: 4, mix: { read: 3, write: 1, cas: 1 }, keyDistribution: { zipf: 1.1 }, timeoutMs: 500, thinkMs: 0 }',
        'network:',
        '  latency: { distribution: uniform, minMs: 1, maxMs: 3 }',
        '  clientLatency: { distribution: constant, ms: 0.2 }',
        '  regions: { nodes: [a, a, b, b, c], latency: { a: { b: { distribution: exponential, meanMs: 20 } } } }',
        'faults:',
        '  schedule:',
        '    - { atMs: 10, durationMs: 5, kind: clock-skew, nodes: [1], skewMs: -20 }',
        '    - { atMs: 20, kind: partition-one-way, from: [0], to: [1, 2] }',
        '  random: { kinds: [crash, latency-spike], meanIntervalMs: 300 }',
        'claim: { consistency: read-your-writes, noLostWrites: false }',
        'settleMs: 500',
      ].join('\n'),
    );
    expect(scenario.protocol).toMatchObject({ kind: 'leader-follower', replicas: 5, fencing: true });
    const faults = scenarioFaults(scenario);
    expect(faults.schedule).toEqual([
      { atMs: 10, durationMs: 5, fault: { kind: 'clock-skew', nodes: [1], skewMs: -20 } },
      { atMs: 20, fault: { kind: 'partition-one-way', from: [0], to: [1, 2] } },
    ]);
    expect(faults.random).toEqual({ kinds: ['crash', 'latency-spike'], meanIntervalMs: 300 });
  });

  it('reports every problem with line, column, field and a suggestion', () => {
    expect(problems('protocol: { kind: leaderless, n: 3, w: 2, r: 2 }\nworkload: { operatons: 5, clients: 0 }\n').sort()).toEqual([
      's.yaml:2:13: workload.operatons: unknown field (did you mean "operations"?)',
      's.yaml:2:36: workload.clients: expected a number > 0, found 0',
    ]);
    expect(problems('workload: {}\n')).toEqual([expect.stringMatching(/^s\.yaml:1:1: protocol: missing required field/)]);
    expect(problems('protocol: { kind: leaderles, n: 3, w: 2, r: 2 }\n')).toEqual([expect.stringMatching(/protocol\.kind: expected one of leaderless, leader-follower, raft, multi-leader, found "leaderles" \(did you mean "leaderless"\?\)$/)]);
    expect(problems('network: { latency: { distribution: lognormal, median: 2 } }\nprotocol: { kind: leaderless, n: 1, w: 1, r: 1 }\n')).toEqual(
      expect.arrayContaining([expect.stringMatching(/network\.latency\.median: unknown field \(did you mean "medianMs"\?\)/)]),
    );
    expect(problems('seed: [1\n')[0]).toMatch(/^s\.yaml:\d+:\d+: not valid YAML/);
  });
});
