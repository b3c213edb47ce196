import { booleanOptions } from '../options.js';
import { invalidOption } from '../errors.js';
import type { Kernel } from '../sim/kernel.js';
import type { NodeContext, NodeFactory, NodeHandler } from '../sim/node.js';
import { type ClientReply, type ClientRequest, type OperationName, type ProtocolModel, reply } from '../sim/protocol.js';

/**
 * How a leader waits for followers before acknowledging a write.
 *
 * @example
 * ```ts
 * const mode: ReplicationMode = 'semi-synchronous';
 * ```
 */
export type ReplicationMode = 'synchronous' | 'semi-synchronous' | 'asynchronous';

/**
 * Single-leader replication: the leader orders writes in a log and ships it to followers.
 *
 * @example
 * ```ts
 * const risky: LeaderFollowerOptions = { mode: 'asynchronous', replicas: 3 };
 * const safer: LeaderFollowerOptions = { mode: 'semi-synchronous', replicas: 5, synchronousAcks: 2, fencing: true };
 * ```
 */
export interface LeaderFollowerOptions {
  /** synchronous: every follower acknowledges; semi-synchronous: `synchronousAcks` of them; asynchronous: none. */
  readonly mode: ReplicationMode;
  /** Nodes in all, leader included (1 to 30). */
  readonly replicas: number;
  /** Follower acknowledgements a semi-synchronous write waits for. Default 1. */
  readonly synchronousAcks?: number;
  /**
   * Fencing tokens: a new leader's epoch must be granted by a majority (as a lock service would
   * grant a token), only to a candidate whose log is at least as recent as the granter's, and every
   * replica rejects appends carrying an older epoch. Without it, a follower that stops hearing the
   * leader promotes itself and replicas follow whoever writes to them. Default false.
   */
  readonly fencing?: boolean;
  /** Whether followers take over when the leader goes silent. Default true. */
  readonly failover?: boolean;
  /** Where reads go: the leader, or the node the client is attached to (possibly a lagging follower). Default leader. */
  readonly readFrom?: 'leader' | 'any';
  /**
   * ReadIndex (Raft §6.4, etcd): a leader answers a read only from committed state (never a write
   * still waiting for its acknowledgements), and only after a majority has confirmed, in a round
   * started after the read arrived, that it is still the leader. Without it (the default) a leader
   * answers from its local state at once, so a deposed leader, or one showing a write that a later
   * failover discards, can return values that go back in time.
   */
  readonly readIndex?: boolean;
  /**
   * Session tokens (read-your-writes and monotonic reads on followers): the client carries the log
   * position (index and epoch) of its last acknowledged write and of its last read, and a follower
   * answers its read only once it holds that exact entry, waiting up to `replicationTimeoutMs`
   * (the read then fails). What PostgreSQL users do with the WAL position, MongoDB with causally
   * consistent sessions. Default false.
   */
  readonly sessionReads?: boolean;
  /** Leader heartbeat interval. Default 50 ms. */
  readonly heartbeatMs?: number;
  /** Silence after which a follower starts a failover (randomised up to twice this). Default 300 ms. */
  readonly failoverTimeoutMs?: number;
  /** How long a leader waits for follower acknowledgements before answering `info`. Default 250 ms. */
  readonly replicationTimeoutMs?: number;
}

interface Entry {
  readonly epoch: number;
  readonly key: string;
  readonly value: unknown;
}

type Message =
  | ClientRequest
  | ClientReply
  | { readonly type: 'append'; readonly epoch: number; readonly prevIndex: number; readonly prevEpoch: number; readonly entries: readonly Entry[]; readonly round: number }
  | { readonly type: 'append-ok'; readonly epoch: number; readonly matchIndex: number; readonly round: number }
  | { readonly type: 'append-retry'; readonly epoch: number; readonly lastIndex: number }
  | { readonly type: 'append-reject'; readonly epoch: number }
  | { readonly type: 'new-leader'; readonly epoch: number }
  | { readonly type: 'claim'; readonly epoch: number; readonly lastIndex: number; readonly lastEpoch: number }
  | { readonly type: 'grant'; readonly epoch: number; readonly granted: boolean };

