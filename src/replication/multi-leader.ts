import { booleanOptions } from '../options.js';
import { SiblingSet } from '../clocks/dotted-version-vector.js';
import { HybridLogicalClock } from '../clocks/hlc.js';
import { type LwwStamp, compareStamps } from '../clocks/lww.js';
import { GSet } from '../crdt/g-set.js';
import type { Json } from '../crdt/json.js';
import { ORSet } from '../crdt/or-set.js';
import { PNCounter } from '../crdt/pn-counter.js';
import { invalidOption } from '../errors.js';
import type { Kernel } from '../sim/kernel.js';
import type { NodeContext, NodeFactory, NodeHandler } from '../sim/node.js';
import { type AbsentWrite, type ClientReply, type ClientRequest, type DataType, type OperationName, type ProtocolModel, reply } from '../sim/protocol.js';

/** How concurrent writes from two regions are resolved (the advisor's `conflictResolution`). */
export type MultiLeaderResolution = 'last-writer-wins' | 'vector-clocks-with-siblings' | 'crdt' | 'application-merge';

/**
 * A multi-leader (one leader per region) store: each region takes reads and writes locally and
 * replicates its writes to the other regions asynchronously.
 *
 * @example
 * ```ts
 * const cart: MultiLeaderOptions = { regions: 3, conflictResolution: 'crdt', dataType: 'set', sessionTokens: true };
 * const timeline: MultiLeaderOptions = { conflictResolution: 'last-writer-wins', lwwClock: 'hlc' };
 * ```
 */
export interface MultiLeaderOptions {
  /** Regions, each with one leader node. Default 3 (from 2 to 16). */
  readonly regions?: number;
  readonly conflictResolution: MultiLeaderResolution;
  /** What each key holds. Default `register`, or `set` with `crdt` (an observed-remove set). */
  readonly dataType?: DataType;
  /**
   * The clock last-writer-wins stamps writes with: `hlc` (a hybrid logical clock, so a write
   * that has seen another always wins over it) or `physical` (the node's own skewed, drifting
   * clock). Default `hlc`.
   */
  readonly lwwClock?: 'hlc' | 'physical';
  /** A region applies a remote write only after the writes it depended on (causal delivery). Default false. */
  readonly causalDelivery?: boolean;
  /**
   * Session tokens: the client library carries the version vector of what its session has seen,
   * and a region serves it only once it has applied as much (else the client tries another
   * region). Default false: clients are only sticky to their home region.
   */
  readonly sessionTokens?: boolean;
  /** When a region makes a write durable: before acknowledging it (`fsync-per-write`) or every `fsyncIntervalMs` (`fsync-interval`). Default `fsync-per-write`. */
  readonly durability?: 'fsync-per-write' | 'fsync-interval';
  /** With `fsync-interval`: how often. Default 100 ms. */
  readonly fsyncIntervalMs?: number;
  /** How often a region retransmits writes a peer has not acknowledged. Default 250 ms. */
  readonly retransmitMs?: number;
  /** The application's merge of siblings (with `application-merge`). Default: the largest value, or the union of sets. */
  readonly merge?: (siblings: readonly unknown[]) => unknown;
}

/** A write as replicated: who wrote it, its place in the writer's log, what it had seen, and its effect. */
interface Entry {
  readonly origin: number;
  readonly seq: number;
  readonly key: string;
  /** The writer's applied vector when it wrote (its causal past). */
  readonly deps: Int32Array;
  /** The operation's unique value (a register's value, a set's element). */
  readonly id: unknown;
  readonly delta: unknown;
}

type Message =
  | ClientRequest
  | ClientReply
  | { readonly type: 'replicate'; readonly entries: readonly Entry[] }
  | { readonly type: 'ack'; readonly origin: number; readonly applied: number };

interface LwwState {
  readonly value: unknown;
  readonly stamp: LwwStamp;
  readonly writer: unknown;
}

