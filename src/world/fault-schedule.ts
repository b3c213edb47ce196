import { invalidOption } from '../errors.js';
import type { Random } from '../runtime/random.js';

/**
 * One fault of a world run. Crashes restart after `downMs`; partitions heal after `durationMs`;
 * `loss` and `duplicate` hold for the whole faulty phase. Every fault ends when the faulty phase
 * ends (the world then quiesces and `eventually` invariants are checked).
 *
 * @example
 * ```ts
 * const crash: WorldFault = { kind: 'crash', process: 'payment', atMs: 1_200, downMs: 800 };
 * ```
 */
export type WorldFault =
  | { readonly kind: 'crash'; readonly process: string; readonly atMs: number; readonly downMs: number }
  | { readonly kind: 'broker-crash'; readonly atMs: number; readonly downMs: number }
  | { readonly kind: 'partition'; readonly groups: ReadonlyArray<readonly string[]>; readonly atMs: number; readonly durationMs: number }
  | { readonly kind: 'clock-skew'; readonly process: string; readonly atMs: number; readonly deltaMs: number }
  | { readonly kind: 'loss'; readonly probability: number }
  | { readonly kind: 'duplicate'; readonly probability: number };

/**
 * What faults a world run draws from its seed.
 *
 * @example
 * ```ts
 * const faults: WorldFaultOptions = { crashes: 2, partitions: 1, clockSkews: 1, lossProbability: 0.02 };
 * ```
 */
export interface WorldFaultOptions {
  /** Process crashes (each followed by a restart). Default 1. */
  readonly crashes?: number;
  /** Processes that may crash. Default: all of them. */
  readonly crashable?: readonly string[];
  /** How long a crashed process stays down, in ms: [min, max]. Default [100, 2000]. */
  readonly downMs?: readonly [number, number];
  /**
   * Crashes of the broker (each followed by a restart): what it stored survives, deliveries in
   * flight are lost and redelivered after the ack wait, publishes time out while it is down.
   * Default 0.
   */
  readonly brokerCrashes?: number;
  /** How long a crashed broker stays down, in ms: [min, max]. Default [100, 2000]. */
  readonly brokerDownMs?: readonly [number, number];
  /** Network partitions (random halves of the processes and the broker). Default 1. */
  readonly partitions?: number;
  /** How long a partition lasts, in ms: [min, max]. Default [200, 3000]. */
  readonly partitionMs?: readonly [number, number];
  /** Wall-clock jumps. Default 1. */
  readonly clockSkews?: number;
  /** Largest jump, in ms (either way). Default 1000. */
  readonly maxSkewMs?: number;
  /** Largest clock drift per process, in parts per million (either way; not a fault: always on). Default 100. */
  readonly maxDriftPpm?: number;
  /** Probability that a message between processes is lost. Default 0.01. */
  readonly lossProbability?: number;
  /** Probability that a message between processes is delivered twice. Default 0.01. */
  readonly duplicateProbability?: number;
}

const MAX_FAULTS = 1_000;

function count(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_FAULTS) throw invalidOption(name, value, `an integer in 0..${MAX_FAULTS}`);
  return n;
}

function range(name: string, value: readonly [number, number] | undefined, fallback: readonly [number, number]): readonly [number, number] {
  const [low, high] = value ?? fallback;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low >= 0 && high >= low)) throw invalidOption(name, value, 'a pair [min, max] of ms with 0 <= min <= max');
  return [low, high];
}

function probability(name: string, value: number | undefined, fallback: number): number {
  const p = value ?? fallback;
  if (!(p >= 0 && p <= 1)) throw invalidOption(name, value, 'a probability in 0..1');
  return p;
}

function between(random: Random, [low, high]: readonly [number, number]): number {
  return Math.round(low + random.float() * (high - low));
}

/**
 * Draws a run's fault schedule from `random`: the same random state gives the same schedule.
 * Faults fall in the faulty phase `[0, durationMs)`; the schedule is sorted by time (ambient
 * faults first).
 *
 * @example
 * ```ts
 * const schedule = drawFaults(new Random(7), { crashes: 2 }, ['orders', 'payment'], 10_000);
 * ```
 */