interface PendingWrite {
  readonly client: number;
  readonly opId: number;
  readonly index: number;
  acked: number;
  readonly deadlineMs: number;
}

const EPOCH_NODE_BITS = 64;
const MAX_BATCH = 64;
/** Discarded log entries remembered for the lost-write count (a bound on the model's memory). */
const MAX_DISCARDED = 1_000_000;

const statDescriptions: Record<string, string> = {
  failovers: 'times a node became leader after the first',
  maxSimultaneousLeaders: 'most nodes acting as leader at the same time (2+ is split brain)',
  splitBrainMs: 'virtual time during which two or more nodes acted as leader',
  deposedLeaderAcks: 'writes acknowledged by a leader after a newer leader had been elected',
  deposedWritesApplied: "appends from a deposed leader applied by a replica that had already seen a newer epoch",
  fencedAppends: 'appends rejected because they carried an older epoch (fencing at work)',
  truncatedEntries: 'log entries a replica discarded to follow a new leader',
};

/**
 * The leader-follower protocol model: a leader with a replicated log, synchronous,
 * semi-synchronous or asynchronous acknowledgement, heartbeats, failover when the leader goes
 * silent, and, optionally, fencing by epochs. It shows what asynchronous replication with failover
 * loses, and what split brain does without fencing.
 *
 * @example
 * ```ts
 * import { simulate } from 'pacelc/sim';
 * const report = simulate({ seed: 1, protocol: { kind: 'leader-follower', mode: 'asynchronous', replicas: 3 }, faults: { random: { kinds: ['crash'] } } });
 * report.freshness.lostWrites; // > 0: acknowledged writes the new leader never had
 * ```
 */
export class LeaderFollowerProtocol implements ProtocolModel {
  readonly name = 'leader-follower';
  readonly nodeCount: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly statDescriptions = statDescriptions;
  readonly settings: Required<LeaderFollowerOptions>;
  readonly counters = { failovers: 0, maxSimultaneousLeaders: 1, splitBrainMs: 0, deposedLeaderAcks: 0, deposedWritesApplied: 0, fencedAppends: 0, truncatedEntries: 0 };
  /** God's view (for the report only, never for decisions): the nodes acting as leader and the newest epoch elected. */
  private readonly leaders = new Set<number>();
  private highestElectedEpoch = 0;
  private splitBrainSinceMs = -1;
  private readonly discarded: Entry[] = [];
  private readonly electionTimeouts = new Map<number, number[]>();
  /** Session tokens by client: the position its next read must have reached (carried by the client library). */
  readonly sessionTokens = new Map<number, { readonly index: number; readonly epoch: number }>();

  /** @internal raises a client's session token (never lowers it). */
  advanceSession(client: number, index: number, epoch: number): void {
    const token = this.sessionTokens.get(client);
    if (token === undefined || index > token.index) this.sessionTokens.set(client, { index, epoch });
  }

