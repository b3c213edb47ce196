import { createHash, type Hash } from 'node:crypto';
import { assert, invalidOption } from '../errors.js';
import type { Random } from '../runtime/random.js';
import type { Runtime } from '../runtime/runtime.js';
import { abortReason, checkDelay, type TimerHandle } from '../runtime/timers.js';
import { EventQueue } from './event-queue.js';
import { Network, type NetworkOptions } from './network.js';
import { NodeClock } from './node-clock.js';
import type { MessageLog } from './message-log.js';
import type { NodeContext, NodeFactory, NodeHandler } from './node.js';

const DELIVER = 1;
const TIMER = 2;
const CONTROL = 3;
/** The tag of a delivery that already reached its (paused) target; otherwise the tag is the sender's incarnation. */
const ARRIVED = -1;

/**
 * Where a trace line goes: every delivery, timer and fault, one line each.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const kernel = new Kernel({ random: new Random(1), nodeCount: 3, clientCount: 0, trace: (line) => lines.push(line) });
 * ```
 */
export type TraceSink = (line: string) => void;

/**
 * Options of {@link Kernel}.
 *
 * @example
 * ```ts
 * const kernel = new Kernel({ random: new Random(7), nodeCount: 3, clientCount: 2, network: {} });
 * ```
 */
export interface KernelOptions {
  /** The run's one source of chance; the kernel forks it for the network and for each node. */
  readonly random: Random;
  readonly nodeCount: number;
  /** Client addresses follow the nodes: nodeCount .. nodeCount+clientCount-1. */
  readonly clientCount: number;
  readonly network?: NetworkOptions;
  /** Receives one line per event; it is also hashed (SHA-256) when `hashTrace` is set. */
  readonly trace?: TraceSink;
  /** Keep a SHA-256 of the trace (a run's fingerprint) without storing it. */
  readonly hashTrace?: boolean;
  /** Records a window of the messages (for a Lamport diagram); nothing is recorded without one. */
  readonly messageLog?: MessageLog;
}

interface Actor {
  handler: NodeHandler<unknown> | undefined;
  readonly factory: NodeFactory<unknown>;
  readonly context: ActorContext;
  up: boolean;
  incarnation: number;
  readonly clock: NodeClock;
  /** Paused (a GC or VM pause): its deliveries and timers wait in `deferred` until it resumes. */
  paused: boolean;
  pausedAtMs: number;
  clockStopsWhilePaused: boolean;
  deferred: Deferred[];
}

/** An event that reached a paused node, kept to run when it resumes. */
interface Deferred {
  readonly kind: number;
  readonly dueMs: number;
  readonly source: number;
  readonly tag: number;
  readonly payload: unknown;
}

/**
 * The deterministic discrete-event kernel: virtual time, one event queue ordered by (time,
 * sequence), the network, and the nodes and clients as handlers. Nothing in it reads real time or
 * unseeded chance, so the same seed and options give the same run, event for event.
 *
 * @example
 * ```ts
 * const kernel = new Kernel({ random: new Random(1), nodeCount: 2, clientCount: 0 });
 * kernel.addNode((context) => ({ onStart() { context.send(1, 'hi'); }, onMessage() {} }));
 * kernel.addNode((context) => ({ onMessage(from, message) { console.log(context.nowMs(), from, message); } }));
 * kernel.start();
 * kernel.runUntil(1_000);
 * ```
 */
export class Kernel {
  readonly network: Network;
  readonly nodeCount: number;
  readonly clientCount: number;
  /** Deliveries and timers executed (what the speed target counts). */
  eventsProcessed = 0;
  /** Messages dropped: lost, cut by a partition, or sent to a crashed node. */
  messagesDropped = 0;
  messagesSent = 0;
  private now = 0;
  private readonly queue = new EventQueue(4096);
  private readonly actors: Actor[] = [];
  private readonly random: Random;
  private readonly trace: TraceSink | undefined;
  private readonly messageLog: MessageLog | undefined;
  private readonly hash: Hash | undefined;
  private readonly activeTimers = new Map<number, number>();
  private nextTimerId = 1;
  private started = false;
  private stopRequested = false;

  constructor(options: KernelOptions) {
    this.random = options.random;
    this.nodeCount = options.nodeCount;
    this.clientCount = options.clientCount;
    if (!Number.isInteger(options.clientCount) || options.clientCount < 0) throw invalidOption('clientCount', options.clientCount, 'an integer >= 0');
    this.network = new Network({ ...options.network, nodeCount: options.nodeCount, clientCount: options.clientCount, random: this.random.fork() });
    this.hash = options.hashTrace === true ? createHash('sha256') : undefined;
    this.messageLog = options.messageLog;
    const sink = options.trace;
    const hash = this.hash;
    this.trace =
      sink === undefined && hash === undefined
        ? undefined
        : (line) => {
            sink?.(line);
            hash?.update(line).update('\n');
          };
  }

