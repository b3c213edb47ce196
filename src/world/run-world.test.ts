import { describe, expect, it } from 'vitest';
import { twoProcess } from '../../examples/sim/two-process/world.js';
import { defineWorld, runWorld } from './run-world.js';
import { faultMagnitude, withMagnitude, type WorldFault } from './fault-schedule.js';
import { shrinkFaults, sweepWorld } from './sweep-world.js';

describe('runWorld', () => {
  it('is deterministic: the same seed gives the same run, byte for byte; another seed another run', async () => {
    const a = await runWorld(twoProcess, { seed: 7, keepTrace: true });
    const b = await runWorld(twoProcess, { seed: 7, keepTrace: true });
    expect(b.trace).toEqual(a.trace);
    expect(b.traceSha256).toBe(a.traceSha256);
    expect((a.trace ?? []).length).toBeGreaterThan(50);
    const c = await runWorld(twoProcess, { seed: 8 });
    expect(c.traceSha256).not.toBe(a.traceSha256);
  });

  it('keeps what a crashed process committed and loses what it had not, and runs its start-up code again', async () => {
    const starts: number[] = [];
    let deadTimerFired = false;
    const world = defineWorld({
      name: 'crash',
      durationMs: 100,
      quiesceMs: 100,
      setup(w) {
        w.process('store', async (p) => {
          starts.push(p.incarnation);
          const db = p.database();
          if (p.incarnation > 1) return;
          await db.transaction((tx) => tx.put('t', 'committed', 1)); // commits at 0.2 ms
          void db.transaction((tx) => tx.put('t', 'in-flight', 1)); // would commit at 0.4 ms
          p.runtime.setTimer(0.1, () => void (deadTimerFired = true)); // due at 0.3 ms
        });
        w.eventually('the committed row survived, the in-flight one did not', () => {
          const view = w.database('store');
          return (view.get('t', 'committed') === 1 && view.get('t', 'in-flight') === undefined) || JSON.stringify(view.rows('t'));
        });
      },
    });
    const result = await runWorld(world, { seed: 1, schedule: [{ kind: 'crash', process: 'store', atMs: 0.3, downMs: 10 }] });
    expect(result.violations).toEqual([]);
    expect(result.crashes).toBe(1);
    expect(starts).toEqual([1, 3]); // the start-up code ran again after the restart
    expect(deadTimerFired).toBe(false);
    // Without the crash, the in-flight commit lands: the same check fails.
    const uncrashed = await runWorld(world, { seed: 1, schedule: [] });
    expect(uncrashed.violations[0]?.invariant).toBe('the committed row survived, the in-flight one did not');
  });

  it('finds the two-process bug in a sweep, shrinks its faults and reports an unreached sometimes', async () => {
    const report = await sweepWorld(twoProcess, { seeds: [1, 20] });
    expect(report.firstFailure?.violations[0]?.invariant).toBe('the sum never exceeds the adds requested');
    expect(report.shrunk).toBeDefined();
    expect(report.shrunk?.faults.length).toBeLessThan(report.firstFailure?.schedule.length ?? 0);
    expect(report.shrunk?.result.verdict).toBe('violated');
    const again = await shrinkFaults(twoProcess, report.firstFailure as NonNullable<typeof report.firstFailure>, 200);
    expect(again.keptFaults).toEqual(report.shrunk?.keptFaults);
    expect(again.magnitudes).toEqual(report.shrunk?.magnitudes);
  });

  it('shrinks the size of the faults it keeps: each smaller size still breaks the invariant, half of it would not', async () => {
    const report = await sweepWorld(twoProcess, { seeds: [1, 20] });
    const failing = report.firstFailure as NonNullable<typeof report.firstFailure>;
    const shrunk = report.shrunk as NonNullable<typeof report.shrunk>;
    const broken = failing.violations[0]?.invariant;
    expect(Object.keys(shrunk.magnitudes).length).toBeGreaterThan(0);
    for (const [key, size] of Object.entries(shrunk.magnitudes)) {
      const index = Number(key);
      expect(size).toBeLessThan(faultMagnitude(failing.schedule[index] as WorldFault));
      expect(shrunk.keptFaults).toContain(index);
    }
    const replay = await runWorld(twoProcess, { seed: failing.seed, keepFaults: shrunk.keptFaults, magnitudes: shrunk.magnitudes });
    expect(replay.traceSha256).toBe(shrunk.result.traceSha256);
    expect(replay.violations[0]?.invariant).toBe(broken);
    expect(replay.magnitudes).toEqual(shrunk.magnitudes);
    // One step further (every shrunk size halved once more) no longer breaks it, or there was nothing left to halve.
    const [firstKey, firstSize] = Object.entries(shrunk.magnitudes)[0] as [string, number];
    const fault = failing.schedule[Number(firstKey)] as WorldFault;
    const half = fault.kind === 'loss' || fault.kind === 'duplicate' ? firstSize / 2 : Math.floor(firstSize / 2);
    if (half >= (fault.kind === 'loss' || fault.kind === 'duplicate' ? 0.001 : 1) && shrunk.runs < 200) {
      const smaller = await runWorld(twoProcess, { seed: failing.seed, keepFaults: shrunk.keptFaults, magnitudes: { ...shrunk.magnitudes, [firstKey]: half } });
      expect(smaller.violations.some((violation) => violation.invariant === broken)).toBe(false);
    }
    expect(() => withMagnitude({ kind: 'loss', probability: 0.1 }, 2)).toThrow(/Invalid option magnitudes/);
    await expect(runWorld(twoProcess, { seed: 1, magnitudes: { 99: 1 } })).rejects.toThrow(/Invalid option magnitudes/);
  });

  it('refuses bad definitions with a RangeError naming the option', () => {
    expect(() => defineWorld({ name: '', setup: () => undefined })).toThrow(/Invalid option name/);
    expect(() => defineWorld({ name: 'x', durationMs: -1, setup: () => undefined })).toThrow(/Invalid option durationMs/);
  });
});

