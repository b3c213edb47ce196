import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LeaderlessProtocol } from '../replication/leaderless.js';
import { runSimulation, type RunOptions } from './simulation.js';

const base = (seed: number): RunOptions => ({
  seed,
  protocol: new LeaderlessProtocol({ n: 3, w: 2, r: 2, readRepair: true, sloppyQuorum: true }),
  workload: { operations: 400, clients: 4, keys: 2, mix: { read: 2, write: 2, cas: 1 }, keyDistribution: { zipf: 1.2 } },
  network: { reorder: true, lossProbability: 0.01, duplicateProbability: 0.01 },
  faults: { random: { kinds: ['partition', 'crash', 'clock-skew', 'latency-spike'], meanIntervalMs: 200, meanDurationMs: 300 } },
});

function traced(seed: number): { sha: string; lines: number; reported: string | undefined; history: string } {
  const hash = createHash('sha256');
  let lines = 0;
  const run = runSimulation({ ...base(seed), trace: (line) => void (hash.update(`${line}\n`), lines++), hashTrace: true });
  return { sha: hash.digest('hex'), lines, reported: run.traceSha256, history: JSON.stringify(run.history) };
}

describe('runSimulation', () => {
  it('is deterministic: the same seed gives the same trace, byte for byte (SHA-256), and the same history', () => {
    const first = traced(11);
    const second = traced(11);
    expect(first.lines).toBeGreaterThan(1000);
    expect(second.sha).toBe(first.sha);
    expect(first.reported).toBe(first.sha);
    expect(second.history).toBe(first.history);
    expect(traced(12).sha).not.toBe(first.sha);
  });

  it('records a well-formed history: invoke then one completion per process, unique written values, Jepsen-style new process after info', () => {
    const run = runSimulation(base(3));
    const history = run.history ?? [];
    const open = new Map<number | string, string>();
    const written = new Set<unknown>();
    let infos = 0;
    const retired = new Set<number | string>();
    for (const event of history) {
      expect(retired.has(event.process)).toBe(false);
      if (event.type === 'invoke') {
        expect(open.has(event.process)).toBe(false);
        open.set(event.process, event.f);
        if (event.f === 'write') {
          expect(written.has(event.value)).toBe(false);
          written.add(event.value);
        }
      } else {
        expect(open.get(event.process)).toBe(event.f);
        open.delete(event.process);
        if (event.type === 'info') {
          infos++;
          retired.add(event.process); // its operation may still be in flight: the client continues as a new process
        }
      }
      expect(typeof event.time).toBe('number');
    }
    expect(open.size).toBe(0);
    expect(history.filter((event) => event.type === 'invoke')).toHaveLength(400);
    expect(infos).toBeGreaterThan(0);
    expect(run.totals.invoked).toBe(400);
    expect(run.faultsInjected.length).toBeGreaterThan(0);
    expect(run.faultWindows.length).toBe(run.faultsInjected.length);
    expect(run.operations.read?.latency.count).toBe(run.operations.read?.ok);
  });

  it('keeps no history when asked, so memory follows the live state, not the run length', () => {
    const run = runSimulation({ ...base(5), workload: { operations: 5_000, clients: 8, thinkMs: 0 }, faults: {}, keepHistory: false });
    expect(run.history).toBeUndefined();
    expect(run.totals.invoked).toBe(5_000);
    expect(run.completed).toBe(true);
  });
});
