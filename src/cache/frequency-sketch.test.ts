import { describe, expect, it } from 'vitest';
import { Doorkeeper } from './doorkeeper.js';
import { FrequencySketch } from './frequency-sketch.js';
import { hashKey } from './hash.js';

describe('FrequencySketch', () => {
  it('counts repeat accesses (the first one only reaches the doorkeeper) and saturates at 15 + 1', () => {
    const sketch = new FrequencySketch(1_000);
    const hash = hashKey('hot');
    expect(sketch.frequency(hash)).toBe(0);
    sketch.increment(hash);
    expect(sketch.frequency(hash)).toBe(1);
    for (let access = 0; access < 5; access++) sketch.increment(hash);
    expect(sketch.frequency(hash)).toBe(6);
    for (let access = 0; access < 100; access++) sketch.increment(hash);
    expect(sketch.frequency(hash)).toBe(16);
  });

  it('never under-counts between resets, and rarely over-counts', () => {
    const sketch = new FrequencySketch(1_000);
    const counts = new Map<number, number>();
    for (let key = 0; key < 500; key++) {
      const times = (key % 7) + 1;
      for (let access = 0; access < times; access++) sketch.increment(hashKey(`k${key}`));
      counts.set(key, times);
    }
    let exact = 0;
    for (const [key, times] of counts) {
      const estimate = sketch.frequency(hashKey(`k${key}`));
      expect(estimate).toBeGreaterThanOrEqual(Math.min(times, 16));
      if (estimate === times) exact++;
    }
    expect(exact / counts.size).toBeGreaterThan(0.95);
  });

  it('ages: after 10 × capacity accesses every count is halved, so old popularity fades', () => {
    const sketch = new FrequencySketch(100);
    const old = hashKey('old');
    for (let access = 0; access < 9; access++) sketch.increment(old);
    expect(sketch.frequency(old)).toBe(9);
    for (let access = 0; access < 1_000; access++) sketch.increment(hashKey(`noise${access}`));
    expect(sketch.resets).toBeGreaterThanOrEqual(1);
    expect(sketch.frequency(old)).toBeLessThanOrEqual(4);
  });
});

describe('Doorkeeper', () => {
  it('admits a key once, then reports it seen, until cleared', () => {
    const doorkeeper = new Doorkeeper(1_000);
    const hash = hashKey('a');
    expect(doorkeeper.contains(hash)).toBe(false);
    expect(doorkeeper.put(hash)).toBe(true);
    expect(doorkeeper.put(hash)).toBe(false);
    doorkeeper.clear();
    expect(doorkeeper.contains(hash)).toBe(false);
  });

  it('has a low false-positive rate at its design load', () => {
    const doorkeeper = new Doorkeeper(10_000);
    for (let key = 0; key < 10_000; key++) doorkeeper.put(hashKey(`in${key}`));
    let falsePositives = 0;
    for (let key = 0; key < 10_000; key++) if (doorkeeper.contains(hashKey(`out${key}`))) falsePositives++;
    expect(falsePositives / 10_000).toBeLessThan(0.03);
  });
});
