import { booleanOptions } from '../options.js';
import { PNCounter } from '../crdt/pn-counter.js';
import { invalidOption } from '../errors.js';
import type { Kernel } from '../sim/kernel.js';
import type { NodeContext, NodeFactory, NodeHandler } from '../sim/node.js';
import { type ClientReply, type ClientRequest, type OperationName, type ProtocolModel, reply } from '../sim/protocol.js';

/**
 * A Dynamo-style leaderless store: every key lives on N replicas (its preference list on a ring),
 * a write waits for W acknowledgements and a read for R answers, and the highest version wins.
 *
 * @example
 * ```ts
 * const linearizable: LeaderlessOptions = { n: 3, w: 2, r: 2, writeBackOnRead: true };
 * const eventual: LeaderlessOptions = { n: 3, w: 1, r: 1, readRepair: true, sloppyQuorum: true };
 * ```
 */
export interface LeaderlessOptions {
  /** Replicas per key. */
  readonly n: number;
  /** Acknowledgements a write waits for. */
  readonly w: number;
  /** Answers a read waits for. */
  readonly r: number;
  /** Nodes in the cluster (≥ n, at most 30). Default n, or n + 2 with a sloppy quorum (room for fallbacks). */
  readonly nodes?: number;
  /** After a read, push the newest value to the replicas that answered with an older one (in the background). Default false. */
  readonly readRepair?: boolean;
  /**
   * ABD: a read writes the value it returns back to W replicas before answering, and a write first
   * asks R replicas for the highest version and writes a higher one (multi-writer ABD), so versions
   * follow real-time order instead of clocks. With W + R > N this makes reads and writes
   * linearizable. Default false: writes are versioned by the coordinator's clock (last writer wins).
   */
  readonly writeBackOnRead?: boolean;
  /**
   * When preference-list replicas do not answer within `replicaTimeoutMs`, use the next nodes on
   * the ring instead (they keep a hint and hand the value off later). Default false.
   */
  readonly sloppyQuorum?: boolean;
  /** Whether fallback nodes hand hinted writes back to their home replica. Default true with a sloppy quorum. */
  readonly hintedHandoff?: boolean;
  /** How long a coordinator waits for replicas before falling back or giving up. Default 100 ms. */
  readonly replicaTimeoutMs?: number;
  /** How often a node retries handing its hints off. Default 200 ms. */
  readonly handoffIntervalMs?: number;
  /**
   * Anti-entropy repair (Dynamo's and Cassandra's background repair): every this many ms each
   * node pushes the keys it is a home replica of to the key's other home replicas, so replicas
   * converge without reads. Default 0: off.
   */
  readonly antiEntropyIntervalMs?: number;
  /**
   * What each key holds: a `register` (writes of values, the default) or a `counter` (increments).
   * How a counter's concurrent increments merge is `counterMerge`.
   */
  readonly dataType?: 'register' | 'counter';
  /**
   * How replicas of a counter merge: `last-writer-wins` (an increment reads R replicas and writes
   * the count + 1 as a new version: two concurrent increments write the same count and one is
   * lost) or `pn-counter` (each coordinator increments its own slot of a pacelc/crdt PN-counter and
   * replicas merge slot by slot, as Riak's and Cassandra's counters do: no increment is lost).
   * Default `last-writer-wins`.
   */
  readonly counterMerge?: 'last-writer-wins' | 'pn-counter';
}

type Message =
  | ClientRequest
  | ClientReply
  | { readonly type: 'store'; readonly rid: number; readonly key: string; readonly value: unknown; readonly version: number; readonly hintFor: number }
  | { readonly type: 'stored'; readonly rid: number }
  | { readonly type: 'fetch'; readonly rid: number; readonly key: string }
  | { readonly type: 'fetched'; readonly rid: number; readonly value: unknown; readonly version: number }
  | { readonly type: 'handoff'; readonly hintId: number; readonly key: string; readonly value: unknown; readonly version: number }
  | { readonly type: 'handoff-ack'; readonly hintId: number };

