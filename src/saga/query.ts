import { invalidOption } from '../errors.js';
import { SAGA_STATUSES, type SagaCounts, type SagaQuery, type SagaStatus } from './types.js';

/** The query's limit, checked (1..10,000, default 100). */
export function queryLimit(query: SagaQuery): number {
  const limit = query.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw invalidOption('limit', query.limit, 'an integer in 1..10000');
  return limit;
}

/** Counts with every status present (zero when none). */
export function emptyCounts(): Record<SagaStatus, number> {
  return Object.fromEntries(SAGA_STATUSES.map((status) => [status, 0])) as Record<SagaStatus, number>;
}

/** Builds {@link SagaCounts} from (status, count) rows. */
export function countsFrom(rows: Iterable<{ status: string; n: number }>, deadLetters: number): SagaCounts {
  const byStatus = emptyCounts();
  for (const row of rows) byStatus[row.status as SagaStatus] = Number(row.n);
  return { byStatus, deadLetters };
}