  /** Virtual time now, in ms. */
  get nowMs(): number {
    return this.now;
  }

  /** Whether a trace is being written or hashed (protocols may skip building trace text when not). */
  get tracing(): boolean {
    return this.trace !== undefined;
  }

  /** Adds the next node or client (in address order) and returns its address. */
  addNode<Message>(factory: NodeFactory<Message>): number {
    assert(!this.started, 'addNode after start');
    const id = this.actors.length;
    assert(id < this.nodeCount + this.clientCount, `more actors than nodeCount + clientCount (${this.nodeCount + this.clientCount})`);
    const clock = new NodeClock();
    const actor: Actor = {
      handler: undefined,
      factory: factory as NodeFactory<unknown>,
      context: undefined as unknown as ActorContext,
      up: true,
      incarnation: 0,
      clock,
      paused: false,
      pausedAtMs: 0,
      clockStopsWhilePaused: false,
      deferred: [],
    };
    (actor as { context: ActorContext }).context = new ActorContext(this, actor, id, this.random.fork());
    this.actors.push(actor);
    return id;
  }

  /** Builds every handler and calls `onStart`, in address order, at time 0. */
  start(): void {
    assert(!this.started, 'start twice');
    assert(this.actors.length === this.nodeCount + this.clientCount, `expected ${this.nodeCount + this.clientCount} actors, added ${this.actors.length}`);
    this.started = true;
    for (const actor of this.actors) actor.handler = actor.factory(actor.context);
    for (const actor of this.actors) actor.handler?.onStart?.();
  }

  /** Runs events in order until virtual time would pass `endMs`, the queue empties, or {@link stop} is called. Returns the time reached. */
  runUntil(endMs: number, onProgress?: () => void): number {
    this.stopRequested = false;
    const queue = this.queue;
    let sinceProgress = 0;
    while (!this.stopRequested && queue.size > 0 && queue.peekTime() <= endMs) {
      this.now = queue.topTime();
      const slot = queue.pop();
      const kind = queue.kindOf(slot);
      const target = queue.targetOf(slot);
      if (kind === DELIVER) {
        const source = queue.sourceOf(slot);
        const message = queue.payloadOf(slot);
        const sentBy = queue.tagOf(slot);
        queue.release(slot);
        if (sentBy !== ARRIVED && (this.actors[source] as Actor).incarnation !== sentBy) {
          // The sender crashed after sending: what sat in its send buffers and sockets died with it.
          this.messagesDropped++;
          this.trace?.(`${this.now.toFixed(3)} drop ${source}->${target} (sender crashed) ${JSON.stringify(message)}`);
          this.messageLog?.droppedOnArrival(source, target, this.now, 'sender-crashed');
          continue;
        }
        const actor = this.actors[target] as Actor;
        if (actor.paused && actor.up) {
          // It has arrived: a later crash of its sender no longer takes it back.
          actor.deferred.push({ kind, dueMs: this.now, source, tag: ARRIVED, payload: message });
          continue;
        }
        if (!actor.up) {
          this.messagesDropped++;
          this.trace?.(`${this.now.toFixed(3)} drop ${source}->${target} (down) ${JSON.stringify(message)}`);
          this.messageLog?.droppedOnArrival(source, target, this.now, 'down');
          continue;
        }
        if (this.network.isBlocked(source, target)) {
          this.messagesDropped++;
          this.trace?.(`${this.now.toFixed(3)} drop ${source}->${target} (cut in flight) ${JSON.stringify(message)}`);
          this.messageLog?.droppedOnArrival(source, target, this.now, 'cut');
          continue;
        }
        this.eventsProcessed++;
        this.trace?.(`${this.now.toFixed(3)} recv ${source}->${target} ${JSON.stringify(message)}`);
        (actor.handler as NodeHandler<unknown>).onMessage(source, message);
      } else if (kind === TIMER) {
        const timerId = queue.tagOf(slot);
        const payload = queue.payloadOf(slot);
        queue.release(slot);
        const incarnation = this.activeTimers.get(timerId);
        if (incarnation === undefined) continue; // cancelled
        const actor = this.actors[target] as Actor;
        if (actor.paused && actor.up && actor.incarnation === incarnation) {
          actor.deferred.push({ kind, dueMs: this.now, source: -1, tag: timerId, payload });
          continue;
        }
        this.activeTimers.delete(timerId);
        if (!actor.up || actor.incarnation !== incarnation) continue;
        this.eventsProcessed++;
        this.trace?.(`${this.now.toFixed(3)} timer ${target} ${JSON.stringify(payload)}`);
        actor.handler?.onTimer?.(payload);
      } else {
        const action = queue.payloadOf(slot) as () => void;
        const incarnation = queue.tagOf(slot);
        queue.release(slot);
        if (target >= 0) {
          const actor = this.actors[target] as Actor;
          if (!actor.up || actor.incarnation !== incarnation) continue;
          if (actor.paused) {
            actor.deferred.push({ kind, dueMs: this.now, source: -1, tag: incarnation, payload: action });
            continue;
          }
        }
        action();
      }
      if (onProgress !== undefined && ++sinceProgress === 65_536) {
        sinceProgress = 0;
        onProgress();
      }
    }
    if (!this.stopRequested && (queue.size === 0 || queue.peekTime() > endMs) && endMs !== Infinity) this.now = Math.max(this.now, endMs);
    return this.now;
  }

