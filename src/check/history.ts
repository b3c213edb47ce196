/**
 * A history: what clients asked for and what they were told, in the order it happened, as Jepsen
 * and Maelstrom record it. The simulator writes it; the checkers read it; importers turn Jepsen
 * logs and EDN files into it.
 *
 * Each operation is an `invoke` event followed (later, by the same process) by its completion:
 * `ok` (it happened, with this result), `fail` (it certainly did not happen) or `info` (unknown:
 * it may have happened, at any time after its invocation, or never). An invoke without a
 * completion is also unknown.
 *
 * @example
 * ```ts
 * const history: HistoryEvent[] = [
 *   { process: 0, type: 'invoke', f: 'write', key: 'x', value: 1, time: 0 },
 *   { process: 1, type: 'invoke', f: 'read', key: 'x', value: null, time: 1 },
 *   { process: 0, type: 'ok', f: 'write', key: 'x', value: 1, time: 2 },
 *   { process: 1, type: 'ok', f: 'read', key: 'x', value: 1, time: 3 },
 * ];
 * ```
 */
export interface HistoryEvent {
  /** The client (Jepsen's process) that issued the operation; one operation at a time per process. */
  readonly process: number | string;
  readonly type: HistoryEventType;
  /**
   * The operation: `read`, `write`, `cas` (register models), `get`, `put`, `append` (key-value).
   * For `cas`, `value` is `[expected, new]`.
   */
  readonly f: string;
  /** The key, for key-value histories (and per-key registers). Absent for a single register. */
  readonly key?: string;
  /**
   * On invoke: the argument (`null` for reads). On ok: the result (the value read, or the value
   * written). `null` is "no value" (Jepsen's nil).
   */
  readonly value: unknown;
  /** When it happened, in milliseconds (virtual time in the simulator); optional in imported histories. */
  readonly time?: number;
  /** Extra information the checkers ignore (node, error, latency...). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export type HistoryEventType = 'invoke' | 'ok' | 'fail' | 'info';