/** The durable part of a node. */
interface Durable {
  /** This region's own writes, seq = index + 1 (only durable ones). */
  readonly ownLog: Entry[];
  /** Every entry applied here, in order (own and remote), to rebuild state after a crash. */
  readonly applied: Entry[];
  /** How many of `applied` are durable (fsynced). */
  synced: number;
  /** How many of `ownLog` are durable (shipped only once durable). */
  ownSynced: number;
  /** Per peer, the highest seq of ours it acknowledged. */
  readonly ackedBy: number[];
  /**
   * What the last recovery computed from the durable prefixes (`applied[0, upTo)`, `ownLog[0,
   * ownUpTo)`), so the next one replays only what came after instead of the whole log (a restart
   * cost that grew with the run). Not kept for CRDT states, which local operations mutate in place.
   */
  recovery?: Recovery;
}

interface Recovery {
  readonly upTo: number;
  readonly lastApplied: Entry | undefined;
  readonly ownUpTo: number;
  readonly lastOwn: Entry | undefined;
  readonly states: ReadonlyMap<string, unknown>;
  readonly appliedSeq: Int32Array;
  readonly lastOwnWrite: ReadonlyMap<string, number>;
}

const statDescriptions: Record<string, string> = {
  replicated: 'remote writes applied by a region',
  conflicts: 'remote writes that arrived concurrent with the local value of their key',
  siblingsMax: 'most concurrent siblings a key held',
  causalWaits: 'remote writes held back until their dependencies arrived',
  sessionRefusals: 'requests a region refused because it had not caught up with the session token',
  lostOnCrash: 'acknowledged writes not yet fsynced when their region crashed',
};

/**
 * The multi-leader protocol model: a leader per region takes local reads and writes, appends each
 * write to its durable log and ships it to every other region asynchronously (retransmitting
 * until acknowledged). Concurrent writes are resolved exactly as the design names it: last
 * writer wins on an HLC or on each node's own skewed clock, dotted version vectors keeping
 * siblings (pacelc/clocks' `SiblingSet`), pacelc/crdt's own types (PN-counter, OR-set, G-set)
 * merging inside the simulator, or the application's merge function over siblings. Clients are
 * sticky to their home region; with session tokens a region serves a session only once it has
 * caught up with what the session saw.
 *
 * @example
 * ```ts
 * import { simulate } from 'pacelc/sim';
 * const report = simulate({ seed: 7, protocol: { kind: 'multi-leader', conflictResolution: 'crdt', dataType: 'counter' }, workload: { dataType: 'counter' }, claim: { consistency: 'none' } });
 * ```
 */
export class MultiLeaderProtocol implements ProtocolModel {
  readonly name = 'multi-leader';
  readonly nodeCount: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly statDescriptions = statDescriptions;
  readonly settings: Required<Omit<MultiLeaderOptions, 'merge'>> & { readonly merge: ((siblings: readonly unknown[]) => unknown) | undefined };
  readonly counters = { replicated: 0, conflicts: 0, siblingsMax: 0, causalWaits: 0, sessionRefusals: 0, lostOnCrash: 0 };
  /** Session tokens by client address (what the client library carries): the vector its session has seen. */
  readonly sessions = new Map<number, Int32Array>();
  /** Per node durable log, its rebuilt state (see durableStates). */
  private readonly rebuilt = new WeakMap<Durable, { synced: number; last: Entry | undefined; states: ReadonlyMap<string, unknown> }>();
  /** The latest handler of each node (see durableStates). */
  private readonly handlers: Array<MultiLeaderNode | undefined> = [];