interface Versioned {
  value: unknown;
  version: number;
}

interface Hint {
  readonly intendedFor: number;
  readonly key: string;
  readonly value: unknown;
  readonly version: number;
}

type Phase = 'read' | 'version' | 'write' | 'write-back' | 'done';

interface Pending {
  readonly rid: number;
  readonly client: number;
  readonly opId: number;
  readonly f: OperationName;
  readonly key: string;
  readonly argument: unknown;
  readonly home: readonly number[];
  phase: Phase;
  /** Nodes asked in this phase (bit mask) and nodes that answered. */
  asked: number;
  answered: number;
  answers: number;
  bestValue: unknown;
  bestVersion: number;
  /** How many answers carried the best version (to skip a needless write-back). */
  bestCount: number;
  /** Per answering node, the version it had (kept only for read repair). */
  readonly versions: Map<number, number> | undefined;
  writeValue: unknown;
  writeVersion: number;
  fallbacksUsed: number;
  timer: number;
  retried: boolean;
  replied: boolean;
}

const VERSION_NODE_BITS = 1024;
const MAX_HINTS_PER_NODE = 10_000;

/** Counters a leaderless run reports. */
const statDescriptions: Record<string, string> = {
  readRepairs: 'stores sent by read repair to replicas that answered with an older version',
  writeBacks: 'reads that wrote their value back to a quorum before answering (ABD)',
  sloppyStores: 'writes sent to fallback nodes outside the preference list',
  hintsHandedOff: 'hinted writes delivered to their home replica',
  hintsDropped: 'hints dropped because a node held too many',
  coordinatorGiveUps: 'operations a coordinator gave up on for want of replicas',
};

/**
 * The leaderless (Dynamo-style) protocol model for the simulator: preference lists on a ring,
 * N/W/R quorums, last-writer-wins by version, optional read repair, ABD write-back, and sloppy
 * quorums with hinted handoff. Any node coordinates the requests its clients send it.
 *
 * @example
 * ```ts
 * import { simulate } from 'pacelc/sim';
 * const report = simulate({ seed: 7, protocol: { kind: 'leaderless', n: 3, w: 2, r: 2, writeBackOnRead: true }, faults: { random: { kinds: ['partition'] } } });
 * report.check?.verdict; // 'holds'
 * ```
 */
export class LeaderlessProtocol implements ProtocolModel {
  readonly name = 'leaderless';
  readonly nodeCount: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly statDescriptions = statDescriptions;
  readonly settings: Required<LeaderlessOptions>;
  /** Whether keys are PN-counters merged slot by slot (a counter with `counterMerge: 'pn-counter'`). */
  readonly crdtCounter: boolean;
  private readonly preferenceCache = new Map<string, readonly number[]>();
  readonly counters = { readRepairs: 0, writeBacks: 0, sloppyStores: 0, hintsHandedOff: 0, hintsDropped: 0, coordinatorGiveUps: 0 };

