import { createHash, type Hash } from 'node:crypto';
import { invalidOption } from '../errors.js';
import { Random } from '../runtime/random.js';
import type { Runtime } from '../runtime/runtime.js';
import { settle } from '../runtime/settle.js';
import { checkDelay, sleepOnTimer, type TimerHandle } from '../runtime/timers.js';
import { EventQueue } from '../sim/event-queue.js';
import type { LatencyDistribution } from '../sim/latency.js';
import { Network } from '../sim/network.js';
import { NodeClock } from '../sim/node-clock.js';
import { BROKER, type WorldFault } from './fault-schedule.js';
import { RemoteError, WorldTimeoutError } from './world-errors.js';

/** Wall-clock time (ms since the epoch) at virtual time 0: 2025-01-01T00:00:00Z, so dates in a run look real. */
export const WORLD_START_WALL_MS = 1_735_689_600_000;

/** A handler of calls to a process: returns (or resolves to) the answer; throwing answers with an error. */
export type CallHandler = (payload: unknown, from: string) => unknown;

/** Options of a call over the simulated network. */
export interface CallOptions {
  /** Give up after this long (on the caller's clock), in ms. Default 1,000. */
  readonly timeoutMs?: number;
}

/** An addressable participant: a process, the broker or a client. */
export interface Endpoint {
  readonly name: string;
  readonly address: number;
  /** Whether a message arriving now is received. */
  alive(): boolean;
  /** The handlers of incoming calls. */
  readonly handlers: Map<string, CallHandler>;
}

/** A process of the world: its start-up code, whether it is up, its clock and what survives its crashes. */
export class WorldProcess implements Endpoint {
  readonly name: string;
  readonly address: number;
  readonly start: (context: never) => unknown;
  up = false;
  incarnation = 0;
  readonly clock = new NodeClock();
  readonly handlers = new Map<string, CallHandler>();
  /** The handlers of this incarnation's bus subscriptions, by subscriber id. */
  readonly subscriptionHandlers = new Map<number, (message: never) => unknown>();
  /** What survives a crash: the durable stores, by name. */
  readonly durable = new Map<string, unknown>();
  /** Things to do when the process crashes (drop subscriptions...), cleared at each crash. */
  readonly onCrash: Array<() => void> = [];
  random: Random;

  constructor(name: string, address: number, start: (context: never) => unknown, random: Random) {
    this.name = name;
    this.address = address;
    this.start = start;
    this.random = random;
  }

  alive(): boolean {
    return this.up;
  }
}

/** Options of {@link World}: the network and the run's length. */
export interface WorldEngineOptions {
  readonly seed: number;
  /** Node-to-node latency. Default lognormal, median 1 ms, σ 0.5. */
  readonly latency?: LatencyDistribution;
  /** Whether messages on a link may overtake each other. Default false (FIFO links). */
  readonly reorder?: boolean;
  /** Latency of a durable store's read or commit, in ms. Default 0.2. */
  readonly storageLatencyMs?: number;
  /** Keep every trace line (for `--trace`), not only the last {@link TRACE_TAIL}. */
  readonly keepTrace?: boolean;
}

/** How many of the last trace lines a run keeps for its report. */
export const TRACE_TAIL = 40;

interface PendingCall {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly caller: Endpoint;
  readonly incarnation: number;
  readonly target: string;
  readonly method: string;
  readonly timer: TimerHandle;
}

/** The JSON copy of a value, as it would cross a wire (no shared objects between processes). */
export function overTheWire<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function formatMs(ms: number): string {
  return ms.toFixed(3);
}

/**
 * The engine of a simulated world: virtual time, one event queue, the network between the
 * processes, the broker and the clients, calls with timeouts, and the trace (hashed with SHA-256:
 * a run's fingerprint). After each event, the promise callbacks it woke run to their next wait
 * before the next event, so the run is a pure function of the seed. Higher layers (the world
 * runner, the stores, the bus) build on it; users meet it through `defineWorld`.
 *
 * @example
 * ```ts
 * const world = new World({ seed: 1 });
 * world.schedule(10, () => world.trace('hello'));
 * await world.runUntil(100);
 * ```
 */
