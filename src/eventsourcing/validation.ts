import { randomFillSync } from 'node:crypto';
import { describeValue, invalidOption } from '../errors.js';
import { storableJson, textProblem } from '../text/storable-json.js';
import { EventStoreInputError } from './errors.js';
import type { EventToAppend, ExpectedVersion, ReadAllOptions } from './types.js';

/**
 * Longest stream name, in UTF-16 code units.
 *
 * @example
 * ```ts
 * validateStreamName('x'.repeat(MAX_STREAM_NAME_LENGTH)); // ok, one more throws
 * ```
 */
export const MAX_STREAM_NAME_LENGTH = 256;
/**
 * Default largest serialised event (data + metadata), in bytes: 1 MiB.
 *
 * @example
 * ```ts
 * new MemoryEventStore({ maxEventBytes: DEFAULT_MAX_EVENT_BYTES / 4 });
 * ```
 */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
/**
 * Most events one append may carry.
 *
 * @example
 * ```ts
 * for (let i = 0; i < events.length; i += MAX_EVENTS_PER_APPEND) await store.append(id, events.slice(i, i + MAX_EVENTS_PER_APPEND));
 * ```
 */
export const MAX_EVENTS_PER_APPEND = 10_000;
/**
 * Most events one `readAll` may return.
 *
 * @example
 * ```ts
 * await store.readAll({ maxCount: MAX_READ_COUNT });
 * ```
 */
export const MAX_READ_COUNT = 100_000;

const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, then random bits. Ids that rise with time
 * keep the store's unique index on event ids append-mostly, instead of touching a random page of
 * it for every event (a large difference once the index outgrows the cache).
 *
 * @example
 * ```ts
 * uuidv7(runtime.clock.nowMs()); // e.g. '019aa6d2-4f1c-7b3e-9d2a-5c0e8f7a1b2c'
 * ```
 */