  constructor(options: MultiLeaderOptions) {
    booleanOptions(options, ['causalDelivery', 'sessionTokens']);
    const regions = options.regions ?? 3;
    if (!Number.isInteger(regions) || regions < 2 || regions > 16) throw invalidOption('regions', regions, 'an integer from 2 to 16');
    const resolutions: readonly MultiLeaderResolution[] = ['last-writer-wins', 'vector-clocks-with-siblings', 'crdt', 'application-merge'];
    if (!resolutions.includes(options.conflictResolution)) throw invalidOption('conflictResolution', options.conflictResolution, resolutions.join(', '));
    const dataType = options.dataType ?? (options.conflictResolution === 'crdt' ? 'set' : 'register');
    if (!['register', 'counter', 'set', 'log'].includes(dataType)) throw invalidOption('dataType', dataType, 'register, counter, set or log');
    if (options.conflictResolution === 'crdt' && dataType === 'register') throw invalidOption('dataType', dataType, 'counter, set or log with crdt (a register has no conflict-free merge: use last-writer-wins or siblings)');
    const lwwClock = options.lwwClock ?? 'hlc';
    if (lwwClock !== 'hlc' && lwwClock !== 'physical') throw invalidOption('lwwClock', lwwClock, 'hlc or physical');
    const durability = options.durability ?? 'fsync-per-write';
    if (durability !== 'fsync-per-write' && durability !== 'fsync-interval') throw invalidOption('durability', durability, 'fsync-per-write or fsync-interval');
    const fsyncIntervalMs = options.fsyncIntervalMs ?? 100;
    if (!(fsyncIntervalMs > 0)) throw invalidOption('fsyncIntervalMs', fsyncIntervalMs, 'a number > 0');
    const retransmitMs = options.retransmitMs ?? 250;
    if (!(retransmitMs > 0)) throw invalidOption('retransmitMs', retransmitMs, 'a number > 0');
    if (options.merge !== undefined && typeof options.merge !== 'function') throw invalidOption('merge', options.merge, 'a function of the siblings');
    this.settings = {
      regions,
      conflictResolution: options.conflictResolution,
      dataType,
      lwwClock,
      causalDelivery: options.causalDelivery ?? false,
      sessionTokens: options.sessionTokens ?? false,
      durability,
      fsyncIntervalMs,
      retransmitMs,
      merge: options.merge,
    };
    this.nodeCount = regions;
    const { merge: _merge, ...shown } = this.settings;
    this.parameters = {
      protocol: 'multi-leader',
      ...shown,
      ...(options.conflictResolution === 'last-writer-wins' ? {} : { lwwClock: 'n/a' }),
      ...(options.conflictResolution === 'application-merge' ? { merge: options.merge === undefined ? 'default (largest value / union)' : 'user function' } : {}),
    };
  }

  nodeFactory(node: number): NodeFactory<unknown> {
    return (context) => {
      const handler = new MultiLeaderNode(this, node, context as NodeContext<Message>);
      this.handlers[node] = handler;
      return handler as NodeHandler<unknown>;
    };
  }

  /** Sticky sessions: a client stays with its home region (client mod regions) until it times out there. */
  route(client: number, _f: OperationName, current: number | undefined): number {
    return current ?? client % this.nodeCount;
  }

  nextAfterTimeout(_client: number, current: number): number {
    return (current + 1) % this.nodeCount;
  }

  finalValue(kernel: Kernel, key: string): { value: unknown } | undefined {
    const values = this.replicaValues(kernel, key);
    return values.length === 0 ? undefined : { value: values[0] };
  }

  replicaValues(kernel: Kernel, key: string): unknown[] {
    const values: unknown[] = [];
    for (let node = 0; node < this.nodeCount; node++) values.push(this.readState(this.durableStates(kernel, node).get(key)));
    return values;
  }

  explainAbsent(kernel: Kernel, key: string, values: readonly unknown[]): Map<unknown, AbsentWrite> {
    const writes = new Map<unknown, Entry>();
    for (let node = 0; node < this.nodeCount; node++) for (const entry of durableOf(kernel.storageOf(node), this.nodeCount).ownLog) if (entry.key === key) writes.set(entry.id, entry);
    const state = this.durableStates(kernel, 0).get(key);
    const winners = this.currentWriters(state).map((id) => writes.get(id)).filter((entry): entry is Entry => entry !== undefined);
    const result = new Map<unknown, AbsentWrite>();
    const lww = this.settings.conflictResolution === 'last-writer-wins';
    for (const value of values) {
      const entry = writes.get(value);
      if (entry === undefined) result.set(value, 'absent');
      // Last writer wins by stamp: a write that had seen an older one with a higher stamp was never visible anywhere.
      else if (lww && [...writes.values()].some((other) => happenedBefore(other, entry) && compareStamps((other.delta as LwwState).stamp, (entry.delta as LwwState).stamp) > 0)) result.set(value, 'older-write-won');
      else if (winners.some((winner) => happenedBefore(entry, winner))) result.set(value, 'overwritten');
      else if (winners.some((winner) => happenedBefore(winner, entry))) result.set(value, 'older-write-won');
      else result.set(value, 'discarded-concurrent');
    }
    return result;
  }