export class World {
  readonly random: Random;
  readonly storageLatencyMs: number;
  /** Events run (deliveries, timers, faults, storage commits). */
  steps = 0;
  messagesSent = 0;
  messagesDropped = 0;
  /** Called after every event; returns false to stop the run (an `always` invariant broke). */
  afterStep: (() => boolean) | undefined;
  private nowMs = 0;
  private readonly queue = new EventQueue(1024);
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly byAddress: Endpoint[] = [];
  private network: Network | undefined;
  private readonly networkRandom: Random;
  /** Decides loss and duplication: two draws per message between nodes, whatever the probabilities, so removing one fault leaves the other's decisions as they were. */
  private readonly faultRandom: Random;
  private nodes = 0;
  private lossProbability = 0;
  private duplicateProbability = 0;
  private readonly latency: LatencyDistribution | undefined;
  private readonly reorder: boolean;
  private readonly pending = new Map<number, PendingCall>();
  private nextCallId = 1;
  private readonly hash: Hash = createHash('sha256');
  private readonly tail: string[] = [];
  readonly fullTrace: string[] | undefined;
  private stopped = false;
  /** The runtime of the world itself (exact clock, timers no crash cancels): the registry, the broker, the clients. */
  readonly runtime: Runtime;

  constructor(options: WorldEngineOptions) {
    if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw invalidOption('seed', options.seed, 'a safe integer >= 0');
    this.random = new Random(options.seed);
    this.networkRandom = this.random.fork();
    this.faultRandom = this.networkRandom.fork();
    this.latency = options.latency;
    this.reorder = options.reorder ?? false;
    this.storageLatencyMs = options.storageLatencyMs ?? 0.2;
    if (!(this.storageLatencyMs >= 0 && Number.isFinite(this.storageLatencyMs))) throw invalidOption('storageLatencyMs', options.storageLatencyMs, 'a finite number >= 0');
    this.fullTrace = options.keepTrace === true ? [] : undefined;
    this.runtime = this.endpointRuntime(() => true, () => this.nowMs, () => this.nowMs, this.random.fork());
  }

  /** Virtual time, in ms since the run began. */
  get now(): number {
    return this.nowMs;
  }

  /** The SHA-256 of every trace line so far. */
  traceSha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** The last trace lines (at most {@link TRACE_TAIL}). */
  traceTail(): readonly string[] {
    return this.tail;
  }

  /** Adds a line to the trace (prefixed with the virtual time). */
  trace(line: string): void {
    const text = `${formatMs(this.nowMs)} ${line}`;
    this.hash.update(text).update('\n');
    this.tail.push(text);
    if (this.tail.length > TRACE_TAIL) this.tail.shift();
    this.fullTrace?.push(text);
  }

  /** Adds an endpoint; every endpoint must be added before {@link connect}. */
  addEndpoint(endpoint: Endpoint): void {
    if (this.endpoints.has(endpoint.name)) throw invalidOption('name', endpoint.name, 'a name used once in the world');
    if (endpoint.address !== this.byAddress.length) throw new RangeError(`endpoint ${endpoint.name}: expected address ${this.byAddress.length}, received ${endpoint.address}`);
    this.endpoints.set(endpoint.name, endpoint);
    this.byAddress.push(endpoint);
  }

  /** The endpoint named `name`. */
  endpoint(name: string): Endpoint {
    const endpoint = this.endpoints.get(name);
    if (endpoint === undefined) throw invalidOption('target', name, `a process of the world (${[...this.endpoints.keys()].join(', ')})`);
    return endpoint;
  }