  constructor(options: LeaderlessOptions) {
    booleanOptions(options, ['readRepair', 'writeBackOnRead', 'sloppyQuorum', 'hintedHandoff']);
    const { n, w, r } = options;
    if (!Number.isInteger(n) || n < 1 || n > 30) throw invalidOption('n', n, 'an integer from 1 to 30');
    if (!Number.isInteger(w) || w < 1 || w > n) throw invalidOption('w', w, `an integer from 1 to n (${n})`);
    if (!Number.isInteger(r) || r < 1 || r > n) throw invalidOption('r', r, `an integer from 1 to n (${n})`);
    const sloppyQuorum = options.sloppyQuorum ?? false;
    const nodes = options.nodes ?? (sloppyQuorum ? Math.min(30, n + 2) : n);
    if (!Number.isInteger(nodes) || nodes < n || nodes > 30) throw invalidOption('nodes', nodes, `an integer from n (${n}) to 30`);
    const replicaTimeoutMs = options.replicaTimeoutMs ?? 100;
    if (!(replicaTimeoutMs > 0)) throw invalidOption('replicaTimeoutMs', replicaTimeoutMs, 'a number > 0');
    const handoffIntervalMs = options.handoffIntervalMs ?? 200;
    if (!(handoffIntervalMs > 0)) throw invalidOption('handoffIntervalMs', handoffIntervalMs, 'a number > 0');
    const antiEntropyIntervalMs = options.antiEntropyIntervalMs ?? 0;
    if (!(antiEntropyIntervalMs >= 0) || !Number.isFinite(antiEntropyIntervalMs)) throw invalidOption('antiEntropyIntervalMs', antiEntropyIntervalMs, 'a number of ms >= 0 (0: off)');
    const dataType = options.dataType ?? 'register';
    if (dataType !== 'register' && dataType !== 'counter') throw invalidOption('dataType', dataType, 'register or counter');
    const counterMerge = options.counterMerge ?? 'last-writer-wins';
    if (counterMerge !== 'last-writer-wins' && counterMerge !== 'pn-counter') throw invalidOption('counterMerge', counterMerge, 'last-writer-wins or pn-counter');
    this.crdtCounter = dataType === 'counter' && counterMerge === 'pn-counter';
    this.settings = {
      dataType,
      counterMerge,
      n,
      w,
      r,
      nodes,
      antiEntropyIntervalMs,
      readRepair: options.readRepair ?? false,
      writeBackOnRead: options.writeBackOnRead ?? false,
      sloppyQuorum,
      hintedHandoff: options.hintedHandoff ?? sloppyQuorum,
      replicaTimeoutMs,
      handoffIntervalMs,
    };
    this.nodeCount = nodes;
    const { antiEntropyIntervalMs: _antiEntropy, dataType: _dataType, counterMerge: _counterMerge, ...shown } = this.settings;
    this.parameters = {
      protocol: 'leaderless',
      ...shown,
      ...(antiEntropyIntervalMs > 0 ? { antiEntropyIntervalMs } : {}),
      ...(dataType === 'counter' ? { dataType, counterMerge } : {}),
      versioning: this.crdtCounter ? 'none (PN-counters merge slot by slot)' : this.settings.writeBackOnRead ? 'quorum (ABD)' : 'coordinator clock (last writer wins)',
    };
  }

  /** The N nodes that hold `key`: its position on the ring and the next N-1 nodes. */
  preferenceList(key: string): readonly number[] {
    let list = this.preferenceCache.get(key);
    if (list === undefined) {
      const start = fnv1a(key) % this.nodeCount;
      list = Array.from({ length: this.settings.n }, (_, index) => (start + index) % this.nodeCount);
      this.preferenceCache.set(key, list);
    }
    return list;
  }

  nodeFactory(node: number): NodeFactory<unknown> {
    return (context) => new LeaderlessNode(this, node, context as NodeContext<Message>) as NodeHandler<unknown>;
  }

  route(client: number, _f: OperationName, current: number | undefined): number {
    return current ?? client % this.nodeCount;
  }

  nextAfterTimeout(_client: number, current: number): number {
    return (current + 1) % this.nodeCount;
  }

  finalValue(kernel: Kernel, key: string): { value: unknown; version: number } | undefined {
    let best: Versioned | undefined;
    for (let node = 0; node < this.nodeCount; node++) {
      const stored = dataOf(kernel.storageOf(node)).get(key);
      if (stored !== undefined && (best === undefined || stored.version > best.version)) best = stored;
    }
    return best === undefined ? undefined : { value: readable(best.value), version: best.version };
  }

  /** What each home replica of `key` holds (fallback nodes hand their copies off and are not counted). */
  replicaValues(kernel: Kernel, key: string): unknown[] {
    return this.preferenceList(key).map((node) => readable(dataOf(kernel.storageOf(node)).get(key)?.value ?? null));
  }

  stats(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }
}

/** A stored value as a client reads it: a PN-counter's count, else the value itself. */
function readable(value: unknown): unknown {
  return value instanceof PNCounter ? value.value() : value;
}