  stats(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }

  /** @internal The unique values of the writes the state of a key holds. */
  currentWriters(state: unknown): unknown[] {
    if (state === undefined) return [];
    if (this.settings.conflictResolution === 'last-writer-wins') return [(state as LwwState).writer];
    if (state instanceof SiblingSet) return (state as SiblingSet<{ writer: unknown }>).siblings.map((sibling) => sibling.value.writer);
    return [];
  }

  /** @internal A fresh state for a key at `node` (CRDTs are replicas named after the region). */
  emptyState(node: number): unknown {
    if (this.settings.conflictResolution !== 'crdt') return undefined;
    const replica = `r${node}`;
    switch (this.settings.dataType) {
      case 'counter':
        return PNCounter.empty(replica);
      case 'log':
        return GSet.empty<Json>(replica);
      default:
        return ORSet.empty<Json>(replica);
    }
  }

  /** @internal What a client reads from a key's state. */
  readState(state: unknown): unknown {
    const dataType = this.settings.dataType;
    const empty = dataType === 'counter' ? 0 : dataType === 'register' ? null : [];
    if (state === undefined) return empty;
    switch (this.settings.conflictResolution) {
      case 'last-writer-wins':
        return (state as LwwState).value;
      case 'crdt':
        return (state as PNCounter | ORSet<Json> | GSet<Json>).value();
      case 'vector-clocks-with-siblings':
      case 'application-merge': {
        const values = (state as SiblingSet<{ value: unknown }>).siblings.map((sibling) => sibling.value.value);
        if (values.length === 0) return empty;
        if (values.length === 1) return values[0];
        if (this.settings.conflictResolution === 'application-merge') return (this.settings.merge ?? defaultMerge)(values);
        // Siblings: a register shows them all (the reader resolves); a set reader takes their union (Dynamo's cart).
        return dataType === 'register' ? [...values].sort(compareJson) : defaultMerge(values);
      }
    }
  }

  /**
   * A node's durable state, read-only: rebuilt once per durable log length and kept, since the
   * end-of-run audit asks for every key of every node (rebuilding per key made it quadratic).
   */
  private durableStates(kernel: Kernel, node: number): ReadonlyMap<string, unknown> {
    const durable = durableOf(kernel.storageOf(node), this.nodeCount);
    // A live handler whose whole applied log is durable holds exactly what a replay would give.
    const live = this.handlers[node]?.statesIfAllDurable(durable);
    if (live !== undefined) return live;
    const cached = this.rebuilt.get(durable);
    if (cached !== undefined && cached.synced === durable.synced && cached.last === durable.applied[durable.synced - 1]) return cached.states;
    const states = rebuild(this, node, durable);
    this.rebuilt.set(durable, { synced: durable.synced, last: durable.applied[durable.synced - 1], states });
    return states;
  }

  /** @internal Merges a replicated delta into a key's state. */
  mergeState(node: number, state: unknown, delta: unknown): unknown {
    switch (this.settings.conflictResolution) {
      case 'last-writer-wins': {
        const incoming = delta as LwwState;
        if (state === undefined) return incoming;
        return compareStamps(incoming.stamp, (state as LwwState).stamp) > 0 ? incoming : state;
      }
      case 'crdt':
        return ((state ?? this.emptyState(node)) as { merge(other: unknown): unknown }).merge(delta);
      default: {
        const merged = ((state as SiblingSet<unknown> | undefined) ?? SiblingSet.empty<unknown>()).merge(delta as SiblingSet<unknown>);
        if (merged.siblings.length > this.counters.siblingsMax) this.counters.siblingsMax = merged.siblings.length;
        return merged;
      }
    }
  }
}

/** Whether `earlier` is in the causal past of `later`. */
function happenedBefore(earlier: Entry, later: Entry): boolean {
  if (earlier === later) return false;
  return (later.deps[earlier.origin] as number) >= earlier.seq;
}

function compareJson(a: unknown, b: unknown): number {
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  return typeof a === 'number' && typeof b === 'number' ? a - b : left < right ? -1 : left > right ? 1 : 0;
}

