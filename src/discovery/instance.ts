import { InputError } from '../errors.js';

/**
 * A running copy of a service, as it registers itself.
 *
 * @example
 * ```ts
 * const instance: InstanceInput = { service: 'payments', id: 'payments-7f9c', address: '10.0.3.7:8080', zone: 'eu-west-1a', weight: 2 };
 * ```
 */
export interface InstanceInput {
  readonly service: string;
  /** Unique within the service; stable across heartbeats (a pod name, a UUID). */
  readonly id: string;
  /** `host:port` (IPv6 hosts in brackets: `[::1]:8080`). */
  readonly address: string;
  /** Availability zone, for zone-aware balancing. */
  readonly zone?: string;
  readonly region?: string;
  /** Relative capacity for weighted balancing (> 0). Default 1. */
  readonly weight?: number;
  readonly version?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * `passing` instances take traffic; `draining` ones finish in-flight work and take no new work;
 * `critical` ones failed their health checks and are removed after a bounded time.
 */
export type InstanceStatus = 'passing' | 'draining' | 'critical';

/** An instance as the registry holds it: every default filled in, its status and lease. */
export interface ServiceInstance {
  readonly service: string;
  readonly id: string;
  readonly address: string;
  readonly host: string;
  readonly port: number;
  readonly zone?: string;
  readonly region?: string;
  readonly weight: number;
  readonly version?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly status: InstanceStatus;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Validates an instance and fills in its defaults; every problem is reported at once as an
 * {@link InputError} naming the field.
 *
 * @example
 * ```ts
 * normalizeInstance({ service: 'api', id: 'a1', address: '127.0.0.1:80' }).port; // 80
 * normalizeInstance({ service: 'api', id: 'a1', address: 'nope' }); // InputError: address: expected host:port ...
 * ```
 */
export function normalizeInstance(input: InstanceInput, status: InstanceStatus = 'passing'): ServiceInstance {
  const problems: Array<{ path: string; message: string }> = [];
  if (typeof input.service !== 'string' || !namePattern.test(input.service)) {
    problems.push({ path: 'service', message: `expected a name of letters, digits, ".", "_" or "-" (at most 128), found ${JSON.stringify(input.service)}` });
  }
  if (typeof input.id !== 'string' || !namePattern.test(input.id)) {
    problems.push({ path: 'id', message: `expected a name of letters, digits, ".", "_" or "-" (at most 128), found ${JSON.stringify(input.id)}` });
  }
  const parsed = parseAddress(input.address);
  if (parsed === undefined) problems.push({ path: 'address', message: `expected host:port with a port from 1 to 65535, found ${JSON.stringify(input.address)}` });
  const weight = input.weight ?? 1;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0 || weight > 1_000_000) {
    problems.push({ path: 'weight', message: `expected a number > 0 and at most 1000000, found ${JSON.stringify(input.weight)}` });
  }
  if (problems.length > 0 || parsed === undefined) {
    const subject = typeof input.id === 'string' ? `instance ${input.service}/${input.id}` : 'instance';
    throw new InputError(problems.map((problem) => ({ ...problem, path: `${subject}.${problem.path}` })));
  }
  return {
    service: input.service,
    id: input.id,
    address: input.address,
    host: parsed.host,
    port: parsed.port,
    ...(input.zone === undefined ? {} : { zone: input.zone }),
    ...(input.region === undefined ? {} : { region: input.region }),
    weight,
    ...(input.version === undefined ? {} : { version: input.version }),
    metadata: { ...(input.metadata ?? {}) },
    status,
  };
}

/** `host:port` → its parts, or undefined when malformed. */
export function parseAddress(address: unknown): { host: string; port: number } | undefined {
  if (typeof address !== 'string') return undefined;
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(address);
  if (match === null) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: (match[1] ?? match[2]) as string, port };
}

/** Two registrations describe the same endpoint (a re-registration after a restart, not a clash). */
export function sameEndpoint(a: ServiceInstance, b: ServiceInstance): boolean {
  return a.address === b.address;
}
