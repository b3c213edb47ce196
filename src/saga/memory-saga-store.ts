import type { SagaStore } from './saga-store.js';
import { SagaConflictError, SagaStoreClosedError } from './errors.js';
import { countsFrom, queryLimit } from './query.js';
import type { SagaCounts, SagaDeadLetter, SagaQuery, SagaRecord, SagaTimer, SagaTransition } from './types.js';

/**
 * A saga store in memory: for tests, the simulator and single-process tools. Records are copied
 * through JSON on the way in and out, so it behaves like the durable stores (no shared objects).
 *
 * @example
 * ```ts
 * const orchestrator = new SagaOrchestrator({ store: new MemorySagaStore(), definitions: [orderSaga] });
 * ```
 */
export class MemorySagaStore implements SagaStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private readonly timerRows = new Map<string, Map<string, number>>();
  private readonly letters = new Map<string, SagaDeadLetter>();
  private closed = false;

  commit(transition: SagaTransition): Promise<void> {
    this.checkOpen();
    const { record, expectedVersion } = transition;
    const actual = this.versions.get(record.id) ?? 0;
    if (actual !== expectedVersion) return Promise.reject(new SagaConflictError(record.id, expectedVersion, actual));
    this.records.set(record.id, JSON.stringify(record));
    this.versions.set(record.id, record.version);
    let timers = this.timerRows.get(record.id);
    if (transition.clearTimers !== undefined && timers !== undefined) {
      if (transition.clearTimers.includes('*')) timers.clear();
      else for (const name of transition.clearTimers) timers.delete(name);
    }
    for (const timer of transition.setTimers ?? []) {
      if (timers === undefined) this.timerRows.set(record.id, (timers = new Map()));
      timers.set(timer.name, timer.dueAtMs);
    }
    if (timers !== undefined && timers.size === 0) this.timerRows.delete(record.id);
    if (transition.deadLetter === null) this.letters.delete(record.id);
    else if (transition.deadLetter !== undefined) this.letters.set(record.id, { ...transition.deadLetter });
    return Promise.resolve();
  }

  load(id: string): Promise<SagaRecord | undefined> {
    this.checkOpen();
    const json = this.records.get(id);
    return Promise.resolve(json === undefined ? undefined : (JSON.parse(json) as SagaRecord));
  }

  async list(query: SagaQuery = {}): Promise<SagaRecord[]> {
    this.checkOpen();
    const limit = queryLimit(query);
    const out: SagaRecord[] = [];
    for (const id of [...this.records.keys()].sort()) {
      if (query.afterId !== undefined && id <= query.afterId) continue;
      const record = JSON.parse(this.records.get(id) as string) as SagaRecord;
      if (query.statuses !== undefined && !query.statuses.includes(record.state.status)) continue;
      if (query.name !== undefined && record.name !== query.name) continue;
      if (query.updatedBeforeMs !== undefined && !(record.updatedAtMs < query.updatedBeforeMs)) continue;
      out.push(record);
      if (out.length >= limit) break;
    }
    return out;
  }

  dueTimers(nowMs: number, limit: number): Promise<SagaTimer[]> {
    this.checkOpen();
    const due: SagaTimer[] = [];
    for (const [sagaId, timers] of this.timerRows) for (const [name, dueAtMs] of timers) if (dueAtMs <= nowMs) due.push({ sagaId, name, dueAtMs });
    due.sort((a, b) => a.dueAtMs - b.dueAtMs || (a.sagaId < b.sagaId ? -1 : a.sagaId > b.sagaId ? 1 : a.name < b.name ? -1 : 1));
    return Promise.resolve(due.slice(0, limit));
  }

  timers(sagaId: string): Promise<SagaTimer[]> {
    this.checkOpen();
    const timers = this.timerRows.get(sagaId);
    return Promise.resolve(timers === undefined ? [] : [...timers].map(([name, dueAtMs]) => ({ sagaId, name, dueAtMs })).sort((a, b) => (a.name < b.name ? -1 : 1)));
  }

  deadLetters(limit = 100): Promise<SagaDeadLetter[]> {
    this.checkOpen();
    return Promise.resolve([...this.letters.values()].sort((a, b) => a.parkedAtMs - b.parkedAtMs || (a.sagaId < b.sagaId ? -1 : 1)).slice(0, limit));
  }

  counts(): Promise<SagaCounts> {
    this.checkOpen();
    const byStatus = new Map<string, number>();
    for (const json of this.records.values()) {
      const status = (JSON.parse(json) as SagaRecord).state.status;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    }
    return Promise.resolve(countsFrom([...byStatus].map(([status, n]) => ({ status, n })), this.letters.size));
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private checkOpen(): void {
    if (this.closed) throw new SagaStoreClosedError();
  }
}
