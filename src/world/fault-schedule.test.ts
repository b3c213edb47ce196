import { describe, expect, it } from 'vitest';
import { Random } from '../runtime/random.js';
import { describeWorldFault, drawFaults } from './fault-schedule.js';

describe('drawFaults', () => {
  it('draws the same schedule from the same seed, faults inside the faulty phase, ambient faults first', () => {
    const options = { crashes: 3, partitions: 2, clockSkews: 1 };
    const a = drawFaults(new Random(9), options, ['a', 'b', 'c'], 5_000);
    expect(drawFaults(new Random(9), options, ['a', 'b', 'c'], 5_000)).toEqual(a);
    expect(a.map((fault) => fault.kind).slice(0, 2)).toEqual(['loss', 'duplicate']);
    expect(a).toHaveLength(8);
    for (const fault of a) if ('atMs' in fault) expect(fault.atMs).toBeLessThan(5_000);
    const times = a.flatMap((fault) => ('atMs' in fault ? [fault.atMs] : []));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('crashes only the crashable processes; a partition has two non-empty sides', () => {
    for (let seed = 0; seed < 50; seed++) {
      for (const fault of drawFaults(new Random(seed), { crashes: 2, partitions: 1, crashable: ['b'] }, ['a', 'b'], 1_000)) {
        if (fault.kind === 'crash') expect(fault.process).toBe('b');
        if (fault.kind === 'partition') expect(fault.groups.every((group) => group.length > 0)).toBe(true);
      }
    }
  });

  it('draws broker crashes last: without them, a seed draws the schedule it drew before they existed', () => {
    const options = { crashes: 2, partitions: 1, clockSkews: 1 };
    const without = drawFaults(new Random(4), options, ['a', 'b'], 5_000);
    const withThem = drawFaults(new Random(4), { ...options, brokerCrashes: 2, brokerDownMs: [50, 60] as const }, ['a', 'b'], 5_000);
    const brokerCrashes = withThem.filter((fault) => fault.kind === 'broker-crash');
    expect(brokerCrashes).toHaveLength(2);
    for (const fault of brokerCrashes) expect(fault.downMs).toBeGreaterThanOrEqual(50);
    expect(withThem.filter((fault) => fault.kind !== 'broker-crash')).toEqual(without);
    expect(() => drawFaults(new Random(1), { brokerCrashes: 1.5 }, ['a'], 100)).toThrow(/Invalid option faults.brokerCrashes/);
  });

  it('refuses bad options with a RangeError naming the option', () => {
    expect(() => drawFaults(new Random(1), { crashes: -1 }, ['a'], 100)).toThrow(/Invalid option faults.crashes/);
    expect(() => drawFaults(new Random(1), { lossProbability: 2 }, ['a'], 100)).toThrow(/Invalid option faults.lossProbability/);
    expect(() => drawFaults(new Random(1), { crashable: ['z'] }, ['a'], 100)).toThrow(/Invalid option faults.crashable/);
    expect(() => drawFaults(new Random(1), { downMs: [5, 1] }, ['a'], 100)).toThrow(/Invalid option faults.downMs/);
  });

  it('describes each fault in one line', () => {
    expect(describeWorldFault({ kind: 'crash', process: 'p', atMs: 10, downMs: 20 })).toBe('crash p at 10 ms for 20 ms');
    expect(describeWorldFault({ kind: 'partition', groups: [['a'], ['b', 'broker']], atMs: 1, durationMs: 2 })).toBe('partition {a} | {b, broker} at 1 ms for 2 ms');
    expect(describeWorldFault({ kind: 'clock-skew', process: 'p', atMs: 5, deltaMs: 300 })).toBe('clock of p jumps +300 ms at 5 ms');
    expect(describeWorldFault({ kind: 'broker-crash', atMs: 10, downMs: 20 })).toBe('crash broker at 10 ms for 20 ms');
    expect(describeWorldFault({ kind: 'loss', probability: 0.02 })).toBe('message loss 2%');
  });
});
