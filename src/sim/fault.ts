import { invalidOption } from '../errors.js';
/**
 * One fault the nemesis can inject. Node numbers are 0-based.
 *
 * @example
 * ```ts
 * const split: Fault = { kind: 'partition', groups: [[0, 1], [2, 3, 4]] };
 * const slowClock: Fault = { kind: 'clock-skew', nodes: [2], skewMs: -400, driftPpm: 200 };
 * ```
 */
export type Fault =
  /** Cuts every link between different groups, both ways. */
  | { readonly kind: 'partition'; readonly groups: ReadonlyArray<readonly number[]> }
  /** Cuts the links from each of `from` to each of `to` only. */
  | { readonly kind: 'partition-one-way'; readonly from: readonly number[]; readonly to: readonly number[] }
  /** Cuts every link of one node. */
  | { readonly kind: 'isolate'; readonly node: number }
  /** Crashes nodes (volatile state lost); they restart when the fault ends. */
  | { readonly kind: 'crash'; readonly nodes: readonly number[] }
  /** Jumps the nodes' clocks by `skewMs` and makes them drift by `driftPpm`; NTP corrects them when the fault ends. */
  | { readonly kind: 'clock-skew'; readonly nodes: readonly number[]; readonly skewMs: number; readonly driftPpm?: number }
  /** Adds `extraMs` to every message to or from the nodes. */
  | { readonly kind: 'latency-spike'; readonly nodes: readonly number[]; readonly extraMs: number }
  /**
   * Freezes the nodes (a stop-the-world GC, a VM suspended): they run nothing, then resume with
   * their old state when the fault ends and handle what waited. With `clockStops` their clocks do
   * not count the pause (a suspended VM's monotonic clock).
   */
  | { readonly kind: 'pause'; readonly nodes: readonly number[]; readonly clockStops?: boolean }
  /** Crashes the nodes in a power loss: writes not yet fsynced are lost (per each model's durability); they restart when the fault ends. */
  | { readonly kind: 'disk-fault'; readonly nodes: readonly number[] }
  /** Loses each node-to-node message to or from the nodes with `probability` (a flaky NIC or switch port). */
  | { readonly kind: 'message-loss'; readonly nodes: readonly number[]; readonly probability: number }
  /** Delivers each node-to-node message to or from the nodes twice with `probability` (a retransmitting proxy). */
  | { readonly kind: 'message-duplication'; readonly nodes: readonly number[]; readonly probability: number }
  /** The links to and from the nodes stop being FIFO: a message may overtake one sent before it (UDP, several connections). */
  | { readonly kind: 'message-reorder'; readonly nodes: readonly number[] };

/** The kinds of {@link Fault}. */
export type FaultKind = Fault['kind'];

/**
 * Every fault kind, in the order they are documented.
 *
 * @example
 * ```ts
 * faultKinds.includes('crash'); // true
 * ```
 */
export const faultKinds: readonly FaultKind[] = ['partition', 'partition-one-way', 'isolate', 'crash', 'clock-skew', 'latency-spike', 'pause', 'disk-fault', 'message-loss', 'message-duplication', 'message-reorder'];

/**
 * A fault at a time, for a duration (until the end of the workload when absent).
 *
 * @example
 * ```ts
 * const schedule: ScheduledFault[] = [{ atMs: 500, durationMs: 2_000, fault: { kind: 'isolate', node: 0 } }];
 * ```
 */
export interface ScheduledFault {
  readonly atMs: number;
  readonly durationMs?: number;
  readonly fault: Fault;
}

/**
 * Faults drawn from the run's seed: quiet periods and fault windows alternate until the workload
 * ends, each fault of a kind picked at random with random targets.
 *
 * @example
 * ```ts
 * const nemesis: RandomFaults = { kinds: ['partition', 'crash'], meanIntervalMs: 1_000, meanDurationMs: 2_000 };
 * ```
 */
export interface RandomFaults {
  readonly kinds: readonly FaultKind[];
  /** Mean quiet time before each fault (exponential). Default 1000 ms. */
  readonly meanIntervalMs?: number;
  /** Mean duration of a fault (exponential, at least 10% of the mean). Default 1500 ms. */
  readonly meanDurationMs?: number;
  /** Largest clock jump, either way. Default 2000 ms. */
  readonly maxSkewMs?: number;
  /** Largest extra latency of a spike. Default 500 ms. */
  readonly maxSpikeMs?: number;
}

/**
 * A one-line description: `partition [0 1] | [2 3 4]`, `crash 2`, `clock-skew 1 +300ms 100ppm`.
 *
 * @example
 * ```ts
 * describeFault({ kind: 'isolate', node: 3 }); // 'isolate 3'
 * ```
 */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'partition':
      return `partition ${fault.groups.map((group) => `[${group.join(' ')}]`).join(' | ')}`;
    case 'partition-one-way':
      return `partition-one-way [${fault.from.join(' ')}] -x-> [${fault.to.join(' ')}]`;
    case 'isolate':
      return `isolate ${fault.node}`;
    case 'crash':
      return `crash ${fault.nodes.join(' ')}`;
    case 'clock-skew':
      return `clock-skew ${fault.nodes.join(' ')} ${fault.skewMs >= 0 ? '+' : ''}${round(fault.skewMs)}ms${fault.driftPpm === undefined || fault.driftPpm === 0 ? '' : ` ${round(fault.driftPpm)}ppm`}`;
    case 'latency-spike':
      return `latency-spike ${fault.nodes.join(' ')} +${round(fault.extraMs)}ms`;
    case 'pause':
      return `pause ${fault.nodes.join(' ')}${fault.clockStops === true ? ' (clock stops)' : ''}`;
    case 'disk-fault':
      return `disk-fault ${fault.nodes.join(' ')}`;
    case 'message-loss':
      return `message-loss ${fault.nodes.join(' ')} p=${fault.probability}`;
    case 'message-duplication':
      return `message-duplication ${fault.nodes.join(' ')} p=${fault.probability}`;
    case 'message-reorder':
      return `message-reorder ${fault.nodes.join(' ')}`;
  }
}

/** The nodes a fault names (to check them against the cluster size). */
export function nodesOf(fault: Fault): number[] {
  switch (fault.kind) {
    case 'partition':
      return fault.groups.flat();
    case 'partition-one-way':
      return [...fault.from, ...fault.to];
    case 'isolate':
      return [fault.node];
    case 'crash':
    case 'clock-skew':
    case 'latency-spike':
    case 'pause':
    case 'disk-fault':
    case 'message-loss':
    case 'message-duplication':
    case 'message-reorder':
      return [...fault.nodes];
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * {@link RandomFaults} with every default filled in.
 *
 * @example
 * ```ts
 * resolveRandomFaults({ kinds: ['crash'] }).meanIntervalMs; // 1000
 * ```
 */
export function resolveRandomFaults(faults: RandomFaults): Required<RandomFaults> {
  const resolved = { meanIntervalMs: 1000, meanDurationMs: 1500, maxSkewMs: 2000, maxSpikeMs: 500, ...faults };
  // Checked here, by name: a string '50' would otherwise surface later as an anonymous "mean".
  for (const name of ['meanIntervalMs', 'meanDurationMs', 'maxSkewMs', 'maxSpikeMs'] as const) {
    const value: unknown = resolved[name];
    const positive = name.startsWith('mean');
    if (typeof value !== 'number' || !Number.isFinite(value) || (positive ? value <= 0 : value < 0)) throw invalidOption(`randomFaults.${name}`, value, positive ? 'a finite number of ms > 0' : 'a finite number of ms >= 0');
  }
  return resolved;
}