describe('process clocks', () => {
  it('drift per process from the seed, jump with a clock-skew fault, and the world clock stays exact', async () => {
    const readings: Record<string, number[]> = { a: [], b: [] };
    const world = defineWorld({
      name: 'clocks',
      durationMs: 1_000,
      quiesceMs: 1,
      faults: { maxDriftPpm: 1_000 },
      setup(w) {
        for (const name of ['a', 'b'] as const) {
          w.process(name, (p) => {
            const start = p.runtime.clock.nowMs();
            p.runtime.setTimer(500, () => readings[name]?.push(p.runtime.clock.nowMs() - start));
            p.runtime.setTimer(900, () => readings[name]?.push(p.runtime.clock.nowMs() - start));
          });
        }
      },
    });
    await runWorld(world, { seed: 4, schedule: [{ kind: 'clock-skew', process: 'b', atMs: 700, deltaMs: 250 }] });
    // Timers run on the process's own clock: 500 ms of it is 500 ms it reads, whatever its drift.
    expect(readings['a']?.[0]).toBeCloseTo(500, 6);
    expect(readings['a']?.[1]).toBeCloseTo(900, 6);
    // b's wall clock jumped 250 ms ahead at 700 ms of virtual time.
    expect(readings['b']?.[0]).toBeCloseTo(500, 6);
    expect(readings['b']?.[1]).toBeGreaterThan(1_100);
  });
});

describe('clock drift', () => {
  it('gives each process its own rate, drawn from the seed, within maxDriftPpm', async () => {
    const seen: number[] = [];
    const world = defineWorld({
      name: 'drift',
      durationMs: 2_000,
      quiesceMs: 1,
      faults: { maxDriftPpm: 1_000, crashes: 0, partitions: 0, clockSkews: 0 },
      setup(w) {
        for (const name of ['a', 'b']) w.process(name, (p) => p.serve('monotonic', () => p.runtime.clock.monotonicMs()));
        w.client(async (c) => {
          await c.sleep(1_000);
          seen.push(await c.call<number>('a', 'monotonic'), await c.call<number>('b', 'monotonic'));
        });
      },
    });
    await runWorld(world, { seed: 11 });
    const [a = 0, b = 0] = seen;
    // Clients sit next to the processes (no latency): both read at virtual time 1,000 ms.
    expect(Math.abs(a - 1_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(b - 1_000)).toBeLessThanOrEqual(1);
    expect(a).not.toBe(b);
  });
});

describe('the shared cache tier', () => {
  it('outlives the crash of the process that wrote it, and is read by another', async () => {
    let read: unknown;
    const entry = { value: 'v1', freshUntilMs: Number.POSITIVE_INFINITY, staleUntilMs: Number.POSITIVE_INFINITY, recomputeMs: 0, tags: [] };
    const world = defineWorld({
      name: 'cache',
      durationMs: 100,
      quiesceMs: 100,
      setup(w) {
        w.process('writer', async (p) => {
          if (p.incarnation === 1) await p.cacheTier().set('k', entry);
        });
        w.process('reader', (p) => p.runtime.setTimer(50, () => void Promise.resolve(p.cacheTier().get('k')).then((found) => (read = found?.value))));
      },
    });
    const result = await runWorld(world, { seed: 1, schedule: [{ kind: 'crash', process: 'writer', atMs: 10, downMs: 100 }] });
    expect(result.crashes).toBe(1);
    expect(read).toBe('v1');
  });
});

describe('a rejection nobody handles', () => {
  it('is reported as a violation at the step it happened, not a crash of the run', async () => {
    const world = defineWorld({
      name: 'unhandled',
      durationMs: 100,
      quiesceMs: 100,
      setup(w) {
        w.process('careless', (p) => {
          p.runtime.setTimer(10, () => void Promise.reject(new Error('nobody catches me')));
        });
      },
    });
    const result = await runWorld(world, { seed: 1, schedule: [] });
    expect(result.violations).toEqual([
      { invariant: 'no unhandled rejection', kind: 'always', atMs: expect.closeTo(10, 1) as number, message: 'a promise rejection nobody handled (Node would crash the process): Error: nobody catches me' },
    ]);
  });
});
