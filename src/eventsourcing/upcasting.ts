import { assert } from '../errors.js';
import type { RecordedEvent } from './types.js';

/**
 * Turns the data of one schema version of an event type into the data of the next version.
 *
 * @example
 * ```ts
 * const v1ToV2: UpcastStep = (data) => ({ ...(data as object), currency: 'EUR' });
 * ```
 */
export type UpcastStep = (data: unknown, event: RecordedEvent) => unknown;

/**
 * Upcasters by event type, then by the schema version they upgrade **from**: `{ Deposited: { 1:
 * (v1) => v2 } }` upgrades a version-1 `Deposited` to version 2. Steps chain (1→2→3) on read, so
 * stored events are never rewritten and code sees only the newest shape.
 *
 * @example
 * ```ts
 * const upcasters: Upcasters = {
 *   Deposited: { 1: (data) => ({ ...(data as object), currency: 'EUR' }) },
 * };
 * const store = new MemoryEventStore({ upcasters });
 * ```
 */
export type Upcasters = Readonly<Record<string, Readonly<Record<number, UpcastStep>>>>;

/** Most steps one event may be upcast through (a guard against a cycle). */
const MAX_STEPS = 1_000;

/**
 * Applies the upcasters to one event; returns the event itself when none applies.
 *
 * @example
 * ```ts
 * upcast(storedV1Event, upcasters).schemaVersion; // 2
 * ```
 */
export function upcast<E extends RecordedEvent>(event: E, upcasters: Upcasters | undefined): E {
  const steps = upcasters?.[event.type];
  if (steps === undefined) return event;
  let current: RecordedEvent = event;
  for (let count = 0; ; count++) {
    const step = steps[current.schemaVersion];
    if (step === undefined) return current as E;
    assert(count < MAX_STEPS, `upcasters of ${event.type} loop beyond ${MAX_STEPS} steps`);
    current = { ...current, schemaVersion: current.schemaVersion + 1, data: step(current.data, current) };
  }
}
