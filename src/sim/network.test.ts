import { describe, expect, it } from 'vitest';
import { Random } from '../runtime/random.js';
import { describeNetwork, Network } from './network.js';

describe('Network', () => {
  it('keeps links FIFO unless reordering is allowed', () => {
    const spread = { distribution: 'uniform' as const, minMs: 0, maxMs: 100 };
    const fifo = new Network({ nodeCount: 2, clientCount: 0, random: new Random(1), latency: spread });
    const reordering = new Network({ nodeCount: 2, clientCount: 0, random: new Random(1), latency: spread, reorder: true });
    const arrivals = (network: Network): number[] =>
      Array.from({ length: 200 }, (_, index) => {
        network.route(0, 1, index);
        return network.firstArrivalMs;
      });
    const inOrder = arrivals(fifo);
    expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b));
    const shuffled = arrivals(reordering);
    expect(shuffled).not.toEqual([...shuffled].sort((a, b) => a - b));
  });

  it('loses and duplicates messages at the configured rates', () => {
    const network = new Network({ nodeCount: 2, clientCount: 0, random: new Random(5), lossProbability: 0.2, duplicateProbability: 0.1 });
    const counts = [0, 0, 0];
    for (let index = 0; index < 20_000; index++) counts[network.route(0, 1, 0)]!++;
    expect(counts[0]! / 20_000).toBeCloseTo(0.2, 1);
    expect(counts[2]! / counts[1]!).toBeCloseTo(0.1 / 0.9, 1);
  });

  it('message faults of the nemesis touch only the links of their node, and end', () => {
    const spread = { distribution: 'uniform' as const, minMs: 0, maxMs: 100 };
    const network = new Network({ nodeCount: 3, clientCount: 1, random: new Random(3), latency: spread });
    network.setMessageLoss(1, 0.5);
    network.setMessageDuplication(2, 0.25);
    const copies = (from: number, to: number): number[] => {
      const counts = [0, 0, 0];
      for (let index = 0; index < 10_000; index++) counts[network.route(from, to, index)]!++;
      return counts;
    };
    const lossy = copies(0, 1);
    expect(lossy[0]! / 10_000).toBeCloseTo(0.5, 1);
    expect(copies(1, 0)[0]! / 10_000).toBeCloseTo(0.5, 1);
    const duplicated = copies(0, 2);
    expect(duplicated[0]).toBe(0);
    expect(duplicated[2]! / 10_000).toBeCloseTo(0.25, 1);
    expect(copies(1, 2)[0]! / 10_000).toBeCloseTo(0.5, 1); // a link of both: each fault applies
    expect(network.route(3, 1, 0)).toBe(1); // client links: never lost
    network.setMessageLoss(1, 0);
    network.setMessageDuplication(2, 0);
    expect(copies(0, 1)).toEqual([0, 10_000, 0]);
    expect(copies(0, 2)).toEqual([0, 10_000, 0]);
    const arrivals = (from: number, to: number): number[] =>
      Array.from({ length: 200 }, (_, index) => {
        network.route(from, to, 20_000 + index);
        return network.firstArrivalMs;
      });
    network.setReorder(2, true);
    const shuffled = arrivals(0, 2);
    expect(shuffled).not.toEqual([...shuffled].sort((a, b) => a - b));
    const stillFifo = arrivals(0, 1);
    expect(stillFifo).toEqual([...stillFifo].sort((a, b) => a - b));
    network.setReorder(2, false);
    const fifoAgain = arrivals(2, 1);
    expect(fifoAgain).toEqual([...fifoAgain].sort((a, b) => a - b));
    expect(() => network.setMessageLoss(1, 1.5)).toThrow(/message-loss probability/);
  });

  it('client links have zero latency by default and are never cut or lost', () => {
    const network = new Network({ nodeCount: 2, clientCount: 1, random: new Random(1), lossProbability: 1 });
    network.isolate(0);
    expect(network.route(2, 0, 7)).toBe(1);
    expect(network.firstArrivalMs).toBe(7);
    expect(network.route(0, 1, 7)).toBe(0);
  });

  it('uses the region matrix and latency spikes', () => {
    const network = new Network({
      nodeCount: 3,
      clientCount: 0,
      random: new Random(1),
      latency: { distribution: 'constant', ms: 1 },
      regions: { nodes: ['eu', 'eu', 'us'], latency: { eu: { us: { distribution: 'constant', ms: 80 } } } },
    });
    network.route(0, 1, 0);
    expect(network.firstArrivalMs).toBe(1);
    network.route(2, 0, 0);
    expect(network.firstArrivalMs).toBe(80);
    network.setExtraLatency(1, 200);
    network.route(0, 1, 10);
    expect(network.firstArrivalMs).toBe(211);
    expect(describeNetwork({ regions: { nodes: ['eu', 'us'], latency: { eu: { us: { distribution: 'constant', ms: 80 } } } } }).regions).toBe('0:eu 1:us; eu→us constant 80ms');
    expect(() => new Network({ nodeCount: 2, clientCount: 0, random: new Random(1), lossProbability: 2 })).toThrow(/lossProbability/);
  });
});