  /**
   * Builds the network once every endpoint is known: `nodes` addresses take part in loss,
   * duplication and partitions (processes and the broker), the rest are clients.
   */
  connect(nodes: number, faults: readonly WorldFault[]): void {
    const loss = faults.find((fault) => fault.kind === 'loss');
    const duplicate = faults.find((fault) => fault.kind === 'duplicate');
    this.nodes = nodes;
    this.lossProbability = loss?.kind === 'loss' ? loss.probability : 0;
    this.duplicateProbability = duplicate?.kind === 'duplicate' ? duplicate.probability : 0;
    this.network = new Network({
      nodeCount: nodes,
      clientCount: this.byAddress.length - nodes,
      reorder: this.reorder,
      ...(this.latency === undefined ? {} : { latency: this.latency }),
      random: this.networkRandom.fork(),
    });
  }

  /** Ends the faulty phase: partitions heal, loss and duplication stop. */
  quiet(): void {
    this.network?.heal();
    this.lossProbability = 0;
    this.duplicateProbability = 0;
  }

  /** Cuts the links between the groups (by endpoint name), both ways. */
  partition(groups: ReadonlyArray<readonly string[]>): void {
    this.network?.partition(groups.map((group) => group.map((name) => this.endpoint(name).address)));
  }

  /** Whether messages between `a` and `b` pass both ways now (no partition cuts them apart). */
  linked(a: Endpoint, b: Endpoint): boolean {
    const network = this.network;
    return network === undefined || (!network.isBlocked(a.address, b.address) && !network.isBlocked(b.address, a.address));
  }

  /** Heals every partition. */
  heal(): void {
    this.network?.heal();
  }

  /** Runs `action` at virtual time `atMs` (not before now). */
  schedule(atMs: number, action: () => void): void {
    this.queue.push(atMs < this.nowMs ? this.nowMs : atMs, 0, 0, -1, 0, action);
  }

  /**
   * Sends a message from one endpoint to another over the network: it may be lost, cut by a
   * partition or duplicated; `deliver` runs at each arrival at a live target.
   */
  send(from: Endpoint, to: Endpoint, label: string, deliver: () => void): void {
    const network = this.network;
    if (network === undefined) throw new Error('World: connect() before sending');
    this.messagesSent++;
    const copies = network.route(from.address, to.address, this.nowMs);
    const firstMs = network.firstArrivalMs;
    const betweenNodes = from.address < this.nodes && to.address < this.nodes;
    const lost = betweenNodes && this.faultRandom.float() < this.lossProbability;
    const duplicated = betweenNodes && this.faultRandom.float() < this.duplicateProbability;
    if (copies === 0 || lost) {
      this.messagesDropped++;
      this.trace(`${copies === 0 ? 'cut' : 'lost'} ${from.name}->${to.name} ${label}`);
      return;
    }
    const arrive = (): void => {
      if (!to.alive()) {
        this.messagesDropped++;
        this.trace(`dropped ${from.name}->${to.name} ${label} (down)`);
        return;
      }
      this.trace(`recv ${from.name}->${to.name} ${label}`);
      deliver();
    };
    this.schedule(firstMs, arrive);
    if (duplicated && network.route(from.address, to.address, this.nowMs) > 0) this.schedule(network.firstArrivalMs, arrive);
  }

