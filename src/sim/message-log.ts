import { invalidOption } from '../errors.js';

/** One message between two actors (nodes first, then clients, by kernel address). */
export interface RecordedMessage {
  readonly from: number;
  readonly to: number;
  readonly sentMs: number;
  /** When it arrived (the first copy); absent when the network lost it. */
  readonly arrivedMs?: number;
  /** Why it never reached its target: lost by the network, or dropped on arrival (target down, link cut, sender crashed). */
  readonly dropped?: 'lost' | 'down' | 'cut' | 'sender-crashed';
  /** A short label: the message's `type` (or `kind`), else its JSON, cut at 60 characters. */
  readonly label: string;
}

/** Which messages a {@link MessageLog} keeps. */
export interface MessageLogOptions {
  /** Keep messages sent at or after this virtual time. Default 0. */
  readonly fromMs?: number;
  /** Keep messages sent before this virtual time. Default: no end. */
  readonly toMs?: number;
  /** Most messages kept; later ones are counted, not kept. Default 2,000, at most 100,000. */
  readonly maxMessages?: number;
}

/**
 * Records the messages of a window of a simulated run, for a Lamport diagram (the HTML reports):
 * who sent what to whom, when it was sent and when it arrived or why it did not. Bounded: at most
 * `maxMessages` are kept. A run records nothing unless it is given one (`RunOptions.messageLog`).
 *
 * @example
 * ```ts
 * const messages = new MessageLog({ fromMs: 1_000, toMs: 1_250 });
 * simulate({ seed: 7, protocol: { kind: 'raft' }, messageLog: messages });
 * messages.messages.length; // ≤ 2,000
 * ```
 */
export class MessageLog {
  readonly fromMs: number;
  readonly toMs: number;
  readonly maxMessages: number;
  /** Messages sent in the window but not kept, past `maxMessages`. */
  notKept = 0;
  private readonly kept: Array<{ from: number; to: number; sentMs: number; arrivedMs?: number; dropped?: NonNullable<RecordedMessage['dropped']>; label: string }> = [];
  /** In flight: "from>to@arrival" -> kept index, to mark a drop on arrival. */
  private readonly inFlight = new Map<string, number>();

  constructor(options: MessageLogOptions = {}) {
    this.fromMs = options.fromMs ?? 0;
    this.toMs = options.toMs ?? Number.POSITIVE_INFINITY;
    this.maxMessages = options.maxMessages ?? 2_000;
    if (!(this.fromMs >= 0)) throw invalidOption('fromMs', options.fromMs, 'a time in ms >= 0');
    if (!(this.toMs > this.fromMs)) throw invalidOption('toMs', options.toMs, `a time in ms > fromMs (${this.fromMs})`);
    if (!Number.isInteger(this.maxMessages) || this.maxMessages < 1 || this.maxMessages > 100_000) throw invalidOption('maxMessages', options.maxMessages, 'a whole number from 1 to 100,000');
  }

  /** The messages kept, in the order they were sent. */
  get messages(): readonly RecordedMessage[] {
    return this.kept;
  }

  /** @internal The kernel: a message was sent (arrivalMs undefined: the network lost it). */
  sent(from: number, to: number, nowMs: number, arrivalMs: number | undefined, message: unknown): void {
    if (nowMs < this.fromMs || nowMs >= this.toMs) return;
    if (this.kept.length >= this.maxMessages) {
      this.notKept++;
      return;
    }
    const label = labelOf(message);
    if (arrivalMs === undefined) {
      this.kept.push({ from, to, sentMs: nowMs, dropped: 'lost', label });
      return;
    }
    this.inFlight.set(`${from}>${to}@${arrivalMs}`, this.kept.length);
    this.kept.push({ from, to, sentMs: nowMs, arrivedMs: arrivalMs, label });
  }

  /** @internal The kernel: a message reached its target's address but was dropped there. */
  droppedOnArrival(from: number, to: number, nowMs: number, reason: 'down' | 'cut' | 'sender-crashed'): void {
    const key = `${from}>${to}@${nowMs}`;
    const index = this.inFlight.get(key);
    if (index === undefined) return;
    this.inFlight.delete(key);
    const entry = this.kept[index];
    if (entry !== undefined) entry.dropped = reason;
  }
}

function labelOf(message: unknown): string {
  if (message !== null && typeof message === 'object') {
    const record = message as Record<string, unknown>;
    const name = record['type'] ?? record['kind'];
    if (typeof name === 'string') return name.length > 60 ? `${name.slice(0, 59)}…` : name;
  }
  const text = JSON.stringify(message) ?? String(message);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