  constructor(options: LeaderFollowerOptions) {
    booleanOptions(options, ['fencing', 'failover', 'readIndex', 'sessionReads']);
    const { mode, replicas } = options;
    if (mode !== 'synchronous' && mode !== 'semi-synchronous' && mode !== 'asynchronous') throw invalidOption('mode', mode, 'synchronous, semi-synchronous or asynchronous');
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 30) throw invalidOption('replicas', replicas, 'an integer from 1 to 30');
    const synchronousAcks = options.synchronousAcks ?? 1;
    if (!Number.isInteger(synchronousAcks) || synchronousAcks < 0 || synchronousAcks > replicas - 1) throw invalidOption('synchronousAcks', synchronousAcks, `an integer from 0 to replicas - 1 (${replicas - 1})`);
    const positive = (name: string, value: number): number => {
      if (!(value > 0) || !Number.isFinite(value)) throw invalidOption(name, value, 'a number > 0');
      return value;
    };
    this.settings = {
      mode,
      replicas,
      synchronousAcks: mode === 'synchronous' ? replicas - 1 : mode === 'asynchronous' ? 0 : synchronousAcks,
      fencing: options.fencing ?? false,
      failover: options.failover ?? true,
      readFrom: options.readFrom ?? 'leader',
      readIndex: options.readIndex ?? false,
      sessionReads: options.sessionReads ?? false,
      heartbeatMs: positive('heartbeatMs', options.heartbeatMs ?? 50),
      failoverTimeoutMs: positive('failoverTimeoutMs', options.failoverTimeoutMs ?? 300),
      replicationTimeoutMs: positive('replicationTimeoutMs', options.replicationTimeoutMs ?? 250),
    };
    this.nodeCount = replicas;
    this.parameters = { protocol: 'leader-follower', ...this.settings };
  }

  nodeFactory(node: number): NodeFactory<unknown> {
    return (context) => new LeaderFollowerNode(this, node, context as NodeContext<Message>) as NodeHandler<unknown>;
  }

  route(client: number, f: OperationName, current: number | undefined): number {
    if (f === 'read' && this.settings.readFrom === 'any') return client % this.nodeCount;
    return current ?? 0;
  }

  nextAfterTimeout(_client: number, current: number): number {
    return (current + 1) % this.nodeCount;
  }

  finalValue(kernel: Kernel, key: string): { value: unknown } | undefined {
    const log = this.authoritativeLog(kernel);
    for (let index = log.length - 1; index >= 0; index--) if ((log[index] as Entry).key === key) return { value: (log[index] as Entry).value };
    return undefined;
  }

  missingWrites(kernel: Kernel): Array<{ key: string; value: unknown }> {
    const kept = new Set(this.authoritativeLog(kernel).map((entry) => entry.value));
    const missing = new Map<unknown, string>();
    const consider = (entry: Entry): void => {
      if (!kept.has(entry.value)) missing.set(entry.value, entry.key);
    };
    for (const entry of this.discarded) consider(entry);
    for (let node = 0; node < this.nodeCount; node++) for (const entry of logOf(kernel.storageOf(node))) consider(entry);
    return [...missing].map(([value, key]) => ({ key, value }));
  }

  /** @internal a replica discarded entries to follow a new leader (god's view, bounded). */
  entriesDiscarded(entries: readonly Entry[]): void {
    this.counters.truncatedEntries += entries.length;
    for (const entry of entries) {
      if (this.discarded.length >= MAX_DISCARDED) return;
      this.discarded.push(entry);
    }
  }

  stats(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }

  drawnParameters(): Readonly<Record<string, string>> {
    const timeouts = [...this.electionTimeouts].map(([node, draws]) => `${node}: ${draws.map((ms) => `${ms.toFixed(1)}ms`).join(', ')}`);
    return timeouts.length === 0 ? {} : { 'failover timeouts (per node, one per start or restart)': timeouts.join('; ') };
  }

  /** @internal a node drew its failover timeout (at start and after each restart). */
  electionTimeoutDrawn(node: number, timeoutMs: number): void {
    const draws = this.electionTimeouts.get(node) ?? [];
    if (draws.length < 16) draws.push(timeoutMs);
    this.electionTimeouts.set(node, draws);
  }

  /** @internal a node became leader or stopped being one. */
  leadershipChanged(node: number, leading: boolean, epoch: number, nowMs: number): void {
    if (leading) {
      if (this.highestElectedEpoch !== 0 && epoch > this.highestElectedEpoch) this.counters.failovers++;
      this.highestElectedEpoch = Math.max(this.highestElectedEpoch, epoch);
      this.leaders.add(node);
    } else this.leaders.delete(node);
    this.counters.maxSimultaneousLeaders = Math.max(this.counters.maxSimultaneousLeaders, this.leaders.size);
    if (this.leaders.size >= 2 && this.splitBrainSinceMs < 0) this.splitBrainSinceMs = nowMs;
    else if (this.leaders.size < 2 && this.splitBrainSinceMs >= 0) {
      this.counters.splitBrainMs = round(this.counters.splitBrainMs + nowMs - this.splitBrainSinceMs);
      this.splitBrainSinceMs = -1;
    }
  }

  /** @internal a leader with `epoch` acknowledged a write. */
  writeAcknowledged(epoch: number): void {
    if (epoch < this.highestElectedEpoch) this.counters.deposedLeaderAcks++;
  }

  /** The log the cluster converged to: the up leader's with the newest epoch, else the longest among a majority. */
  private authoritativeLog(kernel: Kernel): readonly Entry[] {
    let best: { epoch: number; log: readonly Entry[] } | undefined;
    for (let node = 0; node < this.nodeCount; node++) {
      const storage = kernel.storageOf(node);
      if (storage.get('leading') === true && kernel.isUp(node)) {
        const epoch = storage.get('epoch') as number;
        if (best === undefined || epoch > best.epoch) best = { epoch, log: logOf(storage) };
      }
    }
    if (best !== undefined) return best.log;
    const logs = Array.from({ length: this.nodeCount }, (_, node) => logOf(kernel.storageOf(node))).sort((a, b) => b.length - a.length);
    return logs[Math.floor(this.nodeCount / 2)] ?? [];
  }
}