/** The default application merge: the union of sets, else the largest value. */
function defaultMerge(siblings: readonly unknown[]): unknown {
  if (siblings.every(Array.isArray)) return [...new Set(siblings.flat() as unknown[])].sort(compareJson);
  return [...siblings].sort(compareJson).at(-1);
}

function durableOf(storage: Map<string, unknown>, regions: number): Durable {
  let durable = storage.get('multi-leader') as Durable | undefined;
  if (durable === undefined) {
    durable = { ownLog: [], applied: [], synced: 0, ownSynced: 0, ackedBy: new Array<number>(regions).fill(0) };
    storage.set('multi-leader', durable);
  }
  return durable;
}

/** Replays the durable entries of a node into per-key states (at recovery, and to read the converged state). */
function rebuild(protocol: MultiLeaderProtocol, node: number, durable: Durable): Map<string, unknown> {
  const states = new Map<string, unknown>();
  for (let index = 0; index < durable.synced; index++) {
    const entry = durable.applied[index] as Entry;
    states.set(entry.key, protocol.mergeState(node, states.get(entry.key), entry.delta));
  }
  return states;
}

class MultiLeaderNode implements NodeHandler<Message> {
  private readonly durable: Durable;
  private readonly regions: number;
  private readonly states: Map<string, unknown>;
  /** What this region has applied, per origin (seq). */
  private readonly applied: Int32Array;
  /** Per peer, the highest seq sent since the last retransmission. */
  private readonly sentUpTo: number[];
  private readonly lastProgressMs: number[];
  /** Remote entries waiting for their dependencies, per origin. */
  private readonly waiting: Array<readonly Entry[]>;
  private readonly hlc: HybridLogicalClock | undefined;
  private lastStampMs = 0;
  private crashed = false;
  /** This node's name in LWW stamps. */
  private readonly stampNode: string;
  /** Per key, the seq of this region's last own write to it (the own log in brief, for touchedSince). */
  private readonly lastOwnWrite = new Map<string, number>();

  constructor(
    private readonly protocol: MultiLeaderProtocol,
    private readonly id: number,
    private readonly context: NodeContext<Message>,
  ) {
    this.regions = protocol.nodeCount;
    this.durable = durableOf(context.storage, this.regions);
    // Anything not fsynced is gone after a crash (with fsync-per-write nothing is unsynced).
    const durable = this.durable;
    durable.applied.length = durable.synced;
    // Start from the previous recovery when the prefixes it covered are still the durable ones.
    const from = durable.recovery;
    const usable = from !== undefined && from.upTo <= durable.synced && durable.applied[from.upTo - 1] === from.lastApplied && from.ownUpTo <= durable.ownLog.length && durable.ownLog[from.ownUpTo - 1] === from.lastOwn;
    const upTo = usable ? from.upTo : 0;
    const ownUpTo = usable ? from.ownUpTo : 0;
    this.states = usable ? new Map(from.states) : new Map();
    for (let index = upTo; index < durable.synced; index++) {
      const entry = durable.applied[index] as Entry;
      this.states.set(entry.key, protocol.mergeState(id, this.states.get(entry.key), entry.delta));
    }
    this.applied = usable ? Int32Array.from(from.appliedSeq) : new Int32Array(this.regions);
    for (let index = upTo; index < durable.applied.length; index++) {
      const entry = durable.applied[index] as Entry;
      if (entry.seq > (this.applied[entry.origin] as number)) this.applied[entry.origin] = entry.seq;
    }
    if (usable) for (const [key, seq] of from.lastOwnWrite) this.lastOwnWrite.set(key, seq);
    for (let index = ownUpTo; index < durable.ownLog.length; index++) {
      const entry = durable.ownLog[index] as Entry;
      this.lastOwnWrite.set(entry.key, entry.seq);
    }
    if (protocol.settings.conflictResolution !== 'crdt') {
      durable.recovery = {
        upTo: durable.synced,
        lastApplied: durable.applied[durable.synced - 1],
        ownUpTo: durable.ownLog.length,
        lastOwn: durable.ownLog[durable.ownLog.length - 1],
        states: new Map(this.states),
        appliedSeq: Int32Array.from(this.applied),
        lastOwnWrite: new Map(this.lastOwnWrite),
      };
    }
    this.stampNode = `r${String(id).padStart(2, '0')}`;
    this.sentUpTo = [...this.durable.ackedBy];
    this.lastProgressMs = new Array<number>(this.regions).fill(context.nowMs());
    this.waiting = Array.from({ length: this.regions }, () => []);
    this.hlc = protocol.settings.conflictResolution === 'last-writer-wins' && protocol.settings.lwwClock === 'hlc' ? new HybridLogicalClock({ runtime: context.runtime, maxOffsetMs: Infinity }) : undefined;
    // A restarted HLC resumes above every stamp it holds (as a real one persists its high-water mark).
    if (this.hlc !== undefined) {
      for (const state of this.states.values()) {
        const stamp = (state as LwwState).stamp;
        this.hlc.receive({ wallMs: stamp.timestampMs, logical: stamp.logical ?? 0 });
      }
    }
  }

