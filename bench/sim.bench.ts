// The simulator: simulated events (deliveries and timers) per second of wall time for the
// leaderless model, and memory with the history off (bounded by live state) against on.
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LeaderFollowerProtocol } from '../src/replication/leader-follower.js';
import { LeaderlessProtocol } from '../src/replication/leaderless.js';
import { MultiLeaderProtocol } from '../src/replication/multi-leader.js';
import { RaftProtocol } from '../src/replication/raft.js';
import { EventQueue } from '../src/sim/event-queue.js';
import type { ProtocolModel } from '../src/sim/protocol.js';
import { runSimulation } from '../src/sim/simulation.js';
import { type BenchSuite, type BenchTable, casesTable, formatNumber, measureCases, median } from './harness.js';

setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

const now = (): bigint => process.hrtime.bigint();

function eventsPerSecond(make: () => ProtocolModel, operations: number, rounds: number, faults: boolean, thinkMs = 0): { events: number; wallMs: number; perSecond: number; perCpuSecond: number; faultsInjected: number } {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let events = 0;
  let wallMs = 0;
  let faultsInjected = 0;
  for (let round = 0; round < rounds; round++) {
    const start = now();
    const cpuStart = process.cpuUsage();
    const run = runSimulation({
      seed: round + 1,
      protocol: make(),
      workload: { operations, clients: 16, keys: 100, thinkMs },
      keepHistory: false,
      // Throughput of the model alone: the end-of-run audit by data type (it needs the history) is off.
      audit: false,
      ...(faults ? { faults: { random: { kinds: ['partition', 'crash'], meanIntervalMs: 50, meanDurationMs: 100 } } } : {}),
    });
    const elapsedMs = Number(now() - start) / 1e6;
    const cpu = process.cpuUsage(cpuStart);
    samples.push(run.events.processed / (elapsedMs / 1000));
    cpuSamples.push(run.events.processed / ((cpu.user + cpu.system) / 1e6));
    events = run.events.processed;
    wallMs = elapsedMs;
    faultsInjected = run.faultsInjected.length;
  }
  return { events, wallMs, perSecond: median(samples), perCpuSecond: median(cpuSamples), faultsInjected };
}

/** Peak retained heap (after a full GC, sampled every 65,536 events) during a run. */
function peakHeapMb(operations: number, keepHistory: boolean): number {
  collect();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  runSimulation({
    seed: 1,
    protocol: new LeaderlessProtocol({ n: 3, w: 2, r: 2 }),
    workload: { operations, clients: 16, keys: 100, thinkMs: 0 },
    keepHistory,
    onProgress: () => {
      collect();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    },
  });
  return peak / 2 ** 20;
}