function logOf(storage: Map<string, unknown>): Entry[] {
  let log = storage.get('log') as Entry[] | undefined;
  if (log === undefined) {
    log = [];
    storage.set('log', log);
  }
  return log;
}

class LeaderFollowerNode implements NodeHandler<Message> {
  private readonly log: Entry[];
  private readonly data: Map<string, unknown>;
  private role: 'leader' | 'follower' | 'candidate' = 'follower';
  private leaderId: number | undefined;
  private lastHeardMs = 0;
  private readonly electionTimeoutMs: number;
  private readonly nextIndex: number[] = [];
  private readonly matchIndex: number[] = [];
  private readonly pendingWrites = new Map<number, PendingWrite>();
  private grants = 0;
  private claimedEpoch = 0;
  // ReadIndex state (leader only): what is committed, and reads waiting for a confirmation round.
  private commitIndex = 0;
  private appliedIndex = 0;
  private barrierIndex = 0;
  private readonly committedData = new Map<string, unknown>();
  private readRound = 0;
  private readonly roundAcks: number[] = [];
  private readonly pendingReads: PendingRead[] = [];
  private sessionTimerArmed = false;
  private readonly waitingReads: Array<{ readonly client: number; readonly request: ClientRequest; readonly deadlineMs: number }> = [];

  constructor(
    private readonly protocol: LeaderFollowerProtocol,
    private readonly id: number,
    private readonly context: NodeContext<Message>,
  ) {
    const storage = context.storage;
    this.log = logOf(storage);
    if (!storage.has('data')) storage.set('data', new Map<string, unknown>());
    this.data = storage.get('data') as Map<string, unknown>;
    if (!storage.has('epoch')) storage.set('epoch', 1 * EPOCH_NODE_BITS + 0);
    storage.set('leading', false);
    const base = protocol.settings.failoverTimeoutMs;
    this.electionTimeoutMs = base + context.random.float() * base;
    protocol.electionTimeoutDrawn(id, this.electionTimeoutMs);
  }

  private get epoch(): number {
    return this.context.storage.get('epoch') as number;
  }

  private set epoch(value: number) {
    this.context.storage.set('epoch', value);
  }

  onStart(): void {
    if (this.id === 0) this.becomeLeader(this.epoch);
    else {
      this.leaderId = 0;
      this.lastHeardMs = this.context.clockMs();
      this.armElectionCheck(this.electionTimeoutMs);
    }
  }

  onRecover(): void {
    this.lastHeardMs = this.context.clockMs();
    this.armElectionCheck(this.electionTimeoutMs);
  }

  onCrash(): void {
    if (this.role === 'leader') this.protocol.leadershipChanged(this.id, false, this.epoch, this.context.nowMs());
    this.context.storage.set('leading', false);
  }

  onMessage(from: number, message: Message): void {
    switch (message.type) {
      case 'request':
        this.onRequest(from, message);
        return;
      case 'append':
        this.onAppend(from, message);
        return;
      case 'append-ok':
        this.onAppendOk(from, message.epoch, message.matchIndex, message.round);
        return;
      case 'append-retry':
        if (this.role === 'leader' && message.epoch === this.epoch) {
          this.nextIndex[from] = Math.max(1, Math.min(this.nextIndex[from] ?? 1, message.lastIndex + 1));
          this.sendAppend(from);
        }
        return;
      case 'append-reject':
      case 'new-leader':
        if (message.epoch > this.epoch) {
          this.epoch = message.epoch;
          this.stepDown(message.type === 'new-leader' ? from : undefined);
        }
        return;
      case 'claim':
        this.onClaim(from, message);
        return;
      case 'grant':
        if (this.role === 'candidate' && message.epoch === this.claimedEpoch && message.granted) {
          this.grants++;
          if (this.grants > this.protocol.nodeCount / 2) this.becomeLeader(this.claimedEpoch);
        }
        return;
      case 'reply':
        return;
    }
  }

