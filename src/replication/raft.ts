import { booleanOptions } from '../options.js';
import { invalidOption } from '../errors.js';
import type { Kernel } from '../sim/kernel.js';
import type { NodeContext, NodeFactory, NodeHandler } from '../sim/node.js';
import { type ClientReply, type ClientRequest, type OperationName, type ProtocolModel, reply } from '../sim/protocol.js';

/**
 * How a Raft leader answers reads.
 *
 * - `read-index` (Ongaro's thesis §6.4, etcd's `ReadOnlySafe`): the leader notes its commit index,
 *   confirms with a heartbeat round that a majority still follows it, waits until it has applied
 *   that index, then answers. Safe whatever the clocks do.
 * - `lease` (thesis §6.4.1, etcd's `ReadOnlyLeaseBased`): after a majority acknowledged a heartbeat
 *   round, the leader answers reads at once for `electionTimeoutMs × (1 − ρ)/(1 + ρ)` measured on
 *   its own monotonic clock from when it sent that round, ρ being `clockDriftBound`; followers
 *   refuse to vote while they heard from a leader within the election timeout. Safe only while
 *   clocks drift less than ρ and a pause does not stop the leader's clock.
 * - `local` (a known-bad variant): the leader answers from its state machine at once; a deposed
 *   leader that has not heard of its successor serves stale reads.
 *
 * @example
 * ```ts
 * const reads: RaftReads = 'read-index';
 * ```
 */
export type RaftReads = 'read-index' | 'lease' | 'local';

/**
 * Options of {@link RaftProtocol}.
 *
 * @example
 * ```ts
 * const etcdLike: RaftOptions = { replicas: 5, preVote: true, checkQuorum: true, reads: 'read-index' };
 * const figure8: RaftOptions = { replicas: 5, commitOldTermEntries: true }; // known-bad: loses committed writes
 * ```
 */
export interface RaftOptions {
  /** Nodes in the cluster (1 to 30). */
  readonly replicas: number;
  /** How the leader answers reads. Default `read-index`. */
  readonly reads?: RaftReads;
  /** Pre-vote (thesis §9.6): a candidate first asks whether it could win, without raising terms, so a node cut off and rejoining does not depose a healthy leader. Default false. */
  readonly preVote?: boolean;
  /** Check-quorum (thesis §6.2): a leader steps down when a majority has not answered it within an election timeout, and followers ignore vote requests while they hear from a leader. Default false. */
  readonly checkQuorum?: boolean;
  /** Leader heartbeat interval. Default 50 ms. */
  readonly heartbeatMs?: number;
  /** The minimum election timeout; each wait is drawn from [T, 2T) by the node's seeded random. Default 300 ms. */
  readonly electionTimeoutMs?: number;
  /** ρ, the largest clock rate error the lease allows for (`lease` reads). Default 0.05 (5%). */
  readonly clockDriftBound?: number;
  /** How long after appending the leader's own disk write completes (group commit, in parallel with replication: thesis §10.2.1). Default 1 ms. */
  readonly fsyncMs?: number;
  /** How long a leader waits for a write to commit or a read to be confirmed before answering `info` / `fail`. Default 500 ms. */
  readonly requestTimeoutMs?: number;
  /**
   * The bound on the log: entries a node keeps (no compaction is modelled). A leader whose log is
   * full refuses writes (`fail`, nothing appended). Default 100,000.
   */
  readonly maxLogEntries?: number;
  /** Known-bad (Raft paper figure 8): commit an entry of an earlier term once a majority holds it, and skip the new leader's no-op entry. */
  readonly commitOldTermEntries?: boolean;
  /** Known-bad: term and vote are written without fsync (they sit in the page cache), so a disk fault loses a granted vote and the node can vote twice in one term. */
  readonly unsyncedVotes?: boolean;
  /**
   * A mitigation for a slow (not dead) leader, off by default as in etcd: a leader whose oldest
   * unconfirmed heartbeat round has waited this long for a majority steps down and sits out the
   * next election, so a faster node takes over (TiKV evicts leaders from slow stores in the same
   * spirit). Heartbeats that arrive late still arrive, so without it followers never depose a
   * leader whose network or disk is slow. 0: off. Default 0.
   */
  readonly slowLeaderStepDownMs?: number;
}

/** A log entry: a client command (`write`, `cas`) or a new leader's no-op. */
interface Entry {
  readonly term: number;
  readonly f: 'write' | 'cas' | 'noop';
  readonly key: string;
  /** write: the value; cas: [expected, new]. */
  readonly value: unknown;
}

type Message =
  | ClientRequest
  | ClientReply
  | { readonly type: 'vote'; readonly term: number; readonly lastIndex: number; readonly lastTerm: number; readonly pre: boolean }
  | { readonly type: 'vote-reply'; readonly term: number; readonly granted: boolean; readonly pre: boolean }
  | { readonly type: 'append'; readonly term: number; readonly prevIndex: number; readonly prevTerm: number; readonly entries: readonly Entry[]; readonly commit: number; readonly round: number }
  | { readonly type: 'append-reply'; readonly term: number; readonly success: boolean; readonly matchIndex: number; readonly round: number };

const MAX_BATCH = 64;
/** Discarded entries remembered for the lost-write count (a bound on the model's memory). */
const MAX_DISCARDED = 100_000;
/** Samples kept per distribution. */
const MAX_SAMPLES = 10_000;

