import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../../runtime/index.js';
import { type Endpoint, endpointOf } from '../endpoint.js';
import { normalizeInstance } from '../instance.js';
import type { Balancer } from './balancer.js';
import { consistentHashing } from './consistent-hashing.js';
import { leastOutstanding, powerOfTwoChoices } from './least-outstanding.js';
import { randomChoice } from './random.js';
import { roundRobin } from './round-robin.js';
import { weightedRoundRobin } from './weighted.js';
import { zoneAware } from './zone-aware.js';

function pool(count: number, extra: (index: number) => { weight?: number; zone?: string } = () => ({})): Endpoint[] {
  return Array.from({ length: count }, (_, index) => endpointOf(normalizeInstance({ service: 'api', id: `i${index}`, address: `10.0.0.${index + 1}:80`, ...extra(index) })));
}

function shares(balancer: Balancer, endpoints: readonly Endpoint[], picks: number, key?: (pick: number) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let pick = 0; pick < picks; pick++) {
    const chosen = balancer.pick(endpoints, key === undefined ? {} : { key: key(pick) });
    counts.set(chosen.instance.id, (counts.get(chosen.instance.id) ?? 0) + 1);
  }
  return counts;
}

describe('balancers', () => {
  const runtime = () => new ManualRuntime({ seed: 3 });

  it('every balancer picks only among the candidates it is given (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.nat(20), { minLength: 12, maxLength: 12 }), fc.nat(), (size, load, seed) => {
        const endpoints = pool(size);
        endpoints.forEach((endpoint, index) => (endpoint.outstanding = load[index] as number));
        const rt = new ManualRuntime({ seed });
        for (const balancer of [roundRobin(), randomChoice({ runtime: rt }), weightedRoundRobin(), leastOutstanding({ runtime: rt }), powerOfTwoChoices({ runtime: rt }), powerOfTwoChoices({ runtime: rt, by: 'ewma' }), consistentHashing()]) {
          for (let pick = 0; pick < 20; pick++) expect(endpoints).toContain(balancer.pick(endpoints, { key: `k${pick}` }));
        }
      }),
    );
  });

  it('round robin takes each in turn', () => {
    const endpoints = pool(3);
    const balancer = roundRobin();
    expect(Array.from({ length: 6 }, () => balancer.pick(endpoints, {}).instance.id)).toEqual(['i0', 'i1', 'i2', 'i0', 'i1', 'i2']);
  });

  it('weighted round robin gives shares proportional to weight, interleaved (property over weights)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }), (weights) => {
        const endpoints = pool(weights.length, (index) => ({ weight: weights[index] as number }));
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        const counts = shares(weightedRoundRobin(), endpoints, total * 10);
        weights.forEach((weight, index) => expect(counts.get(`i${index}`) ?? 0).toBe(weight * 10));
      }),
    );
    const sequence = Array.from({ length: 4 }, ((balancer, endpoints) => () => balancer.pick(endpoints, {}).instance.id)(weightedRoundRobin(), pool(2, (index) => ({ weight: index === 0 ? 3 : 1 }))));
    expect(sequence.filter((id) => id === 'i0')).toHaveLength(3);
  });

  it('least outstanding takes the least loaded; P2C never takes the most loaded of two', () => {
    const endpoints = pool(5);
    endpoints.forEach((endpoint, index) => (endpoint.outstanding = [4, 2, 7, 1, 9][index] as number));
    expect(leastOutstanding({ runtime: runtime() }).pick(endpoints, {}).instance.id).toBe('i3');
    const p2c = powerOfTwoChoices({ runtime: runtime() });
    const counts = shares(p2c, endpoints, 10_000);
    expect(counts.get('i4') ?? 0).toBe(0); // the most loaded always loses its pair
    expect(counts.get('i3') ?? 0).toBeGreaterThan(counts.get('i2') ?? 0);
  });

  it('P2C by EWMA steers away from a slow instance', () => {
    const endpoints = pool(4);
    endpoints.forEach((endpoint, index) => (endpoint.ewmaLatencyMs = index === 0 ? 500 : 5));
    const counts = shares(powerOfTwoChoices({ runtime: runtime(), by: 'ewma' }), endpoints, 4_000);
    expect(counts.get('i0') ?? 0).toBe(0);
  });

  it('random is roughly uniform', () => {
    const counts = shares(randomChoice({ runtime: runtime() }), pool(4), 40_000);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('zone-aware stays local while the local zone is big enough, then spreads', () => {
    const endpoints = pool(6, (index) => ({ zone: index < 2 ? 'a' : 'b' }));
    const balancer = zoneAware({ zone: 'a', within: roundRobin() });
    expect(new Set(shares(balancer, endpoints, 100).keys())).toEqual(new Set(['i0', 'i1']));
    const onlyRemote = endpoints.slice(2);
    expect(new Set(shares(balancer, onlyRemote, 100).keys()).size).toBe(4);
    const strict = zoneAware({ zone: 'a', within: roundRobin(), minimumLocalShare: 0.5 });
    expect(new Set(shares(strict, endpoints, 100).keys()).size).toBe(6); // 2 of 6 local is under half
    expect(() => zoneAware({ zone: 'a', within: roundRobin(), minimumLocalShare: 2 })).toThrow(/minimumLocalShare/);
  });

  it('consistent hashing is sticky and moves few keys when an instance leaves', () => {
    const endpoints = pool(10);
    const balancer = consistentHashing();
    const keys = Array.from({ length: 2_000 }, (_, index) => `user:${index}`);
    const before = keys.map((key) => balancer.pick(endpoints, { key }).instance.id);
    expect(keys.map((key) => balancer.pick(endpoints, { key }).instance.id)).toEqual(before);
    const fewer = endpoints.filter((endpoint) => endpoint.instance.id !== 'i3');
    const after = keys.map((key) => balancer.pick(fewer, { key }).instance.id);
    const moved = before.filter((id, index) => id !== after[index]);
    expect(moved.every((id) => id === 'i3')).toBe(true); // only the leaver's keys move
  });
});