  onTimer(payload: unknown): void {
    if (payload === 'heartbeat') {
      if (this.role !== 'leader') return;
      for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.sendAppend(node);
      this.expirePendingWrites();
      this.expirePendingReads();
      this.context.setTimer(this.protocol.settings.heartbeatMs, 'heartbeat');
      return;
    }
    if (payload === 'session-reads') {
      this.sessionTimerArmed = false;
      this.retryWaitingReads(); // re-arms the timer if a read still waits
      return;
    }
    if (payload === 'election') {
      if (this.role === 'leader') return;
      const silentMs = this.context.clockMs() - this.lastHeardMs;
      if (silentMs >= this.electionTimeoutMs && this.protocol.settings.failover) this.startFailover();
      else this.armElectionCheck(this.electionTimeoutMs - silentMs);
    }
  }

  private onRequest(client: number, request: ClientRequest): void {
    if (request.f === 'read') {
      if (this.role !== 'leader' && this.protocol.settings.readFrom === 'leader') {
        this.context.send(client, reply(request.opId, 'fail', this.notLeader()));
        return;
      }
      if (this.role === 'leader' && this.protocol.settings.readIndex) {
        this.startConfirmedRead(client, request);
        return;
      }
      if (this.protocol.settings.sessionReads && this.role !== 'leader') {
        this.sessionRead(client, request);
        return;
      }
      this.context.send(client, reply(request.opId, 'ok', { value: this.data.get(request.key) ?? null }));
      return;
    }
    if (this.role !== 'leader') {
      this.context.send(client, reply(request.opId, 'fail', this.notLeader()));
      return;
    }
    let value = request.value;
    if (request.f === 'cas') {
      const [expected, next] = request.value as [unknown, unknown];
      const current = this.data.get(request.key) ?? null;
      if (current !== expected) {
        if (this.protocol.settings.readIndex) {
          // The comparison saw the leader's latest state, uncommitted entries included: like a
          // ReadIndex read, the mismatch is reported only once that state is committed and the
          // leadership confirmed, so a failed compare never observes a value that is later undone.
          this.readRound++;
          this.pendingReads.push({ client, opId: request.opId, key: request.key, round: this.readRound, deadlineMs: this.context.clockMs() + this.protocol.settings.replicationTimeoutMs, casMismatch: { index: this.log.length, value: current } });
          for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.sendAppend(node);
          this.answerConfirmedReads();
          return;
        }
        this.context.send(client, reply(request.opId, 'fail', { error: 'cas-mismatch', value: current }));
        return;
      }
      value = next;
    }
    const epoch = this.epoch;
    this.log.push({ epoch, key: request.key, value });
    this.data.set(request.key, value);
    const index = this.log.length;
    if (this.protocol.settings.synchronousAcks === 0) {
      this.acknowledge(client, request.opId, index);
    } else {
      this.pendingWrites.set(index, { client, opId: request.opId, index, acked: 0, deadlineMs: this.context.clockMs() + this.protocol.settings.replicationTimeoutMs });
    }
    for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id && (this.nextIndex[node] ?? 1) === index) this.sendAppend(node);
  }

  private notLeader(): { error: string; leaderHint?: number } {
    return this.leaderId === undefined || this.leaderId === this.id ? { error: 'not-leader' } : { error: 'not-leader', leaderHint: this.leaderId };
  }

  private acknowledge(client: number, opId: number, index?: number): void {
    this.protocol.writeAcknowledged(this.epoch);
    if (index !== undefined) {
      this.advanceCommit(index);
      if (this.protocol.settings.sessionReads) this.protocol.advanceSession(client, index, (this.log[index - 1] as Entry).epoch);
    }
    this.context.send(client, reply(opId, 'ok'));
  }

  /** Session reads on a follower: answer once this replica holds the client's token position, else wait (bounded). */
  private sessionRead(client: number, request: ClientRequest): void {
    const token = this.protocol.sessionTokens.get(client);
    const caughtUp = token === undefined || (this.log.length >= token.index && (token.index === 0 || (this.log[token.index - 1] as Entry).epoch === token.epoch));
    if (caughtUp) {
      const length = this.log.length;
      if (length > 0) this.protocol.advanceSession(client, length, (this.log[length - 1] as Entry).epoch);
      this.context.send(client, reply(request.opId, 'ok', { value: this.data.get(request.key) ?? null }));
      return;
    }
    const deadlineMs = this.context.clockMs() + this.protocol.settings.replicationTimeoutMs;
    this.waitingReads.push({ client, request, deadlineMs });
    if (!this.sessionTimerArmed) {
      this.sessionTimerArmed = true;
      this.context.setTimer(this.protocol.settings.heartbeatMs, 'session-reads');
    }
  }

  /** Retries waiting session reads after the log grew, or fails them past their deadline. */
  private retryWaitingReads(): void {
    if (this.waitingReads.length === 0) return;
    const now = this.context.clockMs();
    const waiting = this.waitingReads.splice(0);
    for (const read of waiting) {
      if (read.deadlineMs <= now) this.context.send(read.client, reply(read.request.opId, 'fail', { error: 'replica behind the session token' }));
      else this.sessionRead(read.client, read.request);
    }
  }

  /** ReadIndex: registers the read and starts a confirmation round (a heartbeat that must come back from a majority). */
  private startConfirmedRead(client: number, request: ClientRequest): void {
    this.readRound++;
    this.pendingReads.push({ client, opId: request.opId, key: request.key, round: this.readRound, deadlineMs: this.context.clockMs() + this.protocol.settings.replicationTimeoutMs });
    for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.sendAppend(node);
    this.answerConfirmedReads();
  }

  /** Answers the reads whose round a majority has confirmed, once the leader has committed in its own epoch. */
  private answerConfirmedReads(): void {
    if (this.pendingReads.length === 0 || this.commitIndex < this.barrierIndex) return;
    const majority = Math.floor(this.protocol.nodeCount / 2) + 1;
    const rounds = this.roundAcks.filter((_, node) => node !== this.id).sort((a, b) => b - a);
    // The newest round that a majority (this leader included) has answered.
    const confirmedRound = majority <= 1 ? this.readRound : (rounds[majority - 2] ?? 0);
    let answered = 0;
    while (answered < this.pendingReads.length) {
      const read = this.pendingReads[answered] as PendingRead;
      if (read.round > confirmedRound || (read.casMismatch !== undefined && read.casMismatch.index > this.commitIndex)) break;
      answered++;
    }
    for (const read of this.pendingReads.splice(0, answered)) {
      if (read.casMismatch !== undefined) this.context.send(read.client, reply(read.opId, 'fail', { error: 'cas-mismatch', value: read.casMismatch.value }));
      else this.context.send(read.client, reply(read.opId, 'ok', { value: this.committedData.get(read.key) ?? null }));
    }
  }

  private advanceCommit(index: number): void {
    if (index <= this.commitIndex) return;
    this.commitIndex = index;
    while (this.appliedIndex < this.commitIndex) {
      const entry = this.log[this.appliedIndex] as Entry;
      this.committedData.set(entry.key, entry.value);
      this.appliedIndex++;
    }
  }

  private expirePendingReads(): void {
    const now = this.context.clockMs();
    while (this.pendingReads.length > 0 && (this.pendingReads[0] as PendingRead).deadlineMs <= now) {
      const read = this.pendingReads.shift() as PendingRead;
      this.context.send(read.client, reply(read.opId, 'fail', { error: 'leadership not confirmed in time' }));
    }
  }

  private onAppend(from: number, message: { readonly epoch: number; readonly prevIndex: number; readonly prevEpoch: number; readonly entries: readonly Entry[]; readonly round: number }): void {
    const fencing = this.protocol.settings.fencing;
    if (message.epoch < this.epoch) {
      if (fencing || this.role === 'leader') {
        if (fencing) this.protocol.counters.fencedAppends++;
        this.context.send(from, { type: 'append-reject', epoch: this.epoch });
        return;
      }
      // No fencing: a naive replica applies whatever a self-proclaimed leader sends it.
      if (message.entries.length > 0) this.protocol.counters.deposedWritesApplied += message.entries.length;
    } else {
      if (message.epoch > this.epoch || this.role !== 'follower') {
        this.epoch = Math.max(this.epoch, message.epoch);
        if (this.role !== 'follower') this.stepDown(from);
      }
      this.leaderId = from;
      this.lastHeardMs = this.context.clockMs();
    }
    const { prevIndex, prevEpoch, entries } = message;
    if (prevIndex > this.log.length || (prevIndex > 0 && (this.log[prevIndex - 1] as Entry).epoch !== prevEpoch)) {
      this.context.send(from, { type: 'append-retry', epoch: message.epoch, lastIndex: Math.min(this.log.length, prevIndex - 1) });
      return;
    }
    let truncated = false;
    for (let offset = 0; offset < entries.length; offset++) {
      const position = prevIndex + offset; // 0-based position of entries[offset]
      const entry = entries[offset] as Entry;
      const existing = this.log[position];
      if (existing !== undefined && existing.epoch === entry.epoch) continue;
      if (existing !== undefined) {
        this.protocol.entriesDiscarded(this.log.slice(position));
        this.log.length = position;
        truncated = true;
      }
      this.log.push(entry);
      if (!truncated) this.data.set(entry.key, entry.value);
    }
    if (truncated) this.rebuildData();
    if (entries.length > 0) this.retryWaitingReads();
    this.context.send(from, { type: 'append-ok', epoch: message.epoch, matchIndex: prevIndex + entries.length, round: message.round });
  }

  private onAppendOk(from: number, epoch: number, matchIndex: number, round: number): void {
    if (this.role !== 'leader' || epoch !== this.epoch) return;
    if (round > (this.roundAcks[from] ?? 0)) this.roundAcks[from] = round;
    if (matchIndex > (this.matchIndex[from] ?? 0)) this.matchIndex[from] = matchIndex;
    if ((this.nextIndex[from] ?? 1) <= matchIndex) this.nextIndex[from] = matchIndex + 1;
    const bit = 1 << from;
    const needed = this.protocol.settings.synchronousAcks;
    for (const pending of this.pendingWrites.values()) {
      if (pending.index > matchIndex || (pending.acked & bit) !== 0) continue;
      pending.acked |= bit;
      if (popcount(pending.acked) >= needed) {
        this.pendingWrites.delete(pending.index);
        this.acknowledge(pending.client, pending.opId, pending.index);
      }
    }
    if (this.protocol.settings.readIndex) {
      // The entries inherited from earlier epochs count as committed once enough followers hold them.
      if (this.commitIndex < this.barrierIndex) {
        const holding = this.matchIndex.filter((match, node) => node !== this.id && match >= this.barrierIndex).length;
        if (holding >= Math.max(needed, Math.floor(this.protocol.nodeCount / 2))) this.advanceCommit(this.barrierIndex);
      }
      this.answerConfirmedReads();
    }
    if ((this.nextIndex[from] ?? 1) <= this.log.length) this.sendAppend(from);
  }

  private sendAppend(node: number): void {
    const next = Math.max(1, this.nextIndex[node] ?? 1);
    const prevIndex = next - 1;
    const prevEpoch = prevIndex === 0 ? 0 : (this.log[prevIndex - 1] as Entry).epoch;
    const entries = this.log.slice(prevIndex, prevIndex + MAX_BATCH);
    this.nextIndex[node] = next + entries.length;
    this.context.send(node, { type: 'append', epoch: this.epoch, prevIndex, prevEpoch, entries, round: this.readRound });
  }

  private onClaim(from: number, claim: { readonly epoch: number; readonly lastIndex: number; readonly lastEpoch: number }): void {
    if (claim.epoch <= this.epoch) {
      this.context.send(from, { type: 'grant', epoch: claim.epoch, granted: false });
      return;
    }
    this.epoch = claim.epoch; // a promise: older epochs are now rejected
    if (this.role !== 'follower') this.stepDown(undefined);
    const myLastEpoch = this.log.length === 0 ? 0 : (this.log[this.log.length - 1] as Entry).epoch;
    const upToDate = claim.lastEpoch > myLastEpoch || (claim.lastEpoch === myLastEpoch && claim.lastIndex >= this.log.length);
    if (upToDate) this.lastHeardMs = this.context.clockMs();
    this.context.send(from, { type: 'grant', epoch: claim.epoch, granted: upToDate });
  }

  private startFailover(): void {
    const epoch = (Math.floor(this.epoch / EPOCH_NODE_BITS) + 1) * EPOCH_NODE_BITS + this.id;
    this.context.setTimer(this.electionTimeoutMs, 'election');
    this.lastHeardMs = this.context.clockMs();
    if (!this.protocol.settings.fencing) {
      // Naive promotion: whoever notices the silence first takes over.
      this.becomeLeader(epoch);
      for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.context.send(node, { type: 'new-leader', epoch });
      return;
    }
    this.role = 'candidate';
    this.epoch = epoch;
    this.claimedEpoch = epoch;
    this.grants = 1;
    if (this.grants > this.protocol.nodeCount / 2) {
      this.becomeLeader(epoch);
      return;
    }
    const lastEpoch = this.log.length === 0 ? 0 : (this.log[this.log.length - 1] as Entry).epoch;
    for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.context.send(node, { type: 'claim', epoch, lastIndex: this.log.length, lastEpoch });
  }

  private becomeLeader(epoch: number): void {
    this.epoch = epoch;
    this.role = 'leader';
    this.leaderId = this.id;
    this.context.storage.set('leading', true);
    for (let node = 0; node < this.protocol.nodeCount; node++) {
      this.nextIndex[node] = this.log.length + 1;
      this.matchIndex[node] = 0;
      this.roundAcks[node] = 0;
    }
    // ReadIndex: reads wait until what this leader inherited is held by enough followers.
    this.barrierIndex = this.log.length;
    this.commitIndex = 0;
    this.appliedIndex = 0;
    this.committedData.clear();
    if (this.barrierIndex === 0 || this.protocol.nodeCount === 1) this.advanceCommit(this.barrierIndex);
    this.protocol.leadershipChanged(this.id, true, epoch, this.context.nowMs());
    for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.sendAppend(node);
    this.context.setTimer(this.protocol.settings.heartbeatMs, 'heartbeat');
  }

  private stepDown(newLeader: number | undefined): void {
    const wasLeader = this.role === 'leader';
    this.role = 'follower';
    this.leaderId = newLeader;
    this.lastHeardMs = this.context.clockMs();
    if (!wasLeader) return;
    this.context.storage.set('leading', false);
    this.protocol.leadershipChanged(this.id, false, this.epoch, this.context.nowMs());
    // Writes still waiting for acknowledgements may or may not survive: unknown.
    for (const pending of this.pendingWrites.values()) this.context.send(pending.client, reply(pending.opId, 'info', { error: 'leader stepped down' }));
    this.pendingWrites.clear();
    // A read changes nothing: failing it is definite.
    for (const read of this.pendingReads.splice(0)) this.context.send(read.client, reply(read.opId, 'fail', { error: 'leader stepped down' }));
    this.armElectionCheck(this.electionTimeoutMs);
  }

  private expirePendingWrites(): void {
    const now = this.context.clockMs();
    for (const pending of this.pendingWrites.values()) {
      if (pending.deadlineMs <= now) {
        this.pendingWrites.delete(pending.index);
        this.context.send(pending.client, reply(pending.opId, 'info', { error: 'replication timed out' }));
      }
    }
  }

  private armElectionCheck(delayMs: number): void {
    this.context.setTimer(Math.max(1, delayMs), 'election');
  }

  private rebuildData(): void {
    this.data.clear();
    for (const entry of this.log) this.data.set(entry.key, entry.value);
  }
}

interface PendingRead {
  readonly client: number;
  readonly opId: number;
  readonly key: string;
  /** The confirmation round started for this read. */
  readonly round: number;
  readonly deadlineMs: number;
  /** A compare-and-set that did not match: answered once the log it compared against (up to `index`) is committed. */
  readonly casMismatch?: { readonly index: number; readonly value: unknown };
}

function popcount(bits: number): number {
  let count = 0;
  for (let rest = bits >>> 0; rest !== 0; rest &= rest - 1) count++;
  return count;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
