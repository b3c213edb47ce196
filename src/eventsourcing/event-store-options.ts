import { checkOptionsObject, numberOption, optionalArray, runtimeOption, wrongType } from '../options.js';
import type { Runtime, RuntimeOptions } from '../runtime/index.js';
import type { EventStoreOptions } from './event-store.js';
import { DEFAULT_MAX_EVENT_BYTES } from './validation.js';

/** What {@link checkEventStoreOptions} returns: the options every store shares, checked and defaulted. */
export interface CheckedEventStoreOptions {
  readonly runtime: Runtime;
  readonly maxEventBytes: number;
}

/**
 * Checks the options every event store shares (memory, SQLite, PostgreSQL), when the store is
 * built: `runtime`, `maxEventBytes`, `upcasters` (event type → schema version → function) and
 * `inlineProjections` (objects with a `name` and a `handle` method). A wrong type is a
 * `TypeError`, a value out of range a `RangeError`; both name the option and the value received.
 *
 * @example
 * ```ts
 * const { runtime, maxEventBytes } = checkEventStoreOptions('SqliteEventStore', options);
 * ```
 */
export function checkEventStoreOptions<Context>(what: string, options: EventStoreOptions<Context> & RuntimeOptions): CheckedEventStoreOptions {
  checkOptionsObject(what, options);
  const runtime = runtimeOption(options.runtime);
  const maxEventBytes = numberOption('maxEventBytes', options.maxEventBytes, DEFAULT_MAX_EVENT_BYTES, { min: 1, integer: true });
  const upcasters: unknown = options.upcasters;
  if (upcasters !== undefined) {
    if (typeof upcasters !== 'object' || upcasters === null || Array.isArray(upcasters)) throw wrongType('upcasters', upcasters, 'an object: event type → { schema version: upcast function }');
    for (const [type, steps] of Object.entries(upcasters)) {
      if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) throw wrongType(`upcasters.${type}`, steps, 'an object: schema version → upcast function');
      for (const [version, step] of Object.entries(steps as Record<string, unknown>)) {
        if (typeof step !== 'function') throw wrongType(`upcasters.${type}.${version}`, step, 'a function');
      }
    }
  }
  optionalArray('inlineProjections', options.inlineProjections, 'an InlineProjection ({ name, handle(events, context) })', (projection) => {
    const candidate = projection as { name?: unknown; handle?: unknown } | null;
    return typeof candidate === 'object' && candidate !== null && typeof candidate.name === 'string' && typeof candidate.handle === 'function';
  });
  return { runtime, maxEventBytes };
}