/** This node's own slot of each PN-counter it coordinated increments of (durable, so a restart never reuses a count). */
function ownCountersOf(storage: Map<string, unknown>): Map<string, PNCounter> {
  let own = storage.get('ownCounters') as Map<string, PNCounter> | undefined;
  if (own === undefined) {
    own = new Map();
    storage.set('ownCounters', own);
  }
  return own;
}

function dataOf(storage: Map<string, unknown>): Map<string, Versioned> {
  let data = storage.get('data') as Map<string, Versioned> | undefined;
  if (data === undefined) {
    data = new Map();
    storage.set('data', data);
  }
  return data;
}

function hintsOf(storage: Map<string, unknown>): Map<number, Hint> {
  let hints = storage.get('hints') as Map<number, Hint> | undefined;
  if (hints === undefined) {
    hints = new Map();
    storage.set('hints', hints);
  }
  return hints;
}

class LeaderlessNode implements NodeHandler<Message> {
  private readonly data: Map<string, Versioned>;
  private readonly hints: Map<number, Hint>;
  private readonly pending = new Map<number, Pending>();
  private nextRid = 1;
  private lastTimestamp = 0;
  private antiEntropyOffset = 0;

  constructor(
    private readonly protocol: LeaderlessProtocol,
    private readonly id: number,
    private readonly context: NodeContext<Message>,
  ) {
    this.data = dataOf(context.storage);
    this.hints = hintsOf(context.storage);
  }

  onStart(): void {
    this.armHandoff();
    this.armAntiEntropy();
  }

  onRecover(): void {
    this.armHandoff();
    this.armAntiEntropy();
  }

  private armAntiEntropy(): void {
    const intervalMs = this.protocol.settings.antiEntropyIntervalMs;
    if (intervalMs > 0) this.context.setTimer(intervalMs, 'anti-entropy');
  }

  /** Pushes a bounded batch of the keys this node is a home replica of to their other home replicas. */
  private antiEntropy(): void {
    let index = 0;
    let sent = 0;
    const start = this.antiEntropyOffset >= this.data.size ? 0 : this.antiEntropyOffset;
    for (const [key, stored] of this.data) {
      if (index++ < start) continue;
      if (sent++ >= 64) break;
      const home = this.protocol.preferenceList(key);
      if (!home.includes(this.id)) continue;
      for (const node of home) if (node !== this.id) this.context.send(node, { type: 'store', rid: 0, key, value: stored.value, version: stored.version, hintFor: -1 });
    }
    this.antiEntropyOffset = start + sent;
    this.armAntiEntropy();
  }

  onMessage(from: number, message: Message): void {
    switch (message.type) {
      case 'request':
        this.coordinate(from, message);
        return;
      case 'store': {
        this.apply(message.key, message.value, message.version);
        if (message.hintFor >= 0 && message.hintFor !== this.id) this.keepHint(message);
        if (message.rid !== 0) this.context.send(from, { type: 'stored', rid: message.rid });
        return;
      }
      case 'fetch': {
        const stored = this.data.get(message.key);
        this.context.send(from, { type: 'fetched', rid: message.rid, value: stored === undefined ? null : stored.value instanceof PNCounter ? stored.value.clone() : stored.value, version: stored === undefined ? 0 : stored.version });
        return;
      }
      case 'stored':
        this.onStored(from, message.rid);
        return;
      case 'fetched':
        this.onFetched(from, message.rid, message.value, message.version);
        return;
      case 'handoff':
        this.apply(message.key, message.value, message.version);
        this.context.send(from, { type: 'handoff-ack', hintId: message.hintId });
        return;
      case 'handoff-ack':
        if (this.hints.delete(message.hintId)) this.protocol.counters.hintsHandedOff++;
        return;
      case 'reply':
        return;
    }
  }

  onTimer(payload: unknown): void {
    if (payload === 'handoff') {
      this.handOff();
      return;
    }
    if (payload === 'anti-entropy') {
      this.antiEntropy();
      return;
    }
    const pending = this.pending.get(payload as number);
    if (pending === undefined) return;
    this.onRequestTimeout(pending);
  }

