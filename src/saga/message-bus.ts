import type { BusPoisonMessageError } from './errors.js';

/**
 * A message on a bus: `id` is unique (consumers deduplicate on it), `subject` is dot-separated
 * (`orders.placed`), `aggregateId` says which entity it is about (order is kept per aggregate).
 *
 * @example
 * ```ts
 * const message: BusMessage = { id: 'evt-1', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'order-42', payload: { total: 30 }, headers: {} };
 * ```
 */
export interface BusMessage {
  readonly id: string;
  readonly subject: string;
  readonly type: string;
  readonly aggregateId: string;
  readonly payload: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A message as a consumer receives it.
 *
 * @example
 * ```ts
 * handle: (message: DeliveredMessage) => { if (message.deliveryCount > 1) log('redelivered', message.id); }
 * ```
 */
export interface DeliveredMessage extends BusMessage {
  /** 1 on the first delivery, more on redeliveries. */
  readonly deliveryCount: number;
}

/**
 * Options of {@link MessageBus.subscribe}.
 *
 * @example
 * ```ts
 * await bus.subscribe({ consumer: 'payments', subjects: 'orders.>', handle: (message) => payments.on(message) });
 * ```
 */
export interface SubscribeOptions {
  /** The durable consumer's name: it keeps its position across subscriptions and restarts. */
  readonly consumer: string;
  /** A subject filter: `*` matches one token, a final `>` the rest. */
  readonly subjects: string;
  /** Returns (or resolves) to acknowledge; throws to have the message redelivered. */
  readonly handle: (message: DeliveredMessage) => unknown;
  /** Deliveries before a message is given up (and reported to `onGiveUp`). Default 10. */
  readonly maxDeliveries?: number;
  /** Wait before a redelivery after a failure, in ms. Default 100. */
  readonly redeliveryDelayMs?: number;
  /** Called with a message that failed `maxDeliveries` times. */
  readonly onGiveUp?: (message: DeliveredMessage, error: unknown) => void;
  /**
   * Called with a message that cannot be decoded (not JSON, no id or type: not written by a pacelc
   * bus). The message is parked (never redelivered) and the next one is delivered. Must not throw.
   */
  readonly onPoison?: (error: BusPoisonMessageError) => void;
}

/**
 * A running subscription.
 *
 * @example
 * ```ts
 * const subscription = await bus.subscribe(options); await subscription.stop();
 * ```
 */
export interface BusSubscription {
  /** Stops delivering (after the message being handled, if any). */
  stop(): Promise<void>;
}

/**
 * Publish/subscribe with durable consumers and acknowledgements, at least once. Implemented in
 * memory ({@link MemoryMessageBus}) and on NATS JetStream (`pacelc/saga/nats`).
 *
 * @example
 * ```ts
 * await bus.publish({ id: 'e1', subject: 'orders.placed', type: 'OrderPlaced', aggregateId: 'o1', payload: {}, headers: {} });
 * ```
 */
export interface MessageBus {
  readonly kind: string;
  /** Resolves once the bus has stored the message (JetStream: the stream acknowledged it). */
  publish(message: BusMessage): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  close(): Promise<void>;
}

/**
 * Whether a subject matches a filter (`*` one token, trailing `>` one or more), as NATS matches.
 *
 * @example
 * ```ts
 * subjectMatches('orders.*', 'orders.placed'); // true
 * subjectMatches('orders.>', 'orders.placed.v2'); // true
 * ```
 */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let index = 0; index < f.length; index++) {
    const token = f[index];
    if (token === '>') return s.length > index;
    if (index >= s.length) return false;
    if (token !== '*' && token !== s[index]) return false;
  }
  return f.length === s.length;
}

// A token: printable characters other than whitespace, `.`, `*` and `>` (NATS's subject rules).
// eslint-disable-next-line no-control-regex
const SUBJECT_TOKEN = /^[^\s.*>\u0000-\u001f\u007f]+$/;

/**
 * Throws a `RangeError` unless `subject` is a subject a message can be published to: one or more
 * dot-separated tokens, none empty, without whitespace, control characters or the wildcards `*`
 * and `>` (a message published to `orders.>` would be stored under that literal name, and
 * `a b` is refused by NATS every time it is sent), at most 256 characters.
 *
 * @example
 * ```ts
 * checkPublishSubject('orders.placed'); // ok
 * checkPublishSubject('orders.>');      // throws RangeError
 * ```
 */
export function checkPublishSubject(subject: unknown, option = 'subject'): asserts subject is string {
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256 || !subject.split('.').every((token) => SUBJECT_TOKEN.test(token))) {
    throw new RangeError(`Invalid ${option} ${typeof subject === 'string' ? JSON.stringify(subject) : String(subject)}: expected dot-separated tokens without whitespace, control characters, '*' or '>' (1..256 characters)`);
  }
}

/**
 * Throws a `RangeError` unless `filter` is a subscription filter: tokens as in
 * {@link checkPublishSubject}, or `*` for one token, or a final `>` for the rest.
 *
 * @example
 * ```ts
 * checkSubjectFilter('orders.*'); // ok
 * checkSubjectFilter('orders.>.x'); // throws RangeError
 * ```
 */
export function checkSubjectFilter(filter: unknown): asserts filter is string {
  const tokens = typeof filter === 'string' ? filter.split('.') : [];
  const valid = typeof filter === 'string' && filter.length > 0 && filter.length <= 256 && tokens.every((token, index) => token === '*' || (token === '>' && index === tokens.length - 1) || SUBJECT_TOKEN.test(token));
  if (!valid) throw new RangeError(`Invalid subjects ${typeof filter === 'string' ? JSON.stringify(filter) : String(filter)}: expected dot-separated tokens, '*' for one token or a final '>' (1..256 characters)`);
}