export function drawFaults(random: Random, options: WorldFaultOptions, processes: readonly string[], durationMs: number): WorldFault[] {
  const crashable = options.crashable ?? processes;
  for (const name of crashable) if (!processes.includes(name)) throw invalidOption('faults.crashable', name, `one of the processes (${processes.join(', ')})`);
  const crashes = count('faults.crashes', options.crashes, 1);
  const partitions = count('faults.partitions', options.partitions, 1);
  const skews = count('faults.clockSkews', options.clockSkews, 1);
  const downMs = range('faults.downMs', options.downMs, [100, 2_000]);
  const partitionMs = range('faults.partitionMs', options.partitionMs, [200, 3_000]);
  const maxSkewMs = options.maxSkewMs ?? 1_000;
  if (!(maxSkewMs >= 0 && Number.isFinite(maxSkewMs))) throw invalidOption('faults.maxSkewMs', options.maxSkewMs, 'a finite number >= 0');
  const loss = probability('faults.lossProbability', options.lossProbability, 0.01);
  const duplicate = probability('faults.duplicateProbability', options.duplicateProbability, 0.01);
  const timed: WorldFault[] = [];
  for (let index = 0; index < crashes && crashable.length > 0; index++) {
    timed.push({ kind: 'crash', process: random.pick(crashable), atMs: random.int(durationMs), downMs: between(random, downMs) });
  }
  const members = [...processes, BROKER];
  for (let index = 0; index < partitions && members.length > 1; index++) {
    const side: string[] = [];
    const other: string[] = [];
    for (const member of members) (random.float() < 0.5 ? side : other).push(member);
    if (side.length === 0) side.push(other.shift() as string);
    if (other.length === 0) other.push(side.shift() as string);
    timed.push({ kind: 'partition', groups: [side, other], atMs: random.int(durationMs), durationMs: between(random, partitionMs) });
  }
  for (let index = 0; index < skews && maxSkewMs > 0; index++) {
    timed.push({ kind: 'clock-skew', process: random.pick(processes), atMs: random.int(durationMs), deltaMs: Math.round((random.float() * 2 - 1) * maxSkewMs) });
  }
  // Drawn last, so a schedule without broker crashes is the one drawn before they existed.
  const brokerCrashes = count('faults.brokerCrashes', options.brokerCrashes, 0);
  const brokerDownMs = range('faults.brokerDownMs', options.brokerDownMs, [100, 2_000]);
  for (let index = 0; index < brokerCrashes; index++) {
    timed.push({ kind: 'broker-crash', atMs: random.int(durationMs), downMs: between(random, brokerDownMs) });
  }
  timed.sort((a, b) => atOf(a) - atOf(b));
  const ambient: WorldFault[] = [];
  if (loss > 0) ambient.push({ kind: 'loss', probability: loss });
  if (duplicate > 0) ambient.push({ kind: 'duplicate', probability: duplicate });
  return [...ambient, ...timed];
}

/** The name of the world's message broker in partitions and traces. */
export const BROKER = 'broker';

function atOf(fault: WorldFault): number {
  return 'atMs' in fault ? fault.atMs : -1;
}

/**
 * One line for a fault, as reports print it.
 *
 * @example
 * ```ts
 * describeWorldFault({ kind: 'crash', process: 'payment', atMs: 1200, downMs: 800 }); // 'crash payment at 1200 ms for 800 ms'
 * ```
 */
export function describeWorldFault(fault: WorldFault): string {
  switch (fault.kind) {
    case 'crash':
      return `crash ${fault.process} at ${fault.atMs} ms for ${fault.downMs} ms`;
    case 'broker-crash':
      return `crash ${BROKER} at ${fault.atMs} ms for ${fault.downMs} ms`;
    case 'partition':
      return `partition ${fault.groups.map((group) => `{${group.join(', ')}}`).join(' | ')} at ${fault.atMs} ms for ${fault.durationMs} ms`;
    case 'clock-skew':
      return `clock of ${fault.process} jumps ${fault.deltaMs > 0 ? '+' : ''}${fault.deltaMs} ms at ${fault.atMs} ms`;
    case 'loss':
      return `message loss ${fault.probability * 100}%`;
    case 'duplicate':
      return `message duplication ${fault.probability * 100}%`;
    default:
      throw new RangeError(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`);
  }
}

/**
 * The size of a fault, the one number shrinking makes smaller: how long a crash keeps its process
 * (or the broker) down, how long a partition lasts, how far a clock jumps, how likely a message is
 * lost or duplicated.
 *
 * @example
 * ```ts
 * faultMagnitude({ kind: 'crash', process: 'p', atMs: 10, downMs: 800 }); // 800
 * ```
 */
export function faultMagnitude(fault: WorldFault): number {
  switch (fault.kind) {
    case 'crash':
    case 'broker-crash':
      return fault.downMs;
    case 'partition':
      return fault.durationMs;
    case 'clock-skew':
      return Math.abs(fault.deltaMs);
    case 'loss':
    case 'duplicate':
      return fault.probability;
    default:
      throw new RangeError(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`);
  }
}

/**
 * The fault with another size (a clock jump keeps its direction). Refuses a size the fault cannot
 * have: a negative one, or a probability above 1.
 *
 * @example
 * ```ts
 * withMagnitude({ kind: 'loss', probability: 0.02 }, 0.005); // { kind: 'loss', probability: 0.005 }
 * ```
 */
export function withMagnitude(fault: WorldFault, magnitude: number): WorldFault {
  const probabilityFault = fault.kind === 'loss' || fault.kind === 'duplicate';
  if (!(Number.isFinite(magnitude) && magnitude >= 0 && (!probabilityFault || magnitude <= 1))) {
    throw invalidOption('magnitudes', magnitude, probabilityFault ? 'a probability in 0..1' : 'a number of ms >= 0');
  }
  switch (fault.kind) {
    case 'crash':
    case 'broker-crash':
      return { ...fault, downMs: magnitude };
    case 'partition':
      return { ...fault, durationMs: magnitude };
    case 'clock-skew':
      return { ...fault, deltaMs: fault.deltaMs < 0 ? -magnitude : magnitude };
    case 'loss':
    case 'duplicate':
      return { ...fault, probability: magnitude };
    default:
      throw new RangeError(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`);
  }
}