  /** Stops {@link runUntil} after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs `action` at virtual time `atMs` (a fault, a workload step); not counted as an event. */
  at(atMs: number, action: () => void): void {
    assert(atMs >= this.now, `scheduling in the past: ${atMs} < ${this.now}`);
    this.queue.push(atMs, CONTROL, -1, -1, 0, action);
  }

  /** Writes a line to the trace (faults and other run-level happenings). */
  note(text: string): void {
    this.trace?.(`${this.now.toFixed(3)} ${text}`);
  }

  /**
   * Crashes a node: its handler (volatile state) and timers are gone; messages to it are dropped,
   * and so are the messages it sent that have not arrived yet (its unsent and in-flight
   * replication dies with it, as it does in a real crash).
   * With `loseUnsyncedWrites` (a power loss, a disk fault) the handler is told to drop from its
   * durable storage whatever it had not yet fsynced.
   */
  crash(node: number, options: { readonly loseUnsyncedWrites?: boolean } = {}): void {
    const actor = this.nodeActor(node);
    if (!actor.up) return;
    const loseUnsyncedWrites = options.loseUnsyncedWrites === true;
    actor.handler?.onCrash?.({ loseUnsyncedWrites });
    actor.up = false;
    actor.handler = undefined;
    actor.incarnation++;
    actor.paused = false;
    actor.deferred = [];
    this.note(`crash ${node}${loseUnsyncedWrites ? ' (unsynced writes lost)' : ''}`);
  }

  /**
   * Pauses a node (a stop-the-world GC, a VM suspended): it runs nothing until {@link resume};
   * messages reaching it and timers falling due wait. With `clockStops` its clock does not count
   * the pause (a suspended VM's monotonic clock): its timers run late by the pause's length.
   */
  pause(node: number, options: { readonly clockStops?: boolean } = {}): void {
    const actor = this.nodeActor(node);
    if (!actor.up || actor.paused) return;
    actor.paused = true;
    actor.pausedAtMs = this.now;
    actor.clockStopsWhilePaused = options.clockStops === true;
    this.note(`pause ${node}${actor.clockStopsWhilePaused ? ' (clock stops)' : ''}`);
  }

  /** Resumes a paused node: what waited runs now, in the order it fell due (timers later, when the clock stopped). */
  resume(node: number): void {
    const actor = this.nodeActor(node);
    if (!actor.paused) return;
    actor.paused = false;
    const pausedMs = this.now - actor.pausedAtMs;
    if (actor.clockStopsWhilePaused) actor.clock.lose(this.now, pausedMs);
    this.note(`resume ${node} after ${pausedMs.toFixed(3)}ms`);
    const deferred = actor.deferred;
    actor.deferred = [];
    for (const event of deferred) {
      const dueMs = event.kind === TIMER && actor.clockStopsWhilePaused ? event.dueMs + pausedMs : this.now;
      this.queue.push(Math.max(this.now, dueMs), event.kind, node, event.source, event.tag, event.payload);
    }
  }

  isPaused(node: number): boolean {
    return this.nodeActor(node).paused;
  }

  /** Restarts a crashed node with a fresh handler over its durable storage. */
  restart(node: number): void {
    const actor = this.nodeActor(node);
    if (actor.up) return;
    actor.up = true;
    this.note(`restart ${node}`);
    actor.handler = actor.factory(actor.context);
    actor.handler.onRecover?.();
  }

