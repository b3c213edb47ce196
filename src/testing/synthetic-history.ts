// Test support (not shipped): large linearizable register histories made to order, for the lab's
// browser tests and bench (a 100,000-operation check report) without simulating a cluster.
import type { HistoryEvent } from '../check/history.js';

export interface SyntheticHistoryOptions {
  readonly operations: number;
  /** Clients (processes), each running one operation at a time. Default 10. */
  readonly clients?: number;
  /** Keys, drawn per operation. Default 1 (no key: a single register). */
  readonly keys?: number;
  readonly seed?: number;
  /** Every n-th write gets no reply (`info`): it still takes effect. Default 97; 0 for none. */
  readonly unknownEvery?: number;
}

/**
 * A linearizable history by construction: operation i takes effect at time i + 0.5 ms, inside an
 * interval drawn around it that never overlaps the same client's previous one; each read returns
 * the last value written to its key before it; every written value is unique.
 *
 * @example
 * ```ts
 * const events = syntheticRegisterHistory({ operations: 100_000, clients: 20, keys: 10 });
 * ```
 */
export function syntheticRegisterHistory(options: SyntheticHistoryOptions): HistoryEvent[] {
  const clients = options.clients ?? 10;
  const keys = options.keys ?? 1;
  const unknownEvery = options.unknownEvery ?? 97;
  let x = (options.seed ?? 1) * 2654435761 || 1;
  const random = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1_000_000) / 1_000_000;
  };
  const latest = new Map<string, number | null>();
  const timed: Array<{ time: number; order: number; event: HistoryEvent }> = [];
  for (let index = 0; index < options.operations; index++) {
    const process = index % clients;
    const key = keys === 1 ? undefined : `k${Math.floor(random() * keys)}`;
    const point = index + 0.5;
    // call in (i, i + 0.5], return in [i + 0.5, i + clients): the client's next call is at i + clients or later
    const call = index + random() * 0.5;
    const returned = point + random() * (clients - 1) * 0.9;
    const write = random() < 0.5;
    const base = key === undefined ? {} : { key };
    const slot = key ?? '';
    if (write) {
      const value = index + 1;
      latest.set(slot, value);
      timed.push({ time: call, order: 2 * index, event: { process, type: 'invoke', f: 'write', ...base, value, time: round(call) } });
      const unknown = unknownEvery > 0 && index % unknownEvery === unknownEvery - 1;
      timed.push({ time: returned, order: 2 * index + 1, event: { process, type: unknown ? 'info' : 'ok', f: 'write', ...base, value, time: round(returned) } });
    } else {
      const value = latest.get(slot) ?? null;
      timed.push({ time: call, order: 2 * index, event: { process, type: 'invoke', f: 'read', ...base, value: null, time: round(call) } });
      timed.push({ time: returned, order: 2 * index + 1, event: { process, type: 'ok', f: 'read', ...base, value, time: round(returned) } });
    }
  }
  timed.sort((left, right) => left.time - right.time || left.order - right.order);
  return timed.map((entry) => entry.event);
}

function round(time: number): number {
  return Math.round(time * 1_000) / 1_000;
}