  /**
   * @internal This node's states, when they are what replaying `durable` gives: it is this node's
   * log, the node has not crashed (its states were built from the log and then merged every entry
   * appended to it, in order), every applied entry is durable, and states are immutable values
   * (CRDT replicas are mutated in place by local operations, so they are rebuilt instead).
   */
  statesIfAllDurable(durable: Durable): ReadonlyMap<string, unknown> | undefined {
    if (this.crashed || durable !== this.durable || durable.synced !== durable.applied.length || this.protocol.settings.conflictResolution === 'crdt') return undefined;
    return this.states;
  }

  onStart(): void {
    this.armTimers();
  }

  onRecover(): void {
    this.armTimers();
  }

  onCrash(): void {
    this.crashed = true;
    const lost = this.durable.ownLog.length - this.ownSynced();
    if (lost > 0) this.protocol.counters.lostOnCrash += lost;
    this.durable.ownLog.length = this.ownSynced();
  }

  onMessage(from: number, message: Message): void {
    switch (message.type) {
      case 'request':
        this.serve(from, message);
        return;
      case 'replicate':
        this.receive(from, message.entries);
        return;
      case 'ack':
        if (message.applied > (this.durable.ackedBy[from] as number)) {
          this.durable.ackedBy[from] = message.applied;
          this.lastProgressMs[from] = this.context.nowMs();
          // Keep the stream going: the next batch once the previous one is acknowledged.
          if ((this.sentUpTo[from] as number) <= message.applied) {
            this.sentUpTo[from] = message.applied;
            this.ship(from);
          }
        }
        return;
      case 'reply':
        return;
    }
  }

  onTimer(payload: unknown): void {
    if (payload === 'fsync') {
      this.fsync();
      this.context.setTimer(this.protocol.settings.fsyncIntervalMs, 'fsync');
      return;
    }
    if (payload === 'retransmit') {
      const now = this.context.nowMs();
      for (let peer = 0; peer < this.regions; peer++) {
        if (peer === this.id) continue;
        if ((this.durable.ackedBy[peer] as number) < this.ownSynced() && now - (this.lastProgressMs[peer] as number) >= this.protocol.settings.retransmitMs) {
          this.sentUpTo[peer] = this.durable.ackedBy[peer] as number;
          this.lastProgressMs[peer] = now;
          this.ship(peer);
        }
      }
      this.context.setTimer(this.protocol.settings.retransmitMs, 'retransmit');
    }
  }

  private armTimers(): void {
    this.context.setTimer(this.protocol.settings.retransmitMs, 'retransmit');
    if (this.protocol.settings.durability === 'fsync-interval') this.context.setTimer(this.protocol.settings.fsyncIntervalMs, 'fsync');
  }

  /** Own writes that are durable: the prefix of the own log within the synced part of `applied`. */
  private ownSynced(): number {
    return this.protocol.settings.durability === 'fsync-per-write' ? this.durable.ownLog.length : this.durable.ownSynced;
  }

  private fsync(): void {
    const durable = this.durable;
    durable.synced = durable.applied.length;
    const before = durable.ownSynced;
    durable.ownSynced = durable.ownLog.length;
    if (durable.ownLog.length > before) for (let peer = 0; peer < this.regions; peer++) if (peer !== this.id) this.ship(peer);
    // Acknowledge remote entries only once they are durable here.
    for (let origin = 0; origin < this.regions; origin++) if (origin !== this.id && (this.applied[origin] as number) > 0) this.context.send(origin, { type: 'ack', origin, applied: this.applied[origin] as number });
  }