const statDescriptions: Record<string, string> = {
  elections: 'elections started (a candidate raised its term)',
  leadersElected: 'times a node won an election',
  preVotesLost: 'pre-vote rounds that did not win a majority (no term raised)',
  maxLeadersInOneTerm: 'most nodes that won the same term (2+ breaks election safety)',
  maxSimultaneousLeaders: 'most nodes acting as leader at the same time (a deposed one may not know yet)',
  checkQuorumStepDowns: 'leaders that stepped down for want of a majority (check-quorum)',
  slowLeaderStepDowns: 'leaders that stepped down because a majority confirmed them too slowly (slowLeaderStepDownMs)',
  truncatedEntries: 'log entries a follower discarded because they conflicted with its leader',
  unsyncedEntriesLost: 'log entries lost to disk faults before they were fsynced',
  leaseReads: 'reads answered under a leader lease',
  readIndexReads: 'reads answered after a ReadIndex confirmation round',
  committedOldTermByCount: 'commits of an earlier term entry by counting replicas (figure 8; known-bad variant only)',
  committedEntriesOverwritten: 'committed entries a follower was told to overwrite (never in correct Raft)',
};

/**
 * Raft (Ongaro & Ousterhout 2014) as a protocol model: elections with terms and randomized
 * timeouts, log replication with the log-matching check, commitment of current-term entries by a
 * majority (with a no-op at the start of each term), ReadIndex or lease reads, and pre-vote and
 * check-quorum as options. Durable state (term, vote, log) is fsynced before a node acts on it:
 * a follower before acknowledging, a voter before granting; the leader's own writes reach disk
 * `fsyncMs` later and it counts itself towards a commit only then. Known-bad variants
 * (`commitOldTermEntries`, `unsyncedVotes`, `reads: 'local'`) show what each rule prevents.
 *
 * @example
 * ```ts
 * import { simulate } from 'pacelc/replication';
 * const report = simulate({ seed: 1, protocol: { kind: 'raft', replicas: 5 }, faults: { random: { kinds: ['partition', 'crash', 'pause'] } } });
 * report.verdict; // 'holds'
 * ```
 */
export class RaftProtocol implements ProtocolModel {
  readonly name = 'raft';
  readonly nodeCount: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly statDescriptions = statDescriptions;
  readonly settings: Required<RaftOptions>;
  /** @internal Per node, what it had applied when it crashed (see RaftNode.commitTo). */
  readonly appliedAtCrash: Array<AppliedState | undefined> = [];
  /** @internal Times any node cut its log short (see authoritativeState). */
  logTruncations = 0;
  private cachedState: { readonly signature: readonly unknown[]; readonly state: Map<string, unknown> } | undefined;
  readonly counters = {
    elections: 0,
    leadersElected: 0,
    preVotesLost: 0,
    maxLeadersInOneTerm: 0,
    maxSimultaneousLeaders: 0,
    checkQuorumStepDowns: 0,
    slowLeaderStepDowns: 0,
    truncatedEntries: 0,
    unsyncedEntriesLost: 0,
    leaseReads: 0,
    readIndexReads: 0,
    committedOldTermByCount: 0,
    committedEntriesOverwritten: 0,
  };
  /** God's view, for the report only (never for decisions). */
  private readonly winners = new Map<number, Set<number>>();
  private readonly acting = new Set<number>();
  private readonly electionStartMs = new Map<number, number>();
  private readonly electionSamples: number[] = [];
  private readonly discarded: Entry[] = [];
  private readonly nodes: Array<RaftNode | undefined> = [];

