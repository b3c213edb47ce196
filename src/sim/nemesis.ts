import { invalidOption } from '../errors.js';
import type { Random } from '../runtime/random.js';
import { type Fault, type FaultKind, type RandomFaults, type ScheduledFault, describeFault, faultKinds, nodesOf, resolveRandomFaults } from './fault.js';
import type { Kernel } from './kernel.js';
import type { RunMetrics } from './run-metrics.js';

interface ActiveFault {
  readonly fault: Fault;
  readonly window: number;
}

/**
 * Injects faults into a running {@link Kernel}: a fixed schedule, faults drawn from the seed, or
 * both. Overlapping faults compose (ending one partition keeps the links another one cuts). Every
 * fault it injects is kept in {@link injected}, with its drawn parameters, for the report.
 *
 * @example
 * ```ts
 * const nemesis = new Nemesis({ kernel, metrics, random: random.fork(), schedule: [{ atMs: 100, durationMs: 500, fault: { kind: 'crash', nodes: [0] } }] });
 * nemesis.start();
 * ```
 */
export class Nemesis {
  /** Every fault injected so far, in order, with when it started and how long it was meant to last. */
  readonly injected: ScheduledFault[] = [];
  private readonly kernel: Kernel;
  private readonly metrics: RunMetrics;
  private readonly random: Random;
  private readonly schedule: readonly ScheduledFault[];
  private readonly randomFaults: Required<RandomFaults> | undefined;
  private readonly active = new Set<ActiveFault>();
  private stopped = false;

  constructor(options: { readonly kernel: Kernel; readonly metrics: RunMetrics; readonly random: Random; readonly schedule?: readonly ScheduledFault[]; readonly randomFaults?: RandomFaults }) {
    this.kernel = options.kernel;
    this.metrics = options.metrics;
    this.random = options.random;
    this.schedule = options.schedule ?? [];
    for (const [index, entry] of this.schedule.entries()) {
      if (!(entry.atMs >= 0) || !Number.isFinite(entry.atMs)) throw invalidOption(`faults[${index}].atMs`, entry.atMs, 'a time in ms >= 0');
      if (entry.durationMs !== undefined && !(entry.durationMs > 0)) throw invalidOption(`faults[${index}].durationMs`, entry.durationMs, 'a duration in ms > 0');
      for (const node of nodesOf(entry.fault)) {
        if (!Number.isInteger(node) || node < 0 || node >= this.kernel.nodeCount) throw invalidOption(`faults[${index}] node`, node, `a node from 0 to ${this.kernel.nodeCount - 1}`);
      }
    }
    const drawn = options.randomFaults;
    if (drawn !== undefined) {
      for (const kind of drawn.kinds) if (!faultKinds.includes(kind)) throw invalidOption('randomFaults.kinds', kind, faultKinds.join(', '));
      this.randomFaults = resolveRandomFaults(drawn);
    }
  }

  /** Schedules the fixed faults and the first drawn one. */
  start(): void {
    for (const entry of this.schedule) this.kernel.at(entry.atMs, () => this.inject(entry.fault, entry.durationMs));
    if (this.randomFaults !== undefined && this.randomFaults.kinds.length > 0) this.scheduleNextRandom();
  }

  /** Ends every active fault and injects no more (the workload is over; the cluster may now settle). */
  stopAndHeal(): void {
    this.stopped = true;
    for (const active of [...this.active]) this.end(active);
  }

  private inject(fault: Fault, durationMs: number | undefined): void {
    if (this.stopped) return;
    const now = this.kernel.nowMs;
    this.injected.push(durationMs === undefined ? { atMs: now, fault } : { atMs: now, durationMs, fault });
    const description = describeFault(fault);
    this.kernel.note(`nemesis start ${description}${durationMs === undefined ? '' : ` for ${durationMs.toFixed(1)}ms`}`);
    const active: ActiveFault = { fault, window: this.metrics.faultStarted(description, now) };
    this.active.add(active);
    this.apply(fault);
    if (durationMs !== undefined) this.kernel.at(now + durationMs, () => this.end(active));
  }

  private end(active: ActiveFault): void {
    if (!this.active.delete(active)) return;
    const fault = active.fault;
    const now = this.kernel.nowMs;
    this.kernel.note(`nemesis end ${describeFault(fault)}`);
    this.metrics.faultEnded(active.window, now);
    switch (fault.kind) {
      case 'partition':
      case 'partition-one-way':
      case 'isolate':
        this.kernel.network.heal();
        for (const other of this.active) if (isCut(other.fault)) this.apply(other.fault);
        break;
      case 'crash':
      case 'disk-fault':
        for (const node of fault.nodes) if (!this.stillCrashed(node)) this.kernel.restart(node);
        break;
      case 'pause':
        for (const node of fault.nodes) if (!this.stillPaused(node)) this.kernel.resume(node);
        break;
      case 'clock-skew':
        for (const node of fault.nodes) this.kernel.clockOf(node).reset(now);
        break;
      case 'latency-spike':
        for (const node of fault.nodes) this.kernel.network.setExtraLatency(node, 0);
        for (const other of this.active) if (other.fault.kind === 'latency-spike') this.apply(other.fault);
        break;
      case 'message-loss':
        for (const node of fault.nodes) this.kernel.network.setMessageLoss(node, 0);
        for (const other of this.active) if (other.fault.kind === 'message-loss') this.apply(other.fault);
        break;
      case 'message-duplication':
        for (const node of fault.nodes) this.kernel.network.setMessageDuplication(node, 0);
        for (const other of this.active) if (other.fault.kind === 'message-duplication') this.apply(other.fault);
        break;
      case 'message-reorder':
        for (const node of fault.nodes) this.kernel.network.setReorder(node, false);
        for (const other of this.active) if (other.fault.kind === 'message-reorder') this.apply(other.fault);
        break;
    }
  }