const suite: BenchSuite = {
  name: 'sim',
  description: 'Deterministic simulator: simulated events (deliveries + timers) per second of wall time on one core, and retained memory with the history off vs on.',
  async run(context) {
    const operations = context.quick ? 2_000 : 200_000;
    const rounds = context.quick ? 1 : 3;
    // Warm up the JIT on every path first.
    eventsPerSecond(() => new LeaderlessProtocol({ n: 3, w: 2, r: 2, writeBackOnRead: true, readRepair: true }), context.quick ? 500 : 100_000, 1, true);
    // Raft and multi-leader clients think 1 ms. Raft: with none, a client refused while no leader exists (the first
    // election, a failover) would retry at the same virtual instant and spend its operations without time passing.
    // Multi-leader: local writes answer at once, so with no think time the whole workload ran at virtual time 0 and
    // no drawn fault ever fired.
    const models: Array<[string, () => ProtocolModel, boolean, number?]> = [
      ['leaderless N=3 W=2 R=2', () => new LeaderlessProtocol({ n: 3, w: 2, r: 2 }), false],
      ['leaderless N=3 W=2 R=2, ABD write-back + read repair', () => new LeaderlessProtocol({ n: 3, w: 2, r: 2, writeBackOnRead: true, readRepair: true }), false],
      ['leaderless N=5 W=3 R=3, partitions + crashes', () => new LeaderlessProtocol({ n: 5, w: 3, r: 3 }), true],
      ['leaderless N=3 W=2 R=2, sloppy quorum, partitions + crashes', () => new LeaderlessProtocol({ n: 3, w: 2, r: 2, sloppyQuorum: true }), true],
      ['leader-follower semi-synchronous (1 ack), 3 replicas', () => new LeaderFollowerProtocol({ mode: 'semi-synchronous', replicas: 3 }), false],
      ['multi-leader, 3 regions, LWW on an HLC (clients think 1 ms)', () => new MultiLeaderProtocol({ conflictResolution: 'last-writer-wins' }), false, 1],
      ['multi-leader, 3 regions, siblings (DVV), causal delivery, partitions + crashes (clients think 1 ms)', () => new MultiLeaderProtocol({ conflictResolution: 'vector-clocks-with-siblings', causalDelivery: true }), true, 1],
      ['raft, 3 nodes, ReadIndex reads (clients think 1 ms)', () => new RaftProtocol({ replicas: 3 }), false, 1],
      ['raft, 5 nodes, pre-vote + check-quorum, partitions + crashes (clients think 1 ms)', () => new RaftProtocol({ replicas: 5, preVote: true, checkQuorum: true }), true, 1],
    ];
    const rows: string[][] = [];
    for (const [name, make, faults, thinkMs] of models) {
      const result = eventsPerSecond(make, operations, rounds, faults, thinkMs);
      context.log(`${name}: ${formatNumber(result.perSecond)} events/s of wall time, ${formatNumber(result.perCpuSecond)} per CPU second`);
      rows.push([name, formatNumber(operations), formatNumber(result.events), result.faultsInjected.toLocaleString('en-US'), formatNumber(result.wallMs), `**${formatNumber(result.perSecond)}**`, formatNumber(result.perCpuSecond), result.perSecond >= 1_000_000 ? 'yes' : result.perCpuSecond >= 1_000_000 ? 'per CPU second only' : 'no']);
    }
    const speed: BenchTable = {
      title: 'simulated events per second of wall time (one core, history off, no trace)',
      columns: ['model', 'operations', 'events per run', 'faults injected (last run)', 'wall ms (last run)', 'events/s of wall time (median)', 'events per CPU second (median)', '≥ 1,000,000/s'],
      rows,
      notes: [
        `Median over ${rounds} seeds after a warm-up run; 16 clients with no think time unless the row says so, 100 keys, lognormal(1 ms) links. Events are message deliveries and timer firings (what the issue's target counts). The machine is shared with other jobs (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores at the end of this table), so wall-time figures are a lower bound; events per CPU second (process user + system time, GC threads included) shows the single-core rate without the contention.`,
      ],
    };
    const sizes = context.quick ? [1_000, 4_000] : [50_000, 200_000, 400_000];
    const memoryRows = sizes.map((size) => [formatNumber(size), peakHeapMb(size, false).toFixed(1), peakHeapMb(size, true).toFixed(1)]);
    const memory: BenchTable = {
      title: 'peak retained heap during a run (MB above the baseline, after full GC)',
      columns: ['operations', 'history off', 'history kept'],
      rows: memoryRows,
      notes: ['Leaderless N=3 W=2 R=2, 16 clients, 100 keys. With the history off, memory follows the live state (in-flight requests, the agenda, per-key rings of recent writes, one bit per acknowledged write) rather than the run length; with it kept, it grows with every operation.'],
    };
    const queue = new EventQueue(1024);
    let clock = 0;
    for (let index = 0; index < 512; index++) queue.push(index, 1, 0, 0, 0, null);
    const objectHeap = new ObjectHeap();
    for (let index = 0; index < 512; index++) objectHeap.push({ time: index, sequence: index, payload: null });
    let sequence = 512;
    const heapCases = await measureCases(
      [
        {
          name: 'pacelc EventQueue (typed arrays, pooled slots)',
          subject: true,
          fn: () => {
            const time = queue.topTime();
            queue.release(queue.pop());
            queue.push(time + 1 + (clock++ & 7), 1, 0, 0, 0, null);
          },
        },
        {
          name: 'binary heap of event objects',
          fn: () => {
            const top = objectHeap.pop() as HeapEvent;
            objectHeap.push({ time: top.time + 1 + (clock++ & 7), sequence: sequence++, payload: null });
          },
        },
      ],
      context,
    );
    return [speed, memory, casesTable('agenda: pop the earliest event and schedule one (512 pending)', heapCases, ['The kernel queue keeps (time, sequence, slot) in parallel typed arrays and reuses payload slots: no allocation per event.'])];
  },
};

interface HeapEvent {
  readonly time: number;
  readonly sequence: number;
  readonly payload: unknown;
}

/** The textbook alternative: a binary heap of objects ordered by (time, sequence). */
class ObjectHeap {
  private readonly items: HeapEvent[] = [];

  push(item: HeapEvent): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(item, items[parent] as HeapEvent)) break;
      items[index] = items[parent] as HeapEvent;
      index = parent;
    }
    items[index] = item;
  }

  pop(): HeapEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length && before(items[child + 1] as HeapEvent, items[child] as HeapEvent)) child++;
      if (!before(items[child] as HeapEvent, last)) break;
      items[index] = items[child] as HeapEvent;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

function before(a: HeapEvent, b: HeapEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.sequence < b.sequence);
}

export default suite;