  constructor(options: RaftOptions) {
    booleanOptions(options, ['preVote', 'checkQuorum', 'commitOldTermEntries', 'unsyncedVotes']);
    const { replicas } = options;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 30) throw invalidOption('replicas', replicas, 'an integer from 1 to 30');
    const reads = options.reads ?? 'read-index';
    if (reads !== 'read-index' && reads !== 'lease' && reads !== 'local') throw invalidOption('reads', reads, 'read-index, lease or local');
    const positive = (name: string, value: number): number => {
      if (!(value > 0) || !Number.isFinite(value)) throw invalidOption(name, value, 'a number > 0');
      return value;
    };
    const clockDriftBound = options.clockDriftBound ?? 0.05;
    if (!(clockDriftBound >= 0 && clockDriftBound < 0.5)) throw invalidOption('clockDriftBound', clockDriftBound, 'a rate in [0, 0.5)');
    const maxLogEntries = options.maxLogEntries ?? 100_000;
    if (!Number.isInteger(maxLogEntries) || maxLogEntries < 1) throw invalidOption('maxLogEntries', maxLogEntries, 'an integer >= 1');
    this.settings = {
      replicas,
      reads,
      preVote: options.preVote ?? false,
      checkQuorum: options.checkQuorum ?? false,
      heartbeatMs: positive('heartbeatMs', options.heartbeatMs ?? 50),
      electionTimeoutMs: positive('electionTimeoutMs', options.electionTimeoutMs ?? 300),
      clockDriftBound,
      fsyncMs: positive('fsyncMs', options.fsyncMs ?? 1),
      requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs ?? 500),
      maxLogEntries,
      commitOldTermEntries: options.commitOldTermEntries ?? false,
      unsyncedVotes: options.unsyncedVotes ?? false,
      slowLeaderStepDownMs: options.slowLeaderStepDownMs ?? 0,
    };
    if (!(this.settings.slowLeaderStepDownMs >= 0) || !Number.isFinite(this.settings.slowLeaderStepDownMs)) throw invalidOption('slowLeaderStepDownMs', this.settings.slowLeaderStepDownMs, 'a number of ms >= 0 (0: off)');
    if (this.settings.heartbeatMs >= this.settings.electionTimeoutMs) throw invalidOption('heartbeatMs', this.settings.heartbeatMs, `less than electionTimeoutMs (${this.settings.electionTimeoutMs})`);
    this.nodeCount = replicas;
    const { slowLeaderStepDownMs, ...shown } = this.settings;
    this.parameters = { protocol: 'raft', ...shown, ...(slowLeaderStepDownMs > 0 ? { slowLeaderStepDownMs } : {}) };
  }

  /** Votes a candidate needs. */
  get majority(): number {
    return Math.floor(this.nodeCount / 2) + 1;
  }

  nodeFactory(node: number): NodeFactory<unknown> {
    return (context) => {
      const handler = new RaftNode(this, node, context as NodeContext<Message>);
      this.nodes[node] = handler;
      return handler as NodeHandler<unknown>;
    };
  }

  route(_client: number, _f: OperationName, current: number | undefined): number {
    return current ?? 0;
  }

  nextAfterTimeout(_client: number, current: number): number {
    return (current + 1) % this.nodeCount;
  }

  finalValue(kernel: Kernel, key: string): { value: unknown } | undefined {
    const state = this.authoritativeState(kernel);
    return state.has(key) ? { value: state.get(key) } : undefined;
  }

  /**
   * The state machine after the authoritative log, replayed once and reused while nothing it
   * depends on changed (the end of a run asks for every key: replaying per key was keys × log).
   * A committed prefix changes only by a truncation (counted), a restart (a new handler) or a
   * new log array, and which prefix is chosen depends on the nodes' commit indexes and liveness.
   */
  private authoritativeState(kernel: Kernel): Map<string, unknown> {
    const signature: unknown[] = [kernel, this.logTruncations];
    for (let node = 0; node < this.nodeCount; node++) {
      const handler = this.nodes[node];
      signature.push(handler, kernel.isUp(node), handler?.committedIndex, logOf(kernel.storageOf(node)));
    }
    const cached = this.cachedState;
    if (cached !== undefined && cached.signature.length === signature.length && cached.signature.every((part, index) => part === signature[index])) return cached.state;
    const state = applyLog(this.authoritativeLog(kernel));
    this.cachedState = { signature, state };
    return state;
  }

  missingWrites(kernel: Kernel): Array<{ key: string; value: unknown }> {
    const kept = new Set<unknown>();
    for (const entry of this.authoritativeLog(kernel)) if (entry.f !== 'noop') kept.add(writtenValue(entry));
    const missing = new Map<unknown, string>();
    const consider = (entry: Entry): void => {
      if (entry.f === 'noop') return;
      const value = writtenValue(entry);
      if (!kept.has(value)) missing.set(value, entry.key);
    };
    for (const entry of this.discarded) consider(entry);
    for (let node = 0; node < this.nodeCount; node++) for (const entry of logOf(kernel.storageOf(node))) consider(entry);
    return [...missing].map(([value, key]) => ({ key, value }));
  }

  stats(): Readonly<Record<string, number>> {
    // The slow-leader counter only where the mitigation is on (it is always 0 otherwise).
    const { slowLeaderStepDowns, ...counters } = this.counters;
    return this.settings.slowLeaderStepDownMs > 0 ? { ...this.counters } : { ...counters, ...(slowLeaderStepDowns > 0 ? { slowLeaderStepDowns } : {}) };
  }

  /** Raft's invariants (figure 3 of the paper) that the run broke, seen from outside the nodes. */
  safetyViolations(): string[] {
    const broken: string[] = [];
    if (this.counters.maxLeadersInOneTerm > 1) broken.push(`election safety broken: ${this.counters.maxLeadersInOneTerm} leaders won the same term`);
    if (this.counters.committedEntriesOverwritten > 0) broken.push(`state machine safety broken: ${this.counters.committedEntriesOverwritten} committed log entr${this.counters.committedEntriesOverwritten === 1 ? 'y was' : 'ies were'} overwritten`);
    return broken;
  }

  /** Distributions measured during the run: `electionMs`, the time from a term's first candidacy to its leader. */
  distributions(): Readonly<Record<string, readonly number[]>> {
    return { electionMs: [...this.electionSamples] };
  }

  /** The committed log of the cluster: the longest committed prefix any up node knows of. */
  private authoritativeLog(kernel: Kernel): readonly Entry[] {
    let best: readonly Entry[] = [];
    for (let node = 0; node < this.nodeCount; node++) {
      const handler = this.nodes[node];
      if (handler === undefined || !kernel.isUp(node)) continue;
      if (handler.committedIndex > best.length) best = logOf(kernel.storageOf(node)).slice(0, handler.committedIndex);
    }
    return best;
  }

  /** @internal a follower discarded conflicting entries, or a disk fault lost unsynced ones. */
  entriesDiscarded(entries: readonly Entry[], unsynced: boolean): void {
    if (unsynced) this.counters.unsyncedEntriesLost += entries.length;
    else this.counters.truncatedEntries += entries.length;
    for (const entry of entries) {
      if (this.discarded.length >= MAX_DISCARDED) return;
      this.discarded.push(entry);
    }
  }

  /** @internal a node started an election for `term`. */
  electionStarted(term: number, nowMs: number): void {
    this.counters.elections++;
    if (!this.electionStartMs.has(term)) this.electionStartMs.set(term, nowMs);
  }

  /** @internal a node won `term`. */
  leaderElected(node: number, term: number, nowMs: number): void {
    this.counters.leadersElected++;
    let winners = this.winners.get(term);
    if (winners === undefined) {
      winners = new Set();
      this.winners.set(term, winners);
      const startMs = this.electionStartMs.get(term);
      if (startMs !== undefined && this.electionSamples.length < MAX_SAMPLES) this.electionSamples.push(round(nowMs - startMs));
      for (const old of this.electionStartMs.keys()) if (old <= term) this.electionStartMs.delete(old);
      if (this.winners.size > 64) for (const old of this.winners.keys()) if (old < term - 32) this.winners.delete(old);
    }
    winners.add(node);
    this.counters.maxLeadersInOneTerm = Math.max(this.counters.maxLeadersInOneTerm, winners.size);
    this.acting.add(node);
    this.counters.maxSimultaneousLeaders = Math.max(this.counters.maxSimultaneousLeaders, this.acting.size);
  }

  /** @internal a node stopped acting as leader (stepped down or crashed). */
  leaderStopped(node: number): void {
    this.acting.delete(node);
  }
}

