import { invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption } from '../options.js';
import type { Crdt } from './crdt.js';

/** Options of {@link DeltaOutbox}. */
export interface DeltaOutboxOptions {
  /** The replicas to ship deltas to. */
  readonly peers: readonly string[];
  /** Most deltas kept for peers that have not acknowledged them; beyond it a lagging peer gets the full state. Default 1000. */
  readonly maxDeltas?: number;
}

/** What to send a peer: everything since its last acknowledgement, as one joined delta group or the full state. */
export interface OutboxMessage<C> {
  /** Acknowledge with this number once the payload is merged. */
  readonly upTo: number;
  /** A delta group (the join of the deltas the peer has not acknowledged) or the full state. */
  readonly payload: C;
  /** True when the peer fell further behind than `maxDeltas` and gets the whole state. */
  readonly full: boolean;
}

/**
 * The sending side of delta-state anti-entropy (Almeida et al., 2018, algorithm 2): records the
 * deltas a replica produces in a bounded, numbered log, and for each peer builds one message — the
 * join of every delta the peer has not acknowledged — so lost or reordered messages are simply
 * covered by the next one (retries are idempotent because merge is). The log is trimmed once every
 * peer has acknowledged; a peer that lags by more than `maxDeltas` is sent the full state instead.
 *
 * @example
 * ```ts
 * import { DeltaOutbox, GCounter } from 'pacelc/crdt';
 * const counter = GCounter.empty('a');
 * const outbox = new DeltaOutbox(counter, { peers: ['b', 'c'] });
 * outbox.record(counter.increment(2));
 * const message = outbox.next('b'); // { upTo: 1, payload: delta group, full: false }
 * // ...b merges message.payload and replies with message.upTo:
 * outbox.acknowledge('b', message!.upTo);
 * ```
 */
export class DeltaOutbox<C extends Crdt<C, unknown, unknown>> {
  private readonly state: C;
  private readonly maxDeltas: number;
  private readonly log: Array<{ readonly sequence: number; readonly delta: C }> = [];
  private readonly acknowledged = new Map<string, number>();
  private sequence = 0;

  constructor(state: C, options: DeltaOutboxOptions) {
    checkOptionsObject('DeltaOutbox', options);
    if (!Array.isArray(options.peers) || options.peers.some((peer) => typeof peer !== 'string' || peer === '')) throw invalidOption('peers', options.peers, 'a list of replica ids');
    const maxDeltas = numberOption('maxDeltas', options.maxDeltas, 1000, { min: 1, integer: true });
    this.state = state;
    this.maxDeltas = maxDeltas;
    for (const peer of options.peers) this.acknowledged.set(peer, 0);
  }

  /** Deltas held for peers that have not acknowledged them (never more than `maxDeltas`). */
  get pendingDeltas(): number {
    return this.log.length;
  }

  /** Records a delta the local state produced (it must already be merged into the state). */
  record(delta: C): void {
    this.log.push({ sequence: ++this.sequence, delta: delta.clone() });
    if (this.log.length > this.maxDeltas) this.log.shift();
  }

  /** The message for `peer`, or undefined when it has acknowledged everything. */
  next(peer: string): OutboxMessage<C> | undefined {
    const acknowledged = this.acknowledgedBy(peer);
    if (acknowledged >= this.sequence) return undefined;
    const oldest = this.log[0]?.sequence ?? this.sequence + 1;
    if (acknowledged + 1 < oldest) return { upTo: this.sequence, payload: this.state.clone(), full: true };
    let group: C | undefined;
    for (const entry of this.log) {
      if (entry.sequence <= acknowledged) continue;
      group = group === undefined ? entry.delta.clone() : group.merge(entry.delta);
    }
    return { upTo: this.sequence, payload: group as C, full: false };
  }

  /** `peer` has merged everything up to `upTo`; deltas every peer has acknowledged are dropped. */
  acknowledge(peer: string, upTo: number): void {
    const current = this.acknowledgedBy(peer);
    if (!Number.isInteger(upTo) || upTo < 0 || upTo > this.sequence) throw invalidOption('upTo', upTo, `an integer from 0 to ${this.sequence}`);
    this.acknowledged.set(peer, Math.max(current, upTo));
    const everyone = Math.min(...this.acknowledged.values());
    while (this.log.length > 0 && (this.log[0]?.sequence as number) <= everyone) this.log.shift();
  }

  private acknowledgedBy(peer: string): number {
    const acknowledged = this.acknowledged.get(peer);
    if (acknowledged === undefined) throw invalidOption('peer', peer, `one of the peers (${[...this.acknowledged.keys()].join(', ')})`);
    return acknowledged;
  }
}
