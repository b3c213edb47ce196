import { invalidOption } from '../errors.js';

/** Validates a replica id. */
export function checkReplica(replica: string): string {
  if (typeof replica !== 'string' || replica === '') throw invalidOption('replica', replica, 'a non-empty replica id');
  return replica;
}

/** Validates an increment amount: a non-negative safe integer. */
export function checkAmount(amount: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw invalidOption('amount', amount, 'a safe integer >= 0');
  return amount;
}