/** The value a write or cas entry would leave in its register. */
function writtenValue(entry: Entry): unknown {
  return entry.f === 'cas' ? (entry.value as [unknown, unknown])[1] : entry.value;
}

/** The state machine: a register per key; a cas applies only when the register holds `expected`. */
function applyEntry(data: Map<string, unknown>, entry: Entry): boolean {
  if (entry.f === 'write') {
    data.set(entry.key, entry.value);
    return true;
  }
  if (entry.f === 'cas') {
    const [expected, next] = entry.value as [unknown, unknown];
    if ((data.get(entry.key) ?? null) !== expected) return false;
    data.set(entry.key, next);
    return true;
  }
  return true;
}

function applyLog(log: readonly Entry[]): Map<string, unknown> {
  const data = new Map<string, unknown>();
  for (const entry of log) applyEntry(data, entry);
  return data;
}

function logOf(storage: Map<string, unknown>): Entry[] {
  let log = storage.get('log') as Entry[] | undefined;
  if (log === undefined) {
    log = [];
    storage.set('log', log);
  }
  return log;
}

/** A state machine and the log prefix it applied. */
interface AppliedState {
  readonly log: readonly Entry[];
  readonly appliedIndex: number;
  readonly data: ReadonlyMap<string, unknown>;
}

interface PendingWrite {
  readonly client: number;
  readonly opId: number;
  readonly term: number;
  readonly deadlineMs: number;
}

interface PendingRead {
  readonly client: number;
  readonly opId: number;
  readonly key: string;
  /** ReadIndex: the commit index to apply before answering, and the heartbeat round that must come back. */
  readonly readIndex: number;
  readonly round: number;
  readonly deadlineMs: number;
}

/**
 * Durable storage keys: `term`, `votedFor` (−1: none), `log`, and what of them is fsynced:
 * `syncedTerm`, `syncedVotedFor`, `syncedLength`. A disk fault rolls back to the synced values.
 */
class RaftNode implements NodeHandler<Message> {
  private readonly settings: Required<RaftOptions>;
  private readonly storage: Map<string, unknown>;
  private readonly log: Entry[];
  private role: 'follower' | 'candidate' | 'leader' = 'follower';
  private leaderId: number | undefined;
  /** Volatile: the highest index known committed, and applied to `data`. */
  committedIndex = 0;
  private appliedIndex = 0;
  private readonly data = new Map<string, unknown>();
  /** The election timer: one armed timer, re-armed when it fires before the (monotonic) deadline. */
  private electionArmed = false;
  private electionDeadlineMs = 0;
  private lastHeardLeaderMs = -Infinity;
  /** Until when (monotonic clock) this node refuses votes after a restart (lease safety). */
  private voteHoldoffUntilMs = -Infinity;
  private preVoting = false;
  private readonly voted = new Set<number>();
  // Leader state.
  private readonly nextIndex: number[] = [];
  private readonly matchIndex: number[] = [];
  private readonly roundAcks: number[] = [];
  /** Reused by the majority computations (no array per reply). */
  private readonly scratch: number[] = [];
  private readonly heardFrom = new Set<number>();
  /** Heartbeat rounds: numbered across terms so that a late lease timer never matches a new round. */
  private round = 0;
  /** When (monotonic clock) each of the last rounds was sent, by round modulo its length (slow-leader step-down). */
  private readonly roundSentMs = new Float64Array(ROUNDS_REMEMBERED);
  /** The last round of an earlier leadership: rounds up to it are not this leadership's to wait for. */
  private roundsBeforeLeadership = 0;
  private termStartIndex = 0;
  private leaseRound = 0;
  private expiredThroughRound = 0;
  private fsyncArmed = false;
  private readonly pendingWrites = new Map<number, PendingWrite>();
  private readonly pendingReads: PendingRead[] = [];
  /** The state machine of the previous incarnation, while its log prefix stands (see commitTo). */
  private restored: AppliedState | undefined;

  constructor(
    private readonly protocol: RaftProtocol,
    private readonly id: number,
    private readonly context: NodeContext<Message>,
  ) {
    this.settings = protocol.settings;
    this.storage = context.storage;
    this.log = logOf(this.storage);
    this.restored = protocol.appliedAtCrash[id];
    protocol.appliedAtCrash[id] = undefined;
    if (this.restored !== undefined && this.restored.log !== this.log) this.restored = undefined;
    if (!this.storage.has('term')) {
      this.storage.set('term', 0);
      this.storage.set('votedFor', -1);
      this.storage.set('syncedTerm', 0);
      this.storage.set('syncedVotedFor', -1);
      this.storage.set('syncedLength', 0);
    }
  }

  private get term(): number {
    return this.storage.get('term') as number;
  }

  private get votedFor(): number {
    return this.storage.get('votedFor') as number;
  }

  /** Sets term and vote; fsynced at once unless the `unsyncedVotes` variant defers it to the next log write. */
  private setHardState(term: number, votedFor: number): void {
    this.storage.set('term', term);
    this.storage.set('votedFor', votedFor);
    if (!this.settings.unsyncedVotes) this.syncHardState();
  }

  private syncHardState(): void {
    this.storage.set('syncedTerm', this.term);
    this.storage.set('syncedVotedFor', this.votedFor);
  }

  /** Fsyncs the log (and the hard state with it, unless the `unsyncedVotes` variant never fsyncs it). */
  private syncLog(): void {
    this.storage.set('syncedLength', this.log.length);
    if (!this.settings.unsyncedVotes) this.syncHardState();
  }

  onStart(): void {
    // Bootstrap: node 0 campaigns at once (as a new etcd cluster's first member may), the others wait their timeouts.
    if (this.id === 0) this.startElection();
    else this.resetElectionTimer();
  }