  isUp(node: number): boolean {
    return this.nodeActor(node).up;
  }

  /** A node's clock (to skew or drift it). */
  clockOf(node: number): NodeClock {
    return this.nodeActor(node).clock;
  }

  /** The hex SHA-256 of the trace so far, when `hashTrace` was set. */
  traceSha256(): string | undefined {
    return this.hash?.copy().digest('hex');
  }

  /** The durable storage of a node (for end-of-run inspection). */
  storageOf(node: number): Map<string, unknown> {
    return this.nodeActor(node).context.storage;
  }

  /** Scheduled events (the live size of the agenda). */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** @internal */
  sendFrom(actor: Actor, from: number, to: number, message: unknown): void {
    if (!actor.up) return;
    this.messagesSent++;
    const copies = this.network.route(from, to, this.now);
    if (copies === 0) {
      this.messagesDropped++;
      this.trace?.(`${this.now.toFixed(3)} lost ${from}->${to} ${JSON.stringify(message)}`);
      this.messageLog?.sent(from, to, this.now, undefined, message);
      return;
    }
    this.messageLog?.sent(from, to, this.now, this.network.firstArrivalMs, message);
    this.queue.push(this.network.firstArrivalMs, DELIVER, to, from, actor.incarnation, message);
    if (copies === 2) this.queue.push(this.network.secondArrivalMs, DELIVER, to, from, actor.incarnation, message);
  }

  /** @internal */
  timerFor(actor: Actor, id: number, delayMs: number, payload: unknown): number {
    checkDelay(delayMs);
    const timerId = this.nextTimerId++;
    this.activeTimers.set(timerId, actor.incarnation);
    this.queue.push(this.now + actor.clock.toVirtualDelay(delayMs), TIMER, id, -1, timerId, payload);
    return timerId;
  }

  /** @internal */
  cancelTimer(timerId: number): void {
    this.activeTimers.delete(timerId);
  }

  /** @internal */
  callbackFor(actor: Actor, id: number, delayMs: number, callback: () => void): void {
    checkDelay(delayMs);
    this.queue.push(this.now + actor.clock.toVirtualDelay(delayMs), CONTROL, id, -1, actor.incarnation, callback);
  }

  private nodeActor(node: number): Actor {
    const actor = this.actors[node];
    if (actor === undefined || node >= this.nodeCount) throw invalidOption('node', node, `a node from 0 to ${this.nodeCount - 1}`);
    return actor;
  }
}

class ActorContext implements NodeContext<unknown> {
  readonly storage = new Map<string, unknown>();
  private runtimeView: Runtime | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly actor: Actor,
    readonly id: number,
    readonly random: Random,
  ) {}

  get nodeCount(): number {
    return this.kernel.nodeCount;
  }

  nowMs(): number {
    return this.kernel.nowMs;
  }

  clockMs(): number {
    return this.actor.clock.readMs(this.kernel.nowMs);
  }

  monotonicMs(): number {
    return this.actor.clock.monotonicMs(this.kernel.nowMs);
  }

  send(to: number, message: unknown): void {
    this.kernel.sendFrom(this.actor, this.id, to, message);
  }

  setTimer(delayMs: number, payload: unknown): number {
    return this.kernel.timerFor(this.actor, this.id, delayMs, payload);
  }

  cancelTimer(timerId: number): void {
    this.kernel.cancelTimer(timerId);
  }

  get runtime(): Runtime {
    this.runtimeView ??= this.buildRuntime();
    return this.runtimeView;
  }

  private buildRuntime(): Runtime {
    const kernel = this.kernel;
    const actor = this.actor;
    const id = this.id;
    const setTimer = (delayMs: number, callback: () => void): TimerHandle => {
      let cancelled = false;
      kernel.callbackFor(actor, id, delayMs, () => {
        if (!cancelled) callback();
      });
      return { cancel: () => void (cancelled = true) };
    };
    return {
      clock: { nowMs: () => this.clockMs(), monotonicMs: () => kernel.nowMs },
      random: this.random,
      setTimer,
      sleep: (delayMs, signal) =>
        new Promise<void>((resolve, reject) => {
          if (signal?.aborted === true) return reject(abortReason(signal));
          const handle = setTimer(delayMs, () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          });
          const onAbort = (): void => {
            handle.cancel();
            reject(abortReason(signal as AbortSignal));
          };
          signal?.addEventListener('abort', onAbort, { once: true });
        }),
    };
  }
}