  /**
   * Calls `method` on `target` from `caller`: the request and the answer cross the network. Rejects
   * with {@link WorldTimeoutError} after `timeoutMs` on the caller's clock, or {@link RemoteError}
   * when the handler threw. Nothing happens for a caller that crashed meanwhile.
   */
  call(caller: Endpoint, callerRuntime: Runtime, target: string, method: string, payload: unknown, options: CallOptions = {}): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? 1_000;
    checkDelay(timeoutMs);
    const callee = this.endpoint(target);
    const id = this.nextCallId++;
    const request = overTheWire(payload);
    const incarnation = incarnationOf(caller);
    return new Promise<unknown>((resolve, reject) => {
      const timer = callerRuntime.setTimer(timeoutMs, () => {
        if (!this.pending.delete(id)) return;
        this.trace(`timeout ${caller.name}->${target}.${method}#${id}`);
        reject(new WorldTimeoutError(target, method, timeoutMs));
      });
      this.pending.set(id, { resolve, reject, caller, incarnation, target, method, timer });
      this.send(caller, callee, `${method}#${id}`, () => this.serve(caller, callee, id, method, request));
    });
  }

  private serve(caller: Endpoint, callee: Endpoint, id: number, method: string, request: unknown): void {
    const handler = callee.handlers.get(method);
    const incarnation = incarnationOf(callee);
    const answer = (outcome: { ok: unknown } | { error: { name: string; message: string; code?: string } }): void => {
      if (!callee.alive() || incarnationOf(callee) !== incarnation) return; // a crashed callee answers nothing
      const wire = overTheWire(outcome);
      this.send(callee, caller, `${'ok' in outcome ? 'reply' : 'error'}#${id}`, () => this.answered(id, wire));
    };
    if (handler === undefined) {
      answer({ error: { name: 'UnknownMethodError', message: `${callee.name} serves no method ${JSON.stringify(method)}` } });
      return;
    }
    let result: unknown;
    try {
      result = handler(overTheWire(request), caller.name);
    } catch (error) {
      answer({ error: describeError(error) });
      return;
    }
    Promise.resolve(result).then(
      (value) => answer({ ok: value === undefined ? null : value }),
      (error: unknown) => answer({ error: describeError(error) }),
    );
  }

  private answered(id: number, outcome: { ok: unknown } | { error: { name: string; message: string; code?: string } }): void {
    const call = this.pending.get(id);
    if (call === undefined) return; // timed out, or a duplicate answer
    if (!call.caller.alive() || incarnationOf(call.caller) !== call.incarnation) return;
    this.pending.delete(id);
    call.timer.cancel();
    if ('ok' in outcome) call.resolve(outcome.ok);
    else call.reject(new RemoteError(call.target, call.method, outcome.error));
  }

  /**
   * A runtime whose timers fire only while `alive()` holds (a process's incarnation), on a clock
   * read through `wallMs` and `monotonicMs`, with a process's clock drift applied to delays.
   */
  endpointRuntime(alive: () => boolean, wallMs: () => number, monotonicMs: () => number, random: Random, toVirtualDelay: (ms: number) => number = (ms) => ms): Runtime {
    const setTimer = (delayMs: number, callback: () => void): TimerHandle => {
      checkDelay(delayMs);
      let cancelled = false;
      this.schedule(this.nowMs + toVirtualDelay(delayMs), () => {
        if (!cancelled && alive()) {
          cancelled = true;
          callback();
        }
      });
      return { cancel: () => void (cancelled = true) };
    };
    return {
      clock: { nowMs: () => WORLD_START_WALL_MS + wallMs(), monotonicMs },
      random,
      setTimer,
      sleep: (delayMs: number, signal?: AbortSignal): Promise<void> => sleepOnTimer(setTimer, delayMs, signal),
    };
  }

  /** Stops the run after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /** Whether {@link stop} was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Runs events in time order until virtual time passes `endMs`, the queue empties, `maxSteps`
   * events have run, or the run is stopped. After each event, the promise callbacks it woke run
   * before the next event.
   */
  async runUntil(endMs: number, maxSteps = Number.POSITIVE_INFINITY): Promise<void> {
    await settle();
    while (!this.stopped && this.steps < maxSteps) {
      const next = this.queue.peekTime();
      if (next > endMs) break;
      const slot = this.queue.pop();
      const action = this.queue.payloadOf(slot) as () => void;
      this.queue.release(slot);
      this.nowMs = next;
      this.steps++;
      action();
      await settle();
      if (this.afterStep !== undefined && !this.afterStep()) this.stopped = true;
    }
    if (!this.stopped && this.nowMs < endMs) this.nowMs = endMs;
  }
}

function incarnationOf(endpoint: Endpoint): number {
  return endpoint instanceof WorldProcess ? endpoint.incarnation : 0;
}

function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

/** The broker's name, re-exported for partitions. */
export { BROKER };