  onRecover(): void {
    // It may have acknowledged a leader's round just before crashing: wait out that leader's lease before voting.
    if (this.settings.reads === 'lease' || this.settings.checkQuorum) this.voteHoldoffUntilMs = this.context.monotonicMs() + this.settings.electionTimeoutMs;
    this.resetElectionTimer();
  }

  onCrash(cause: { readonly loseUnsyncedWrites: boolean }): void {
    this.crashLosing(cause);
    // What this node had applied, for its next incarnation to reuse instead of replaying the same prefix (see commitTo).
    const applied = this.appliedIndex > 0 ? { log: this.log, appliedIndex: this.appliedIndex, data: this.data } : this.restored;
    this.protocol.appliedAtCrash[this.id] = applied !== undefined && applied.log === this.log && this.log.length >= applied.appliedIndex ? applied : undefined;
  }

  private crashLosing(cause: { readonly loseUnsyncedWrites: boolean }): void {
    if (this.role === 'leader') this.protocol.leaderStopped(this.id);
    if (!cause.loseUnsyncedWrites) {
      // A process crash: the OS still writes out what the process had written.
      this.storage.set('syncedLength', this.log.length);
      this.syncHardState();
      return;
    }
    const synced = this.storage.get('syncedLength') as number;
    if (synced < this.log.length) {
      this.protocol.entriesDiscarded(this.log.slice(synced), true);
      this.log.length = synced;
      this.protocol.logTruncations++;
    }
    this.storage.set('term', this.storage.get('syncedTerm'));
    this.storage.set('votedFor', this.storage.get('syncedVotedFor'));
  }

  onMessage(from: number, message: Message): void {
    switch (message.type) {
      case 'request':
        this.onRequest(from, message);
        return;
      case 'vote':
        this.onVote(from, message);
        return;
      case 'vote-reply':
        this.onVoteReply(from, message);
        return;
      case 'append':
        this.onAppend(from, message);
        return;
      case 'append-reply':
        this.onAppendReply(from, message);
        return;
      case 'reply':
        return;
    }
  }

  onTimer(payload: unknown): void {
    if (payload === 'election') {
      this.electionArmed = false;
      if (this.role === 'leader') return;
      const remainingMs = this.electionDeadlineMs - this.context.monotonicMs();
      if (remainingMs > 1e-6) this.armElectionTimer(remainingMs);
      else this.startElection();
      return;
    }
    if (payload === 'fsync') {
      this.fsyncArmed = false;
      this.syncLog();
      if (this.role === 'leader') this.advanceCommit();
      return;
    }
    if (payload === 'heartbeat') {
      if (this.role !== 'leader') return;
      if (this.confirmedTooSlowly()) {
        this.protocol.counters.slowLeaderStepDowns++;
        this.stepDown(this.term, undefined);
        // Sit out the next election: a slow node that campaigns again may well win again.
        this.electionDeadlineMs += this.settings.electionTimeoutMs;
        return;
      }
      this.broadcastAppend();
      this.expirePending();
      this.context.setTimer(this.settings.heartbeatMs, 'heartbeat');
      return;
    }
    if (payload === 'check-quorum') {
      if (this.role !== 'leader') return;
      this.heardFrom.add(this.id);
      if (this.heardFrom.size < this.protocol.majority) {
        this.protocol.counters.checkQuorumStepDowns++;
        this.stepDown(this.term, undefined);
        return;
      }
      this.heardFrom.clear();
      this.context.setTimer(this.settings.electionTimeoutMs, 'check-quorum');
      return;
    }
    if (typeof payload === 'object' && payload !== null && (payload as { lease?: number }).lease !== undefined) {
      // The lease round `lease` could grant ran out (timers run on the node's monotonic clock).
      this.expiredThroughRound = Math.max(this.expiredThroughRound, (payload as { lease: number }).lease);
    }
  }

  // ---- elections -------------------------------------------------------------------------

  /** A new randomized election deadline in [T, 2T) from now (Raft §5.2). */
  private resetElectionTimer(): void {
    const base = this.settings.electionTimeoutMs;
    const timeoutMs = base + this.context.random.float() * base;
    this.electionDeadlineMs = this.context.monotonicMs() + timeoutMs;
    if (!this.electionArmed) this.armElectionTimer(timeoutMs);
  }

  private armElectionTimer(delayMs: number): void {
    this.electionArmed = true;
    this.context.setTimer(delayMs, 'election');
  }

  private lastLogTerm(): number {
    return this.log.length === 0 ? 0 : (this.log[this.log.length - 1] as Entry).term;
  }

  private startElection(): void {
    this.resetElectionTimer();
    if (this.protocol.nodeCount === 1) {
      this.setHardState(this.term + 1, this.id);
      this.protocol.electionStarted(this.term, this.context.nowMs());
      this.becomeLeader();
      return;
    }
    if (this.settings.preVote) {
      if (this.preVoting) this.protocol.counters.preVotesLost++;
      this.preVoting = true;
      this.role = 'follower';
      this.leaderId = undefined;
      this.voted.clear();
      this.voted.add(this.id);
      this.sendVoteRequests(this.term + 1, true);
      return;
    }
    this.startRealElection();
  }

  private sendVoteRequests(term: number, pre: boolean): void {
    const message: Message = { type: 'vote', term, lastIndex: this.log.length, lastTerm: this.lastLogTerm(), pre };
    for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.context.send(node, message);
  }

  /** Whether this node still hears a leader (or has just restarted), so refuses to help depose it (check-quorum and lease). */
  private inLease(): boolean {
    if (!this.settings.checkQuorum && this.settings.reads !== 'lease' && !this.settings.preVote) return false;
    const now = this.context.monotonicMs();
    if (now < this.voteHoldoffUntilMs) return true;
    if (this.role === 'leader') return true;
    return this.leaderId !== undefined && now - this.lastHeardLeaderMs < this.settings.electionTimeoutMs;
  }