  private coordinate(client: number, request: ClientRequest): void {
    const rid = this.nextRid++;
    const pending: Pending = {
      rid,
      client,
      opId: request.opId,
      f: request.f,
      key: request.key,
      argument: request.value,
      home: this.protocol.preferenceList(request.key),
      phase: 'read',
      asked: 0,
      answered: 0,
      answers: 0,
      bestValue: null,
      bestVersion: 0,
      bestCount: 0,
      versions: this.protocol.settings.readRepair && request.f === 'read' ? new Map() : undefined,
      writeValue: undefined,
      writeVersion: 0,
      fallbacksUsed: 0,
      timer: 0,
      retried: false,
      replied: false,
    };
    this.pending.set(rid, pending);
    if (request.f === 'increment' && this.protocol.crdtCounter) {
      // Riak's counters: the coordinator adds one to its own slot and sends that slot (its whole count) to the replicas, which merge it.
      const own = ownCountersOf(this.context.storage);
      let slot = own.get(request.key);
      if (slot === undefined) own.set(request.key, (slot = PNCounter.empty(`n${this.id}`)));
      this.startWrite(pending, slot.increment(1), 0);
    } else if (request.f === 'write' && !this.protocol.settings.writeBackOnRead) {
      this.startWrite(pending, request.value, this.clockVersion(0));
    } else {
      pending.phase = request.f === 'write' ? 'version' : 'read';
      this.startPhase(pending);
      for (const node of pending.home) this.context.send(node, { type: 'fetch', rid, key: pending.key });
    }
  }

  private startPhase(pending: Pending): void {
    pending.asked = 0;
    pending.answered = 0;
    pending.answers = 0;
    pending.retried = false;
    for (const node of pending.home) pending.asked |= 1 << node;
    if (pending.timer !== 0) this.context.cancelTimer(pending.timer);
    pending.timer = this.context.setTimer(this.protocol.settings.replicaTimeoutMs, pending.rid);
  }

  private startWrite(pending: Pending, value: unknown, version: number): void {
    pending.phase = 'write';
    pending.writeValue = value;
    pending.writeVersion = version;
    this.startPhase(pending);
    for (const node of pending.home) this.context.send(node, { type: 'store', rid: pending.rid, key: pending.key, value, version, hintFor: -1 });
  }

  private onFetched(from: number, rid: number, value: unknown, version: number): void {
    const pending = this.pending.get(rid);
    if (pending === undefined) return;
    const bit = 1 << from;
    if ((pending.answered & bit) !== 0) return; // a duplicate
    if (pending.phase !== 'read' && pending.phase !== 'version') {
      // A late answer to a finished read: repair it if it is behind.
      if (this.protocol.settings.readRepair && pending.f === 'read' && version < pending.bestVersion) this.repair(pending, from);
      return;
    }
    pending.answered |= bit;
    pending.answers++;
    pending.versions?.set(from, version);
    if (this.protocol.crdtCounter) {
      // PN-counters merge slot by slot; the count orders the answers for read repair.
      if (value instanceof PNCounter) pending.bestValue = pending.bestValue instanceof PNCounter ? pending.bestValue.merge(value) : value.clone(`n${this.id}`);
      pending.bestVersion = pending.bestValue instanceof PNCounter ? pending.bestValue.value() : 0;
    } else if (version > pending.bestVersion) {
      pending.bestVersion = version;
      pending.bestValue = value;
      pending.bestCount = 1;
    } else if (version === pending.bestVersion) {
      pending.bestCount++;
    }
    if (pending.answers < this.protocol.settings.r) return;
    const settings = this.protocol.settings;
    if (pending.phase === 'version') {
      this.startWrite(pending, pending.argument, this.counterVersion(pending.bestVersion));
      return;
    }
    if (pending.versions !== undefined) for (const [node, seen] of pending.versions) if (seen < pending.bestVersion) this.repair(pending, node);
    if (pending.f === 'cas' || pending.f === 'increment') {
      let next: unknown;
      if (pending.f === 'increment') {
        // Last writer wins on a counter: read the count, write the count + 1 as a new version.
        next = (typeof pending.bestValue === 'number' ? pending.bestValue : 0) + 1;
      } else {
        const [expected, replacement] = pending.argument as [unknown, unknown];
        if (pending.bestValue !== expected) {
          this.finish(pending, reply(pending.opId, 'fail', { error: 'cas-mismatch', value: pending.bestValue }));
          return;
        }
        next = replacement;
      }
      const version = settings.writeBackOnRead ? this.counterVersion(pending.bestVersion) : Math.max(this.clockVersion(pending.bestVersion), this.counterVersion(pending.bestVersion));
      this.startWrite(pending, next, version);
      return;
    }
    if (settings.writeBackOnRead && pending.bestCount < settings.w && pending.bestVersion > 0) {
      this.protocol.counters.writeBacks++;
      pending.phase = 'write-back';
      pending.writeValue = pending.bestValue;
      pending.writeVersion = pending.bestVersion;
      this.startPhase(pending);
      for (const node of pending.home) this.context.send(node, { type: 'store', rid: pending.rid, key: pending.key, value: pending.bestValue, version: pending.bestVersion, hintFor: -1 });
      return;
    }
    this.finish(pending, reply(pending.opId, 'ok', { value: readable(pending.bestValue), version: pending.bestVersion }));
  }

