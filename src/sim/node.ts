import type { Random } from '../runtime/random.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * What a simulated node (or client) can do: send messages, set and cancel timers, read the
 * virtual time and its own clock, draw random numbers, and keep durable storage. Everything it
 * holds outside `storage` is volatile: a crash discards the handler and a recovery builds a new
 * one from its factory.
 *
 * @example
 * ```ts
 * const echo: NodeFactory<{ type: 'ping' | 'pong' }> = (context) => ({
 *   onMessage(from, message) {
 *     if (message.type === 'ping') context.send(from, { type: 'pong' });
 *   },
 * });
 * ```
 */
export interface NodeContext<Message> {
  /** This node's address: nodes are 0..nodeCount-1, clients come after. */
  readonly id: number;
  readonly nodeCount: number;
  /** Virtual (true) time in ms since the start of the run. Nodes should not look at it to decide anything; use {@link clockMs}. */
  nowMs(): number;
  /** This node's own clock (virtual time with its skew and drift), in ms. */
  clockMs(): number;
  /** This node's monotonic clock, in ms: its drift applies, skew jumps do not (leases and timeouts measure with it). */
  monotonicMs(): number;
  /** Sends a message; the network decides whether and when it arrives. */
  send(to: number, message: Message): void;
  /**
   * Calls the handler's `onTimer(payload)` after `delayMs` on this node's clock (drift applies).
   * Returns an id for {@link cancelTimer}. A crash cancels every timer of the node.
   */
  setTimer(delayMs: number, payload: unknown): number;
  cancelTimer(timerId: number): void;
  /** This node's own random stream (forked from the run's seed). */
  readonly random: Random;
  /** Durable storage: survives crashes. */
  readonly storage: Map<string, unknown>;
  /** A `Runtime` view of this node (its clock, random and timers) to run pacelc library code inside the simulation. */
  readonly runtime: Runtime;
}

/**
 * The behaviour of a node: event handlers. All state kept on the handler object is volatile.
 *
 * @example
 * ```ts
 * const counter: NodeFactory<number> = (context) => {
 *   let seen = 0; // volatile: back to 0 after a crash
 *   return {
 *     onMessage(_from, increment) {
 *       seen += increment;
 *       context.storage.set('total', ((context.storage.get('total') as number | undefined) ?? 0) + increment);
 *     },
 *   };
 * };
 * ```
 */
export interface NodeHandler<Message> {
  /** At time 0 (fresh start). */
  onStart?(): void;
  onMessage(from: number, message: Message): void;
  onTimer?(payload: unknown): void;
  /**
   * Just before the crash discards this handler (it can no longer send). `loseUnsyncedWrites`: the
   * disk loses what was not yet fsynced (power loss); the handler rolls its durable storage back to
   * what it had synced.
   */
  onCrash?(cause: { readonly loseUnsyncedWrites: boolean }): void;
  /** On the new handler after a restart; durable storage is as it was. */
  onRecover?(): void;
}

/**
 * Builds a node's handler from its context, at start and after each recovery.
 *
 * @example
 * ```ts
 * const pinger: NodeFactory<string> = (context) => ({
 *   onStart: () => context.setTimer(100, 'ping'),
 *   onTimer: () => context.send((context.id + 1) % context.nodeCount, 'ping'),
 *   onMessage: () => {},
 * });
 * ```
 */
export type NodeFactory<Message> = (context: NodeContext<Message>) => NodeHandler<Message>;