  private onVote(from: number, request: { readonly term: number; readonly lastIndex: number; readonly lastTerm: number; readonly pre: boolean }): void {
    const lastTerm = this.lastLogTerm();
    const upToDate = request.lastTerm > lastTerm || (request.lastTerm === lastTerm && request.lastIndex >= this.log.length);
    if (request.pre) {
      const granted = request.term > this.term && upToDate && !this.inLease();
      this.context.send(from, { type: 'vote-reply', term: request.term, granted, pre: true });
      return;
    }
    if (request.term > this.term && this.inLease() && (this.settings.checkQuorum || this.settings.reads === 'lease')) {
      // A leader is alive as far as this node knows: ignore the disruptive candidate (thesis §4.2.3).
      this.context.send(from, { type: 'vote-reply', term: this.term, granted: false, pre: false });
      return;
    }
    if (request.term > this.term) this.stepDown(request.term, undefined);
    const granted = request.term === this.term && (this.votedFor === -1 || this.votedFor === from) && upToDate;
    if (granted) {
      this.setHardState(this.term, from);
      this.resetElectionTimer();
    }
    this.context.send(from, { type: 'vote-reply', term: this.term, granted, pre: false });
  }

  private onVoteReply(from: number, answer: { readonly term: number; readonly granted: boolean; readonly pre: boolean }): void {
    if (answer.pre) {
      if (!this.preVoting || answer.term !== this.term + 1 || !answer.granted || this.voted.has(from)) return;
      this.voted.add(from);
      if (this.voted.size >= this.protocol.majority) this.startRealElection();
      return;
    }
    if (answer.term > this.term) {
      this.stepDown(answer.term, undefined);
      return;
    }
    if (this.role !== 'candidate' || answer.term !== this.term || !answer.granted || this.voted.has(from)) return;
    this.voted.add(from);
    if (this.voted.size >= this.protocol.majority) this.becomeLeader();
  }

  private startRealElection(): void {
    this.preVoting = false;
    this.role = 'candidate';
    this.leaderId = undefined;
    this.resetElectionTimer();
    this.setHardState(this.term + 1, this.id);
    this.protocol.electionStarted(this.term, this.context.nowMs());
    this.voted.clear();
    this.voted.add(this.id);
    this.sendVoteRequests(this.term, false);
  }

  private becomeLeader(): void {
    this.role = 'leader';
    this.leaderId = this.id;
    this.preVoting = false;
    this.protocol.leaderElected(this.id, this.term, this.context.nowMs());
    for (let node = 0; node < this.protocol.nodeCount; node++) {
      this.nextIndex[node] = this.log.length + 1;
      this.matchIndex[node] = 0;
      this.roundAcks[node] = 0;
    }
    this.leaseRound = this.round;
    this.expiredThroughRound = this.round;
    this.roundsBeforeLeadership = this.round;
    this.heardFrom.clear();
    // A no-op of the new term: once it commits, everything before it is committed too (§5.4.2, §8).
    if (!this.settings.commitOldTermEntries) this.appendEntry({ term: this.term, f: 'noop', key: '', value: null });
    this.termStartIndex = this.log.length;
    this.broadcastAppend();
    this.context.setTimer(this.settings.heartbeatMs, 'heartbeat');
    if (this.settings.checkQuorum) this.context.setTimer(this.settings.electionTimeoutMs, 'check-quorum');
  }

  /** Back to follower in `term` (voting anew when the term rises); answers what was waiting on this leader. */
  private stepDown(term: number, leader: number | undefined): void {
    if (term > this.term) this.setHardState(term, -1);
    const wasLeader = this.role === 'leader';
    this.role = 'follower';
    this.preVoting = false;
    this.leaderId = leader;
    if (!wasLeader) return;
    this.protocol.leaderStopped(this.id);
    // A write in the log may still commit under the next leader: its outcome is unknown.
    for (const pending of this.pendingWrites.values()) this.context.send(pending.client, reply(pending.opId, 'info', { error: 'leader stepped down' }));
    this.pendingWrites.clear();
    for (const read of this.pendingReads.splice(0)) this.context.send(read.client, reply(read.opId, 'fail', { error: 'leader stepped down' }));
    this.resetElectionTimer();
  }

  // ---- replication -----------------------------------------------------------------------

  private appendEntry(entry: Entry): number {
    this.log.push(entry);
    if (!this.fsyncArmed) {
      this.fsyncArmed = true;
      this.context.setTimer(this.settings.fsyncMs, 'fsync');
    }
    return this.log.length;
  }

