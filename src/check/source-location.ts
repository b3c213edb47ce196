import type { HistoryEvent } from './history.js';

/** Where an event was read from: the parsers record it so later errors can name file and line. */
export interface EventSource {
  readonly file?: string;
  readonly line: number;
}

const sources = new WeakMap<HistoryEvent, EventSource>();

/**
 * Remembers the file and line an event was parsed from (without changing the event), so that a
 * checker error about the event (a completion with no invocation, an unknown operation) can point
 * at the line.
 *
 * @example
 * ```ts
 * const event: HistoryEvent = { process: 0, type: 'invoke', f: 'read', value: null };
 * recordEventSource(event, { file: 'h.jsonl', line: 3 });
 * eventSource(event); // { file: 'h.jsonl', line: 3 }
 * ```
 */
export function recordEventSource(event: HistoryEvent, source: EventSource): void {
  sources.set(event, source);
}

/**
 * The file and line an event was parsed from, if a parser recorded it.
 *
 * @example
 * ```ts
 * const [first] = parseHistory(text, 'h.jsonl');
 * eventSource(first!)?.line; // 1
 * ```
 */
export function eventSource(event: HistoryEvent): EventSource | undefined {
  return sources.get(event);
}