  private onStored(from: number, rid: number): void {
    const pending = this.pending.get(rid);
    if (pending === undefined || (pending.phase !== 'write' && pending.phase !== 'write-back')) return;
    const bit = 1 << from;
    if ((pending.answered & bit) !== 0) return;
    pending.answered |= bit;
    pending.answers++;
    if (pending.answers < this.protocol.settings.w) return;
    if (pending.phase === 'write-back') this.finish(pending, reply(pending.opId, 'ok', { value: readable(pending.writeValue), version: pending.writeVersion }));
    else this.finish(pending, reply(pending.opId, 'ok', { version: pending.writeVersion }));
  }

  private onRequestTimeout(pending: Pending): void {
    pending.timer = 0;
    const settings = this.protocol.settings;
    if (pending.phase === 'done') {
      this.pending.delete(pending.rid); // the read-repair tail is over
      return;
    }
    if (settings.sloppyQuorum && !pending.retried) {
      pending.retried = true;
      const missing = pending.home.filter((node) => (pending.answered & (1 << node)) === 0);
      for (const intended of missing) {
        const fallback = this.nextFallback(pending);
        if (fallback === undefined) break;
        pending.asked |= 1 << fallback;
        if (pending.phase === 'read' || pending.phase === 'version') {
          this.context.send(fallback, { type: 'fetch', rid: pending.rid, key: pending.key });
        } else {
          this.protocol.counters.sloppyStores++;
          this.context.send(fallback, { type: 'store', rid: pending.rid, key: pending.key, value: pending.writeValue, version: pending.writeVersion, hintFor: intended });
        }
      }
      pending.timer = this.context.setTimer(settings.replicaTimeoutMs, pending.rid);
      return;
    }
    this.protocol.counters.coordinatorGiveUps++;
    // A write phase may have reached some replicas: the outcome is unknown. A read (or the
    // version phase of a write, which stores nothing) certainly changed nothing.
    const wrote = pending.phase === 'write' || pending.phase === 'write-back';
    this.finish(pending, reply(pending.opId, wrote ? 'info' : 'fail', { error: `${pending.answers} of ${pending.phase === 'write' || pending.phase === 'write-back' ? settings.w : settings.r} replicas answered` }));
  }

  private nextFallback(pending: Pending): number | undefined {
    const nodes = this.protocol.nodeCount;
    const start = pending.home[0] as number;
    while (pending.fallbacksUsed < nodes - pending.home.length) {
      const candidate = (start + pending.home.length + pending.fallbacksUsed++) % nodes;
      if ((pending.asked & (1 << candidate)) === 0) return candidate;
    }
    return undefined;
  }

