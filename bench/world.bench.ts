// The simulated world (`pacelc/world`) running the order-system example: simulated steps per
// second of wall time (and what bounds it), seeds per minute on 1 and 2 worker threads, and the
// time to the first failing seed of each of the three bugs (median over sweeps from different
// starting seeds).
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { settle } from '../src/runtime/settle.js';
import { runWorld, sweepWorld, type WorldDefinition } from '../src/world/index.js';
import { consumerWithoutInbox, nonIdempotentCompensation, orderSystem, relayMarksBeforeAck } from '../examples/sim/order-system/world.js';
import { type BenchSuite, type BenchTable, formatNumber, median } from './harness.js';

const now = (): bigint => process.hrtime.bigint();
const elapsedMs = (start: bigint): number => Number(now() - start) / 1e6;
const worldModule = fileURLToPath(new URL('../examples/sim/order-system/world.ts', import.meta.url));

/** How many empty event-loop turns (the `settle()` the world takes after every step) run per second here: the ceiling of steps/s. */
async function settlesPerSecond(turns: number): Promise<number> {
  const start = now();
  for (let index = 0; index < turns; index++) await settle();
  return turns / (elapsedMs(start) / 1000);
}

async function stepsPerSecond(seeds: number): Promise<{ steps: number; wallMs: number; cpuMs: number }> {
  let steps = 0;
  const cpu = process.cpuUsage();
  const start = now();
  for (let seed = 1; seed <= seeds; seed++) steps += (await runWorld(orderSystem, { seed })).steps;
  const used = process.cpuUsage(cpu);
  return { steps, wallMs: elapsedMs(start), cpuMs: (used.user + used.system) / 1000 };
}

async function seedsPerMinute(seeds: number, jobs: number): Promise<{ wallMs: number; report: string }> {
  const start = now();
  const report = await sweepWorld({ module: worldModule, exportName: 'orderSystem' }, { seeds: [1, seeds], jobs, failFast: false, shrink: false });
  if (report.violatedSeeds.length > 0) throw new Error(`the correct order system failed on seeds ${report.violatedSeeds.join(', ')}`);
  return { wallMs: elapsedMs(start), report: JSON.stringify({ ...report, module: undefined }) };
}

/** Seeds run (and wall time) until the first failing seed, in sweeps that start at 1, 1001, 2001, ... */
async function timeToFirstFailure(world: WorldDefinition, sweeps: number, maxSeeds: number): Promise<{ seeds: number[]; wallMs: number[]; notFound: number }> {
  const seeds: number[] = [];
  const wallMs: number[] = [];
  let notFound = 0;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const first = 1 + sweep * 1_000;
    const start = now();
    const report = await sweepWorld(world, { seeds: [first, first + maxSeeds - 1], failFast: true, shrink: false });
    if (report.firstFailure === undefined) {
      notFound++;
      continue;
    }
    wallMs.push(elapsedMs(start));
    seeds.push(report.runs);
  }
  return { seeds, wallMs, notFound };
}

const suite: BenchSuite = {
  name: 'world',
  description:
    'The order-system world of examples/sim/order-system (four processes: a saga orchestrator with its outbox and relay, payment and inventory behind discovery and breakers, consumers with inboxes; 10 orders; 3 crashes, a partition, a clock jump, 2% loss and 2% duplication per seed): simulated steps per second, seeds per minute on 1 and 2 worker threads, and the time to the first failing seed of each of its three bugs.',
  async run(context) {
    const quick = context.quick;
    const tables: BenchTable[] = [];

    const ceiling = await settlesPerSecond(quick ? 1_000 : 100_000);
    const speed = await stepsPerSecond(quick ? 2 : 100);
    context.log(`steps/s: ${formatNumber(speed.steps / (speed.wallMs / 1000))}`);
    tables.push({
      title: 'simulated steps per second of wall time (one thread)',
      columns: ['seeds', 'steps', 'wall s', 'steps/s', 'virtual s per wall s', 'empty event-loop turns/s (the ceiling)'],
      rows: [
        [
          String(quick ? 2 : 100),
          formatNumber(speed.steps),
          formatNumber(speed.wallMs / 1000),
          `**${formatNumber(speed.steps / (speed.wallMs / 1000))}**`,
          formatNumber(((quick ? 2 : 100) * 16) / (speed.wallMs / 1000)),
          formatNumber(ceiling),
        ],
      ],
      notes: [
        'A step is one event: a message delivery, a timer, a storage commit, a fault. After each one the world yields a macrotask (setImmediate) so that every promise callback the event woke runs before the next event — that is what makes async user code deterministic, and it bounds the rate: the last column is that yield alone, in a loop. Between them sit the user code (the saga orchestrator, the relay, JSON copies of every message and row) and the invariants, checked after every step.',
        `CPU ${formatNumber(speed.cpuMs / 1000)} s for ${formatNumber(speed.wallMs / 1000)} s of wall time. Each seed simulates 16 s (4 s of faults, 12 s of quiet).`,
      ],
    });

    const seeds = quick ? 4 : 200;
    const one = await seedsPerMinute(seeds, 1);
    const two = await seedsPerMinute(seeds, 2);
    if (one.report !== two.report) throw new Error('the 1-job and 2-job sweeps differ: a sweep must not depend on how it ran');
    tables.push({
      title: `order-system sweep of ${seeds} seeds: seeds per minute`,
      columns: ['jobs', 'wall s', 'seeds/minute', 'speed-up'],
      rows: [
        ['1 (this thread)', formatNumber(one.wallMs / 1000), `**${formatNumber((seeds / one.wallMs) * 60_000)}**`, '1.00x'],
        ['2 worker threads', formatNumber(two.wallMs / 1000), `**${formatNumber((seeds / two.wallMs) * 60_000)}**`, `${(one.wallMs / two.wallMs).toFixed(2)}x`],
      ],
      notes: [
        `The two reports are identical (checked). ${availableParallelism()} cores; load average ${loadavg()[0]?.toFixed(1)} at the end. From the TypeScript sources each worker thread first registers tsx and compiles the modules, a start-up cost the built package does not pay.`,
      ],
    });

    const sweeps = quick ? 1 : 20;
    const maxSeeds = quick ? 100 : 1_000;
    const rows: string[][] = [];
    for (const [name, world] of [
      ['consumer without its inbox', consumerWithoutInbox],
      ['relay marks sent before the publish ack', relayMarksBeforeAck],
      ['compensation not idempotent', nonIdempotentCompensation],
    ] as const) {
      const found = await timeToFirstFailure(world, sweeps, maxSeeds);
      context.log(`${name}: median ${found.seeds.length === 0 ? '-' : median(found.seeds)} seeds`);
      rows.push([
        name,
        `${sweeps - found.notFound}/${sweeps}`,
        found.seeds.length === 0 ? '-' : String(median(found.seeds)),
        found.seeds.length === 0 ? '-' : `${Math.min(...found.seeds)}–${Math.max(...found.seeds)}`,
        found.wallMs.length === 0 ? '-' : `**${formatNumber(median(found.wallMs) / 1000)}**`,
      ]);
    }
    tables.push({
      title: 'time to the first failing seed, per bug (one thread)',
      columns: ['bug', 'sweeps that found it', 'median seeds to the first failure', 'range', 'median wall s'],
      rows,
      notes: [
        `${sweeps} sweep(s) per bug, starting at seeds 1, 1001, 2001, ...; each stops at its first failing seed (no shrinking), or after ${formatNumber(maxSeeds)} seeds.`,
      ],
    });
    return tables;
  },
};

export default suite;
