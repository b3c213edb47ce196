import { PacelcError } from '../errors.js';

/**
 * An instance id registered again with a different address: two processes claim one identity,
 * which would route one's traffic to the other. Deregister the old one first.
 *
 * @example
 * ```ts
 * try { await registry.register(instance, { ttlMs: 10_000 }); }
 * catch (error) { if (error instanceof DuplicateInstanceError) console.error(error.existingAddress); }
 * ```
 */
export class DuplicateInstanceError extends PacelcError {
  readonly existingAddress: string;

  constructor(service: string, id: string, existingAddress: string, address: string) {
    super('DUPLICATE_INSTANCE', `${service}/${id} is already registered at ${existingAddress}; refusing to register it at ${address}`, { outcome: 'definite' });
    this.existingAddress = existingAddress;
  }
}

/** A heartbeat or status change for an instance the registry does not hold (its lease expired): register again. */
export class InstanceNotFoundError extends PacelcError {
  constructor(service: string, id: string) {
    super('INSTANCE_NOT_FOUND', `${service}/${id} is not registered (its lease may have expired): register it again`, { outcome: 'definite' });
  }
}

/** No instance could take the request (none registered, all ejected or draining). */
export class NoInstanceAvailableError extends PacelcError {
  constructor(service: string, detail: string) {
    super('NO_INSTANCE_AVAILABLE', `no instance of ${service} available: ${detail}`, { outcome: 'definite' });
  }
}

/** The registry could not be reached; clients keep their last snapshot (fail-static). */
export class RegistryUnavailableError extends PacelcError {
  constructor(message: string, cause: unknown) {
    super('REGISTRY_UNAVAILABLE', message, { cause, outcome: 'unknown' });
  }
}