  private finish(pending: Pending, message: ClientReply): void {
    pending.phase = 'done';
    if (!pending.replied) {
      pending.replied = true;
      this.context.send(pending.client, message);
    }
    // Keep a plain read around until its timer, to repair late answers; otherwise forget it.
    if (this.protocol.settings.readRepair && pending.f === 'read' && pending.answers < pending.home.length) {
      if (pending.timer === 0) pending.timer = this.context.setTimer(this.protocol.settings.replicaTimeoutMs, pending.rid);
      return;
    }
    if (pending.timer !== 0) this.context.cancelTimer(pending.timer);
    this.pending.delete(pending.rid);
  }

  private repair(pending: Pending, node: number): void {
    this.protocol.counters.readRepairs++;
    this.context.send(node, { type: 'store', rid: 0, key: pending.key, value: pending.bestValue, version: pending.bestVersion, hintFor: -1 });
  }

  private apply(key: string, value: unknown, version: number): void {
    const stored = this.data.get(key);
    if (value instanceof PNCounter) {
      // A PN-counter merges slot by slot (never mutating the message's copy); its count is its version.
      const merged = stored?.value instanceof PNCounter ? stored.value.merge(value) : value.clone(`n${this.id}`);
      if (stored === undefined) this.data.set(key, { value: merged, version: merged.value() });
      else {
        stored.value = merged;
        stored.version = merged.value();
      }
      return;
    }
    if (stored === undefined) this.data.set(key, { value, version });
    else if (version > stored.version) {
      stored.value = value;
      stored.version = version;
    }
  }

  private keepHint(message: { readonly key: string; readonly value: unknown; readonly version: number; readonly hintFor: number; readonly rid: number }): void {
    if (!this.protocol.settings.hintedHandoff) return;
    if (this.hints.size >= MAX_HINTS_PER_NODE) {
      const oldest = this.hints.keys().next().value as number;
      this.hints.delete(oldest);
      this.protocol.counters.hintsDropped++;
    }
    const hintId = this.id * 2 ** 32 + this.nextHintId();
    this.hints.set(hintId, { intendedFor: message.hintFor, key: message.key, value: message.value, version: message.version });
  }

  private nextHintId(): number {
    const next = ((this.context.storage.get('nextHintId') as number | undefined) ?? 0) + 1;
    this.context.storage.set('nextHintId', next);
    return next;
  }

  private armHandoff(): void {
    if (!this.protocol.settings.hintedHandoff) return;
    this.context.setTimer(this.protocol.settings.handoffIntervalMs, 'handoff');
  }

  private handOff(): void {
    let sent = 0;
    for (const [hintId, hint] of this.hints) {
      if (sent++ >= 64) break; // a bounded batch per round
      this.context.send(hint.intendedFor, { type: 'handoff', hintId, key: hint.key, value: hint.value, version: hint.version });
    }
    this.armHandoff();
  }

  /** A last-writer-wins version from this node's clock (µs), above `floor` and above its own previous one. */
  private clockVersion(floor: number): number {
    const timestamp = Math.max(Math.floor(this.context.clockMs() * 1000), this.lastTimestamp + 1, Math.floor(floor / VERSION_NODE_BITS) + 1);
    this.lastTimestamp = timestamp;
    return timestamp * VERSION_NODE_BITS + this.id;
  }

  /**
   * The next ABD version after `seen`: a higher counter, tie-broken by node id, and higher than
   * any this node issued before (kept durably), so two writes never share a version.
   */
  private counterVersion(seen: number): number {
    const last = (this.context.storage.get('lastCounter') as number | undefined) ?? 0;
    const counter = Math.max(Math.floor(seen / VERSION_NODE_BITS) + 1, last + 1);
    this.context.storage.set('lastCounter', counter);
    return counter * VERSION_NODE_BITS + this.id;
  }
}

/** 32-bit FNV-1a of a string: where a key sits on the ring. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