export function uuidv7(nowMs: number): string {
  if (randomOffset + 10 > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  const ms = Math.max(0, Math.floor(nowMs));
  bytes.writeUIntBE(ms % 2 ** 48, 0, 6);
  randomPool.copy(bytes, 6, randomOffset, randomOffset + 10);
  randomOffset += 10;
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An event checked and serialised, ready for a store to write.
 *
 * @example
 * ```ts
 * const [prepared] = prepareEvents([{ type: 'Opened', data: {} }]); prepared.idGiven; // false
 * ```
 */
export interface PreparedEvent {
  readonly id: string;
  /** Whether the caller chose the id (only those can repeat: generated UUIDs are unique). */
  readonly idGiven: boolean;
  readonly type: string;
  readonly schemaVersion: number;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Throws {@link EventStoreInputError} `INVALID_STREAM_NAME` unless `streamId` is a non-empty
 * string of at most 256 characters without control characters or surrounding whitespace.
 *
 * @example
 * ```ts
 * validateStreamName('account-42'); // ok
 * validateStreamName(' x');         // throws
 * ```
 */
export function validateStreamName(streamId: unknown): asserts streamId is string {
  const problem =
    typeof streamId !== 'string' ? 'must be a string'
    : streamId.length === 0 ? 'must not be empty'
    : streamId.length > MAX_STREAM_NAME_LENGTH ? `must be at most ${MAX_STREAM_NAME_LENGTH} characters (got ${streamId.length})`
    : CONTROL_CHARACTERS.test(streamId) ? 'must not contain control characters'
    : textProblem(streamId) !== undefined ? `must not contain lone UTF-16 surrogates`
    : streamId.trim() !== streamId ? 'must not start or end with whitespace'
    : undefined;
  if (problem !== undefined) throw new EventStoreInputError('INVALID_STREAM_NAME', `Invalid stream name ${describeValue(streamId)}: it ${problem}`);
}

/**
 * The category of a stream: its name up to the first `-` (Message DB's convention), or the whole
 * name when it has none.
 *
 * @example
 * ```ts
 * categoryOf('account-42'); // 'account'
 * categoryOf('order-7-lines'); // 'order'
 * ```
 */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

function serialise(value: unknown, what: string, index: number): string {
  try {
    return storableJson(value);
  } catch (error) {
    throw new EventStoreInputError('UNSERIALISABLE_EVENT', `events[${index}].${what} cannot be stored: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Largest `schemaVersion` (2^31 - 1: PostgreSQL keeps it in an `integer`).
 *
 * @example
 * ```ts
 * await store.append('a-1', [{ type: 'Opened', schemaVersion: MAX_SCHEMA_VERSION, data: {} }]);
 * ```
 */
export const MAX_SCHEMA_VERSION = 2 ** 31 - 1;

function storableText(value: string, field: string, index: number): string {
  const problem = textProblem(value);
  if (problem !== undefined) throw new EventStoreInputError('INVALID_EVENT', `events[${index}].${field} ${problem}, which no store can keep`);
  return value;
}

function optionalString(value: unknown, field: string, index: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw new EventStoreInputError('INVALID_EVENT', `events[${index}].${field} must be a non-empty string of at most 256 characters, received ${describeValue(value)}`);
  }
  return storableText(value, field, index);
}

/**
 * Checks a batch of events and serialises each, or throws {@link EventStoreInputError} for the
 * first bad one; nothing is written when it throws. Events without an id get a UUIDv7 for `nowMs`.
 *
 * @example
 * ```ts
 * const [prepared] = prepareEvents([{ type: 'Opened', data: { owner: 'ada' } }]);
 * prepared.dataJson; // '{"owner":"ada"}'
 * ```
 */
export function prepareEvents(events: readonly EventToAppend[], maxEventBytes = DEFAULT_MAX_EVENT_BYTES, nowMs = 0): PreparedEvent[] {
  if (!Array.isArray(events)) throw new EventStoreInputError('INVALID_EVENT', `events must be an array, received ${describeValue(events)}`);
  if (events.length > MAX_EVENTS_PER_APPEND) throw new EventStoreInputError('INVALID_EVENT', `An append carries at most ${MAX_EVENTS_PER_APPEND} events, received ${events.length}`);
  const ids = new Set<string>();
  return events.map((event, index) => {
    if (typeof event !== 'object' || event === null) throw new EventStoreInputError('INVALID_EVENT', `events[${index}] must be an object, received ${describeValue(event)}`);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 256) {
      throw new EventStoreInputError('INVALID_EVENT', `events[${index}].type must be a non-empty string of at most 256 characters, received ${describeValue(event.type)}`);
    }
    storableText(event.type, 'type', index);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > MAX_SCHEMA_VERSION) {
      throw new EventStoreInputError('INVALID_EVENT', `events[${index}].schemaVersion must be an integer in 1..${MAX_SCHEMA_VERSION}, received ${describeValue(event.schemaVersion)}`);
    }
    const givenId = optionalString(event.id, 'id', index);
    const id = givenId ?? uuidv7(nowMs);
    if (ids.has(id)) throw new EventStoreInputError('DUPLICATE_EVENT_ID', `events[${index}].id ${JSON.stringify(id)} appears twice in the same append`);
    ids.add(id);
    const dataJson = serialise(event.data, 'data', index);
    const metadataJson = event.metadata === undefined ? '{}' : serialise(event.metadata, 'metadata', index);
    if (event.metadata !== undefined && (typeof event.metadata !== 'object' || event.metadata === null || Array.isArray(event.metadata))) {
      throw new EventStoreInputError('INVALID_EVENT', `events[${index}].metadata must be an object, received ${describeValue(event.metadata)}`);
    }
    // A UTF-16 code unit is at most 3 UTF-8 bytes: count bytes only when the limit may be near.
    const bytes = (dataJson.length + metadataJson.length) * 3 <= maxEventBytes ? 0 : Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
    if (bytes > maxEventBytes) {
      throw new EventStoreInputError('EVENT_TOO_LARGE', `events[${index}] (${event.type}) is ${bytes} bytes serialised, more than the limit of ${maxEventBytes} bytes`);
    }
    return {
      id,
      idGiven: givenId !== null,
      type: event.type,
      schemaVersion,
      dataJson,
      metadataJson,
      correlationId: optionalString(event.correlationId, 'correlationId', index),
      causationId: optionalString(event.causationId, 'causationId', index),
    };
  });
}

/**
 * Throws a `RangeError` unless `expected` is a valid {@link ExpectedVersion}.
 *
 * @example
 * ```ts
 * validateExpectedVersion(-2); // throws RangeError
 * ```
 */
export function validateExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw invalidOption('expectedVersion', expected, "'any', 'no_stream', 'stream_exists' or an integer >= 0");
}

/**
 * Whether a stream at `actualVersion` (0 = no stream) satisfies `expected`.
 *
 * @example
 * ```ts
 * versionMatches('no_stream', 0); // true
 * versionMatches(3, 4);           // false
 * ```
 */
export function versionMatches(expected: ExpectedVersion, actualVersion: number): boolean {
  switch (expected) {
    case 'any': return true;
    case 'no_stream': return actualVersion === 0;
    case 'stream_exists': return actualVersion > 0;
    default: return expected === actualVersion;
  }
}

/**
 * `options.maxCount` checked (an integer in 1..100,000), or the default.
 *
 * @example
 * ```ts
 * readCount(undefined, 1_000); // 1000
 * ```
 */
export function readCount(maxCount: number | undefined, fallback: number): number {
  if (maxCount === undefined) return fallback;
  if (!Number.isSafeInteger(maxCount) || maxCount < 1 || maxCount > MAX_READ_COUNT) throw invalidOption('maxCount', maxCount, `an integer in 1..${MAX_READ_COUNT}`);
  return maxCount;
}

/**
 * The checked `readAll` filters.
 *
 * @example
 * ```ts
 * readAllFilters({ category: 'account' }); // { category: 'account', eventTypes: undefined }
 * ```
 */
export function readAllFilters(options: ReadAllOptions): { category: string | undefined; eventTypes: readonly string[] | undefined } {
  if (options.category !== undefined && (typeof options.category !== 'string' || options.category.length === 0)) throw invalidOption('category', options.category, 'a non-empty string');
  if (options.eventTypes !== undefined && (!Array.isArray(options.eventTypes) || options.eventTypes.some((type) => typeof type !== 'string'))) {
    throw invalidOption('eventTypes', options.eventTypes, 'an array of strings');
  }
  return { category: options.category, eventTypes: options.eventTypes };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Returns `name` if it is a safe SQL identifier (lower-case letters, digits, `_`, not starting
 * with a digit, at most 63 characters), else throws a `RangeError` naming the option. Schema and
 * table names are the only things pacelc puts into SQL text; values are always parameters.
 *
 * @example
 * ```ts
 * sqlIdentifier('schema', 'pacelc_events'); // 'pacelc_events'
 * sqlIdentifier('schema', 'x; drop table'); // throws RangeError
 * ```
 */
export function sqlIdentifier(option: string, name: unknown): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) throw invalidOption(option, name, 'an SQL identifier: lower-case letters, digits and _, not starting with a digit, at most 63 characters');
  return name;
}