  private serve(client: number, request: ClientRequest): void {
    const settings = this.protocol.settings;
    if (settings.sessionTokens) {
      const token = this.protocol.sessions.get(client);
      if (token !== undefined && !covers(this.applied, token)) {
        this.protocol.counters.sessionRefusals++;
        this.context.send(client, reply(request.opId, 'fail', { error: 'region behind the session token' }));
        return;
      }
    }
    if (request.f === 'read') {
      this.context.send(client, reply(request.opId, 'ok', { value: this.protocol.readState(this.states.get(request.key)) }));
      this.advanceSession(client);
      return;
    }
    if (request.f === 'cas') {
      // A region compares against its local value only: two regions can both succeed (no global order).
      const [expected, next] = request.value as [unknown, unknown];
      const current = this.protocol.readState(this.states.get(request.key));
      if (current !== expected) {
        this.context.send(client, reply(request.opId, 'fail', { error: 'cas-mismatch', value: current }));
        return;
      }
      this.write(request.key, 'write', next);
    } else {
      this.write(request.key, request.f, request.value);
    }
    this.context.send(client, reply(request.opId, 'ok'));
    this.advanceSession(client);
  }

  private advanceSession(client: number): void {
    if (!this.protocol.settings.sessionTokens) return;
    const token = this.protocol.sessions.get(client);
    if (token === undefined) this.protocol.sessions.set(client, Int32Array.from(this.applied));
    else for (let origin = 0; origin < this.regions; origin++) if ((this.applied[origin] as number) > (token[origin] as number)) token[origin] = this.applied[origin] as number;
  }

  /** A local write: its effect on this region's state, a durable log entry, and shipping to every peer. */
  private write(key: string, f: OperationName, value: unknown): void {
    const seq = (this.applied[this.id] as number) + 1;
    const deps = this.applied.slice();
    const delta = this.localDelta(key, f, value);
    const entry: Entry = { origin: this.id, seq, key, deps, id: value, delta };
    this.applied[this.id] = seq;
    this.durable.ownLog.push(entry);
    this.lastOwnWrite.set(key, seq);
    this.durable.applied.push(entry);
    this.states.set(key, this.protocol.mergeState(this.id, this.states.get(key), delta));
    if (this.protocol.settings.durability === 'fsync-per-write') {
      this.durable.synced = this.durable.applied.length;
      for (let peer = 0; peer < this.regions; peer++) if (peer !== this.id) this.ship(peer);
    }
  }

  /** The replicated effect of one operation, computed against this region's state. */
  private localDelta(key: string, f: OperationName, value: unknown): unknown {
    const protocol = this.protocol;
    const state = this.states.get(key);
    switch (protocol.settings.conflictResolution) {
      case 'crdt': {
        const crdt = (state ?? protocol.emptyState(this.id)) as PNCounter | ORSet<Json> | GSet<Json>;
        if (state === undefined) this.states.set(key, crdt);
        // The delta is merged into the state by the caller; these mutate the local replica too (idempotent).
        if (crdt instanceof PNCounter) return crdt.increment(1);
        if (crdt instanceof GSet) return crdt.add(value as Json);
        return f === 'remove' ? crdt.remove(value as Json) : crdt.add(value as Json);
      }
      case 'last-writer-wins': {
        const current = protocol.readState(state);
        const next = applyOperation(protocol.settings.dataType, current, f, value);
        return { value: next, stamp: this.stamp(), writer: value } satisfies LwwState;
      }
      default: {
        const siblings = (state as SiblingSet<{ value: unknown; writer: unknown }> | undefined) ?? SiblingSet.empty<{ value: unknown; writer: unknown }>();
        const next = applyOperation(protocol.settings.dataType, protocol.readState(state), f, value);
        // The region read the key (all its siblings) before writing: its context supersedes them.
        return siblings.write(`r${this.id}`, { value: next, writer: value }, siblings.context);
      }
    }
  }