  private broadcastAppend(): void {
    this.round++;
    this.roundSentMs[this.round % ROUNDS_REMEMBERED] = this.context.monotonicMs();
    if (this.settings.reads === 'lease') this.context.setTimer(this.leaseMs(), { lease: this.round });
    for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id) this.sendAppend(node);
  }

  /** The lease a round grants, on this node's clock: the election timeout shrunk by the drift bound both ways. */
  private leaseMs(): number {
    const rho = this.settings.clockDriftBound;
    return (this.settings.electionTimeoutMs * (1 - rho)) / (1 + rho);
  }

  private sendAppend(node: number): void {
    const next = Math.max(1, this.nextIndex[node] ?? 1);
    const prevIndex = next - 1;
    const prevTerm = prevIndex === 0 ? 0 : (this.log[prevIndex - 1] as Entry).term;
    const entries = next > this.log.length ? [] : this.log.slice(prevIndex, prevIndex + MAX_BATCH);
    this.nextIndex[node] = next + entries.length;
    this.context.send(node, { type: 'append', term: this.term, prevIndex, prevTerm, entries, commit: this.committedIndex, round: this.round });
  }

  private onAppend(from: number, message: { readonly term: number; readonly prevIndex: number; readonly prevTerm: number; readonly entries: readonly Entry[]; readonly commit: number; readonly round: number }): void {
    if (message.term < this.term) {
      this.context.send(from, { type: 'append-reply', term: this.term, success: false, matchIndex: 0, round: message.round });
      return;
    }
    if (message.term > this.term || this.role !== 'follower') this.stepDown(message.term, from);
    this.leaderId = from;
    this.lastHeardLeaderMs = this.context.monotonicMs();
    this.resetElectionTimer();
    const { prevIndex, prevTerm, entries } = message;
    if (prevIndex > this.log.length || (prevIndex > 0 && (this.log[prevIndex - 1] as Entry).term !== prevTerm)) {
      // Log matching: the entry before the batch differs; the leader retries from where this log may agree.
      this.context.send(from, { type: 'append-reply', term: this.term, success: false, matchIndex: Math.min(this.log.length, prevIndex - 1), round: message.round });
      return;
    }
    for (let offset = 0; offset < entries.length; offset++) {
      const position = prevIndex + offset;
      const entry = entries[offset] as Entry;
      const existing = this.log[position];
      if (existing !== undefined) {
        if (existing.term === entry.term) continue;
        this.protocol.entriesDiscarded(this.log.slice(position), false);
        this.log.length = position;
        this.protocol.logTruncations++;
        if (this.restored !== undefined && position < this.restored.appliedIndex) this.restored = undefined;
        if (position < this.committedIndex) this.uncommit(position);
      }
      if (this.log.length >= this.settings.maxLogEntries) break;
      this.log.push(entry);
    }
    this.syncLog(); // fsync before acknowledging
    const matchIndex = Math.min(this.log.length, prevIndex + entries.length);
    if (message.commit > this.committedIndex) this.commitTo(Math.min(message.commit, matchIndex));
    this.context.send(from, { type: 'append-reply', term: this.term, success: true, matchIndex, round: message.round });
  }

  private onAppendReply(from: number, answer: { readonly term: number; readonly success: boolean; readonly matchIndex: number; readonly round: number }): void {
    if (answer.term > this.term) {
      this.stepDown(answer.term, undefined);
      return;
    }
    if (this.role !== 'leader' || answer.term !== this.term) return;
    this.heardFrom.add(from);
    if (answer.round > (this.roundAcks[from] ?? 0)) this.roundAcks[from] = answer.round;
    const match = this.matchIndex[from] ?? 0;
    if (answer.success) {
      if (answer.matchIndex > match) this.matchIndex[from] = answer.matchIndex;
      if ((this.nextIndex[from] ?? 1) <= answer.matchIndex) this.nextIndex[from] = answer.matchIndex + 1;
      this.advanceCommit();
    } else {
      // Back off to just after what the follower may hold, never below what it acknowledged.
      this.nextIndex[from] = Math.max(match + 1, Math.min(this.nextIndex[from] ?? 1, answer.matchIndex + 1));
      this.sendAppend(from);
    }
    this.confirmRounds();
    if (answer.success && (this.nextIndex[from] ?? 1) <= this.log.length) this.sendAppend(from);
  }

  /** The leader commits the highest index a majority holds (itself counted once its disk has it), of its own term unless the figure-8 variant is on. */
  private advanceCommit(): void {
    const ownMatch = this.storage.get('syncedLength') as number;
    const matches = this.scratch;
    let count = 0;
    for (let node = 0; node < this.matchIndex.length; node++) if (node in this.matchIndex) matches[count++] = node === this.id ? ownMatch : (this.matchIndex[node] as number);
    const majorityMatch = kthLargest(matches, count, this.protocol.majority - 1);
    if (majorityMatch <= this.committedIndex) return;
    const entryTerm = (this.log[majorityMatch - 1] as Entry).term;
    if (entryTerm !== this.term) {
      if (!this.settings.commitOldTermEntries) return;
      this.protocol.counters.committedOldTermByCount++;
    }
    this.commitTo(majorityMatch);
  }

  /**
   * Only a known-bad variant gets here: a leader overwrites an entry this node had committed.
   * The state machine is rebuilt from what is left (what a real one cannot do: it already answered).
   */
  private uncommit(position: number): void {
    this.protocol.counters.committedEntriesOverwritten++;
    this.committedIndex = position;
    this.appliedIndex = position;
    this.data.clear();
    for (let index = 0; index < position; index++) applyEntry(this.data, this.log[index] as Entry);
  }

  private commitTo(index: number): void {
    if (index <= this.committedIndex) return;
    this.committedIndex = Math.min(index, this.log.length);
    const restored = this.restored;
    if (restored !== undefined && this.appliedIndex === 0 && this.committedIndex >= restored.appliedIndex) {
      // The prefix the last incarnation applied is still this log's (no truncation below it since):
      // its state machine is what replaying it gives, and no client waits on an entry in it.
      this.restored = undefined;
      let waited = false;
      for (const pending of this.pendingWrites.keys()) if (pending <= restored.appliedIndex) waited = true;
      if (!waited) {
        for (const [key, value] of restored.data) this.data.set(key, value);
        this.appliedIndex = restored.appliedIndex;
      }
    }
    while (this.appliedIndex < this.committedIndex) {
      const entry = this.log[this.appliedIndex] as Entry;
      this.appliedIndex++;
      const applied = applyEntry(this.data, entry);
      const pending = this.pendingWrites.get(this.appliedIndex);
      if (pending !== undefined) {
        this.pendingWrites.delete(this.appliedIndex);
        if (pending.term === entry.term) this.context.send(pending.client, applied ? reply(pending.opId, 'ok', { version: this.appliedIndex }) : reply(pending.opId, 'fail', { error: 'cas-mismatch' }));
        else this.context.send(pending.client, reply(pending.opId, 'info', { error: 'entry replaced' }));
      }
    }
    if (this.role === 'leader') this.answerReads();
  }

  // ---- clients -----------------------------------------------------------------------------

  private onRequest(client: number, request: ClientRequest): void {
    if (this.role !== 'leader') {
      this.context.send(client, reply(request.opId, 'fail', this.leaderId === undefined ? { error: 'not-leader' } : { error: 'not-leader', leaderHint: this.leaderId }));
      return;
    }
    if (request.f === 'read') {
      this.onRead(client, request);
      return;
    }
    if (this.log.length >= this.settings.maxLogEntries) {
      this.context.send(client, reply(request.opId, 'fail', { error: 'log full' }));
      return;
    }
    if (request.f !== 'write' && request.f !== 'cas') {
      this.context.send(client, reply(request.opId, 'fail', { error: `unsupported operation ${request.f} (a register model)` }));
      return;
    }
    const index = this.appendEntry({ term: this.term, f: request.f, key: request.key, value: request.value });
    this.pendingWrites.set(index, { client, opId: request.opId, term: this.term, deadlineMs: this.context.clockMs() + this.settings.requestTimeoutMs });
    for (let node = 0; node < this.protocol.nodeCount; node++) if (node !== this.id && (this.nextIndex[node] ?? 1) === index) this.sendAppend(node);
    if (this.protocol.nodeCount === 1) this.advanceCommit();
  }

  private onRead(client: number, request: ClientRequest): void {
    const reads = this.settings.reads;
    if (reads === 'local') {
      this.context.send(client, reply(request.opId, 'ok', { value: this.data.get(request.key) ?? null }));
      return;
    }
    if (reads === 'lease' && this.leaseRound > this.expiredThroughRound && this.committedIndex >= this.termStartIndex) {
      this.protocol.counters.leaseReads++;
      this.context.send(client, reply(request.opId, 'ok', { value: this.data.get(request.key) ?? null }));
      return;
    }
    // ReadIndex (also the lease's fallback while it has none): a new round must come back from a majority.
    this.pendingReads.push({ client, opId: request.opId, key: request.key, readIndex: this.committedIndex, round: this.round + 1, deadlineMs: this.context.clockMs() + this.settings.requestTimeoutMs });
    if (this.protocol.nodeCount === 1) this.round++;
    else this.broadcastAppend();
    this.answerReads();
  }

  /** Rounds a majority has answered: extends the lease, releases ReadIndex reads. */
  private confirmRounds(): void {
    if (this.settings.reads === 'lease') {
      const confirmed = this.confirmedRound();
      if (confirmed > this.leaseRound) this.leaseRound = confirmed;
    }
    this.answerReads();
  }

  /** Whether the oldest round of this leadership a majority has not confirmed was sent longer than `slowLeaderStepDownMs` ago. */
  private confirmedTooSlowly(): boolean {
    const boundMs = this.settings.slowLeaderStepDownMs;
    if (boundMs === 0 || this.protocol.nodeCount === 1) return false;
    const oldest = Math.max(this.confirmedRound(), this.roundsBeforeLeadership) + 1;
    if (oldest > this.round || this.round - oldest >= ROUNDS_REMEMBERED) return oldest <= this.round;
    return this.context.monotonicMs() - (this.roundSentMs[oldest % ROUNDS_REMEMBERED] as number) > boundMs;
  }

  private confirmedRound(): number {
    if (this.protocol.nodeCount === 1) return this.round;
    const rounds = this.scratch;
    let count = 0;
    for (let node = 0; node < this.roundAcks.length; node++) if (node !== this.id && node in this.roundAcks) rounds[count++] = this.roundAcks[node] as number;
    return kthLargest(rounds, count, this.protocol.majority - 2);
  }

  private answerReads(): void {
    if (this.pendingReads.length === 0) return;
    // Nothing is known committed in this term until the leader's first entry of the term commits.
    if (this.committedIndex < this.termStartIndex) return;
    const confirmed = this.confirmedRound();
    let answered = 0;
    for (const read of this.pendingReads) {
      if (read.round > confirmed || Math.max(read.readIndex, this.termStartIndex) > this.appliedIndex) break;
      answered++;
      this.protocol.counters.readIndexReads++;
      this.context.send(read.client, reply(read.opId, 'ok', { value: this.data.get(read.key) ?? null }));
    }
    if (answered > 0) this.pendingReads.splice(0, answered);
  }

  private expirePending(): void {
    const now = this.context.clockMs();
    while (this.pendingReads.length > 0 && (this.pendingReads[0] as PendingRead).deadlineMs <= now) {
      const read = this.pendingReads.shift() as PendingRead;
      this.context.send(read.client, reply(read.opId, 'fail', { error: 'leadership not confirmed in time' }));
    }
    for (const [index, pending] of this.pendingWrites) {
      if (pending.deadlineMs > now) continue;
      this.pendingWrites.delete(index);
      this.context.send(pending.client, reply(pending.opId, 'info', { error: 'not committed in time' }));
    }
  }
}

/** Heartbeat rounds whose send time a leader remembers (a bound: older unconfirmed rounds count as too slow). */
const ROUNDS_REMEMBERED = 256;

/**
 * The `k`-th largest (0-based) of `values[0..count)`, 0 when there are not that many: what
 * sorting a copy in descending order and reading index `k` gave, without the copy. Reorders `values`.
 */
function kthLargest(values: number[], count: number, k: number): number {
  if (k < 0 || k >= count) return 0;
  for (let index = 1; index < count; index++) {
    const value = values[index] as number;
    let at = index - 1;
    while (at >= 0 && (values[at] as number) < value) {
      values[at + 1] = values[at] as number;
      at--;
    }
    values[at + 1] = value;
  }
  return values[k] as number;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