  private apply(fault: Fault): void {
    const network = this.kernel.network;
    switch (fault.kind) {
      case 'partition':
        network.partition(fault.groups);
        break;
      case 'partition-one-way':
        network.partitionOneWay(fault.from, fault.to);
        break;
      case 'isolate':
        network.isolate(fault.node);
        break;
      case 'crash':
        for (const node of fault.nodes) this.kernel.crash(node);
        break;
      case 'disk-fault':
        for (const node of fault.nodes) this.kernel.crash(node, { loseUnsyncedWrites: true });
        break;
      case 'pause':
        for (const node of fault.nodes) this.kernel.pause(node, { clockStops: fault.clockStops === true });
        break;
      case 'clock-skew': {
        const now = this.kernel.nowMs;
        for (const node of fault.nodes) {
          const clock = this.kernel.clockOf(node);
          clock.adjust(now, fault.skewMs);
          if (fault.driftPpm !== undefined) clock.setDrift(now, fault.driftPpm / 1e6);
        }
        break;
      }
      case 'latency-spike':
        for (const node of fault.nodes) network.setExtraLatency(node, fault.extraMs);
        break;
      case 'message-loss':
        for (const node of fault.nodes) network.setMessageLoss(node, Math.max(fault.probability, this.activeProbability('message-loss', node)));
        break;
      case 'message-duplication':
        for (const node of fault.nodes) network.setMessageDuplication(node, Math.max(fault.probability, this.activeProbability('message-duplication', node)));
        break;
      case 'message-reorder':
        for (const node of fault.nodes) network.setReorder(node, true);
        break;
    }
  }

  /** The highest probability an active message fault of `kind` already gives `node` (overlapping faults keep the worst). */
  private activeProbability(kind: 'message-loss' | 'message-duplication', node: number): number {
    let highest = 0;
    for (const other of this.active) if (other.fault.kind === kind && other.fault.nodes.includes(node)) highest = Math.max(highest, other.fault.probability);
    return highest;
  }

  private stillCrashed(node: number): boolean {
    for (const other of this.active) if ((other.fault.kind === 'crash' || other.fault.kind === 'disk-fault') && other.fault.nodes.includes(node)) return true;
    return false;
  }

  private stillPaused(node: number): boolean {
    for (const other of this.active) if (other.fault.kind === 'pause' && other.fault.nodes.includes(node)) return true;
    return false;
  }

  private scheduleNextRandom(): void {
    const settings = this.randomFaults as Required<RandomFaults>;
    const quietMs = round(this.random.exponential(settings.meanIntervalMs));
    this.kernel.at(this.kernel.nowMs + quietMs, () => {
      if (this.stopped) return;
      const kind = this.random.pick(settings.kinds);
      const fault = this.drawFault(kind, settings);
      const durationMs = round(Math.max(settings.meanDurationMs * 0.1, this.random.exponential(settings.meanDurationMs)));
      this.inject(fault, durationMs);
      this.kernel.at(this.kernel.nowMs + durationMs, () => this.scheduleNextRandom());
    });
  }

  private drawFault(kind: FaultKind, settings: Required<RandomFaults>): Fault {
    const nodes = Array.from({ length: this.kernel.nodeCount }, (_, node) => node);
    const random = this.random;
    const minority = (): number[] => random.shuffle([...nodes]).slice(0, Math.max(1, Math.floor((nodes.length - 1) / 2)));
    switch (kind) {
      case 'partition': {
        const shuffled = random.shuffle([...nodes]);
        const cut = nodes.length < 2 ? 1 : 1 + random.int(nodes.length - 1);
        return { kind, groups: [shuffled.slice(0, cut).sort(byNumber), shuffled.slice(cut).sort(byNumber)].filter((group) => group.length > 0) };
      }
      case 'partition-one-way': {
        const shuffled = random.shuffle([...nodes]);
        const cut = nodes.length < 2 ? 1 : 1 + random.int(nodes.length - 1);
        return { kind, from: shuffled.slice(0, cut).sort(byNumber), to: shuffled.slice(cut).sort(byNumber) };
      }
      case 'isolate':
        return { kind, node: random.int(nodes.length) };
      case 'crash':
        return { kind, nodes: minority().sort(byNumber) };
      case 'clock-skew':
        return { kind, nodes: [random.int(nodes.length)], skewMs: round((random.float() * 2 - 1) * settings.maxSkewMs), driftPpm: round((random.float() * 2 - 1) * 500) };
      case 'latency-spike':
        return { kind, nodes: [random.int(nodes.length)], extraMs: round(settings.maxSpikeMs * (0.1 + 0.9 * random.float())) };
      case 'pause':
        // A GC pause: the wall clock runs on (the VM-suspend case, clock stopped, is scheduled by hand).
        return { kind, nodes: [random.int(nodes.length)] };
      case 'disk-fault':
        return { kind, nodes: minority().sort(byNumber) };
      case 'message-loss':
      case 'message-duplication':
        // One node's links, from a few percent to one message in two.
        return { kind, nodes: [random.int(nodes.length)], probability: Math.round((0.05 + 0.45 * random.float()) * 100) / 100 };
      case 'message-reorder':
        return { kind, nodes: [random.int(nodes.length)] };
    }
  }
}

function isCut(fault: Fault): boolean {
  return fault.kind === 'partition' || fault.kind === 'partition-one-way' || fault.kind === 'isolate';
}

function byNumber(a: number, b: number): number {
  return a - b;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