  private stamp(): LwwStamp {
    const node = this.stampNode;
    if (this.hlc !== undefined) {
      const now = this.hlc.now();
      return { timestampMs: now.wallMs, logical: now.logical, node };
    }
    // The node's own clock, skewed and drifting, to the microsecond; never backwards on this node.
    const timestampMs = Math.max(Math.floor(this.context.clockMs() * 1000) / 1000, this.lastStampMs);
    this.lastStampMs = timestampMs;
    return { timestampMs, node };
  }

  /** Sends a peer the durable own entries it has not been sent yet (a bounded batch). */
  private ship(peer: number): void {
    const from = this.sentUpTo[peer] as number;
    const to = Math.min(this.ownSynced(), from + 64);
    if (to <= from) return;
    this.sentUpTo[peer] = to;
    this.context.send(peer, { type: 'replicate', entries: this.durable.ownLog.slice(from, to) });
  }

  private receive(from: number, entries: readonly Entry[]): void {
    let progressed = this.applyFrom(entries);
    if (entries.length > 0 && this.protocol.settings.durability === 'fsync-per-write') this.context.send(from, { type: 'ack', origin: from, applied: this.applied[from] as number });
    // Entries held back for their dependencies may now apply.
    while (progressed && this.protocol.settings.causalDelivery) {
      progressed = false;
      for (let origin = 0; origin < this.regions; origin++) {
        const held = this.waiting[origin] as readonly Entry[];
        if (held.length === 0) continue;
        this.waiting[origin] = [];
        if (this.applyFrom(held)) {
          progressed = true;
          if (this.protocol.settings.durability === 'fsync-per-write') this.context.send(origin, { type: 'ack', origin, applied: this.applied[origin] as number });
        }
      }
    }
  }

  /** Applies entries of one origin in log order; returns whether any applied. */
  private applyFrom(entries: readonly Entry[]): boolean {
    let progressed = false;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index] as Entry;
      const have = this.applied[entry.origin] as number;
      if (entry.seq <= have) continue;
      if (entry.seq > have + 1) break; // a gap: the retransmission fills it
      if (this.protocol.settings.causalDelivery && !coversExcept(this.applied, entry.deps, entry.origin)) {
        this.protocol.counters.causalWaits++;
        this.waiting[entry.origin] = entries.slice(index);
        break;
      }
      const state = this.states.get(entry.key);
      if (state !== undefined && (this.applied[this.id] as number) > (entry.deps[this.id] as number) && this.touchedSince(entry)) this.protocol.counters.conflicts++;
      if (this.hlc !== undefined) {
        const stamp = (entry.delta as LwwState).stamp;
        this.hlc.receive({ wallMs: stamp.timestampMs, logical: stamp.logical ?? 0 });
      }
      this.states.set(entry.key, this.protocol.mergeState(this.id, state, entry.delta));
      this.applied[entry.origin] = entry.seq;
      this.durable.applied.push(entry);
      if (this.protocol.settings.durability === 'fsync-per-write') this.durable.synced = this.durable.applied.length;
      this.protocol.counters.replicated++;
      progressed = true;
    }
    return progressed;
  }

  /** Whether this region wrote the entry's key after the entry's writer last heard from it (a concurrent write). */
  private touchedSince(entry: Entry): boolean {
    // The own log's seqs increase, so an own write to the key after the entry's dependency on us is the last one's.
    return (this.lastOwnWrite.get(entry.key) ?? 0) > (entry.deps[this.id] as number);
  }
}

/** The value after one operation, for resolutions that replicate whole values (LWW, siblings). */
function applyOperation(dataType: DataType, current: unknown, f: OperationName, value: unknown): unknown {
  switch (dataType) {
    case 'register':
      return value;
    case 'counter':
      return (current as number) + 1;
    case 'log':
    case 'set': {
      const elements = current as readonly unknown[];
      if (f === 'remove') return elements.filter((element) => element !== value);
      return elements.includes(value) ? elements : [...elements, value].sort(compareJson);
    }
  }
}

function covers(applied: Int32Array, token: Int32Array): boolean {
  for (let index = 0; index < token.length; index++) if ((applied[index] as number) < (token[index] as number)) return false;
  return true;
}

function coversExcept(applied: Int32Array, deps: Int32Array, origin: number): boolean {
  for (let index = 0; index < deps.length; index++) if (index !== origin && (applied[index] as number) < (deps[index] as number)) return false;
  return true;
}
