import { Agent, createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidOption } from '../../errors.js';
import { checkOptionsObject, numberOption, optionalFunction, optionalObjectWith, wrongType } from '../../options.js';
import { systemRuntime, type Runtime } from '../../runtime/index.js';
import type { Balancer } from '../balancers/balancer.js';
import { DiscoveryClient } from '../discovery-client.js';
import type { Endpoint } from '../endpoint.js';
import { NoInstanceAvailableError } from '../errors.js';
import type { OutlierDetectionOptions } from '../outlier-detection.js';
import type { Registry } from '../registry.js';

/** Where a request goes: the service and the path to send upstream. */
export interface ProxyRoute {
  readonly service: string;
  readonly path: string;
}

/** Options of {@link startDiscoveryProxy}. */
export interface DiscoveryProxyOptions {
  readonly registry: Registry;
  /** Port to listen on (0: a free one). Default 0. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Maps a request to a service. Default: the first path segment, `/payments/v1/x` → payments, `/v1/x`. */
  readonly route?: (request: IncomingMessage) => ProxyRoute | undefined;
  /** A balancer per service. Default: power of two choices on requests in flight. */
  readonly balancer?: (service: string) => Balancer;
  readonly outlierDetection?: OutlierDetectionOptions | false;
  /**
   * Time budget of one attempt, for the whole exchange: connecting, the answer's headers and its
   * whole body (a body still streaming when it runs out is cut). 1..2^31-1 ms. Default 10 s.
   */
  readonly timeoutMs?: number;
  /**
   * The only services the proxy resolves; any other name is answered 404 at once, with no watcher
   * and no trace in the health report. Default: any name the registry has instances of, checked
   * with one read (no watcher) before a watcher is kept for it.
   */
  readonly services?: readonly string[];
  /** Most services watched at once (1..10,000); past it the least recently used one is dropped. Default 100. */
  readonly maxServices?: number;
  /** A service not requested for this long is dropped (its watcher closed), in ms. Default 10 minutes. */
  readonly serviceIdleMs?: number;
  /** Most upstream connections open at once, all services together (1..65,536). Default 256. */
  readonly maxSockets?: number;
  /** Attempts for idempotent bodiless methods (GET, HEAD, OPTIONS, DELETE), the first included. Default 2. */
  readonly attempts?: number;
  /** Where the proxy answers for its own health. Default `/_pacelc/health`. */
  readonly healthPath?: string;
  readonly runtime?: Runtime;
}

/** A running proxy. */
export interface DiscoveryProxy {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const retriableMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);
// RFC 9110 §7.6.1: hop-by-hop fields, never forwarded, plus the proxy's own credentials (RFC 9110 §11.7).
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-authenticate']);

/** The headers to pass on: without hop-by-hop fields, including every field the `Connection` header names. */
function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter((token) => token !== ''),
  );
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !hopByHop.has(name) && !named.has(name)) kept[name] = value;
  return kept;
}

interface Watched {
  readonly client: Promise<DiscoveryClient>;
  lastUsedMs: number;
}

/**
 * Server-side discovery: an HTTP reverse proxy that routes by service name through the registry
 * and a balancer, skips draining, critical and ejected instances, applies a per-attempt timeout,
 * retries idempotent bodiless requests on another instance, and answers for its own health. For
 * clients that cannot embed {@link DiscoveryClient}.
 *
 * @example
 * ```ts
 * import { startDiscoveryProxy } from 'pacelc/discovery';
 * const proxy = await startDiscoveryProxy({ registry, port: 8080 });
 * // curl http://127.0.0.1:8080/payments/v1/charges → a passing payments instance, /v1/charges
 * ```
 */
export async function startDiscoveryProxy(options: DiscoveryProxyOptions): Promise<DiscoveryProxy> {
  const runtime = options.runtime ?? systemRuntime();
  checkOptionsObject('startDiscoveryProxy', options);
  optionalObjectWith('registry', options.registry, ['instances', 'watch'], 'a Registry');
  if (options.registry === undefined) throw wrongType('registry', undefined, 'a Registry');
  const timeoutMs = numberOption('timeoutMs', options.timeoutMs, 10_000, { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
  const attempts = numberOption('attempts', options.attempts, 2, { min: 1, max: 10, integer: true });
  const maxServices = numberOption('maxServices', options.maxServices, 100, { min: 1, max: 10_000, integer: true });
  const serviceIdleMs = numberOption('serviceIdleMs', options.serviceIdleMs, 600_000, { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
  const maxSockets = numberOption('maxSockets', options.maxSockets, 256, { min: 1, max: 65_536, integer: true });
  const healthPath = options.healthPath ?? '/_pacelc/health';
  if (typeof healthPath !== 'string' || !healthPath.startsWith('/')) throw invalidOption('healthPath', options.healthPath, 'a path starting with /');
  optionalFunction('route', options.route);
  optionalFunction('balancer', options.balancer);
  if (options.services !== undefined && (!Array.isArray(options.services) || options.services.some((name) => typeof name !== 'string' || name === ''))) throw wrongType('services', options.services, 'a list of service names');
  const known = options.services === undefined ? undefined : new Set(options.services);
  const route = options.route ?? routeByFirstSegment;
  const agent = new Agent({ keepAlive: true, maxSockets });
  const clients = new Map<string, Watched>();

  /** Closes the watchers of services idle for serviceIdleMs, and the least recently used ones past maxServices. */
  const evict = (nowMs: number, room: number): void => {
    const byAge = [...clients.entries()].sort((a, b) => a[1].lastUsedMs - b[1].lastUsedMs);
    for (const [service, watched] of byAge) {
      if (nowMs - watched.lastUsedMs < serviceIdleMs && clients.size + room <= maxServices) break;
      clients.delete(service);
      void watched.client.then((client) => client.close()).catch(() => undefined);
    }
  };

  /** The service's client, or undefined for a name the proxy does not resolve (no watcher is made for it). */
  const clientFor = async (service: string): Promise<DiscoveryClient | undefined> => {
    const nowMs = runtime.clock.monotonicMs();
    const watched = clients.get(service);
    if (watched !== undefined) {
      watched.lastUsedMs = nowMs;
      return watched.client;
    }
    if (known !== undefined ? !known.has(service) : (await options.registry.instances(service)).length === 0) return undefined;
    const again = clients.get(service); // created by a request that read the registry at the same time
    if (again !== undefined) return again.client;
    evict(nowMs, 1);
    {
      const created = new DiscoveryClient({
        registry: options.registry,
        service,
        runtime,
        ...(options.balancer === undefined ? {} : { balancer: options.balancer(service) }),
        ...(options.outlierDetection === undefined ? {} : { outlierDetection: options.outlierDetection }),
      });
      const client = created.start().then(() => created);
      clients.set(service, { client, lastUsedMs: nowMs });
      return client;
    }
  };

  const forward = (endpoint: Endpoint, request: IncomingMessage, path: string, body: Buffer | undefined, response: ServerResponse): Promise<'done' | 'retry' | 'gone'> =>
    new Promise((resolve) => {
      const headers = endToEnd(request.headers);
      headers['x-forwarded-for'] = request.socket.remoteAddress ?? '';
      const upstream = httpRequest({ host: endpoint.instance.host, port: endpoint.instance.port, method: request.method, path, headers, agent });
      let settled = false;
      const settle = (outcome: 'done' | 'retry' | 'gone'): void => {
        if (settled) return;
        settled = true;
        timer.cancel();
        response.off('close', onClientGone);
        resolve(outcome);
      };
      // The client left (before or while the answer streams, or while this request still waits
      // for a socket): abort upstream, so its socket is freed instead of held to the end.
      const onClientGone = (): void => {
        if (response.writableFinished) return;
        upstream.destroy(new Error('the client went away'));
        settle('gone');
      };
      response.on('close', onClientGone);
      // One budget for the whole exchange, the body included.
      const timer = runtime.setTimer(timeoutMs, () => {
        const error = new Error(`upstream exchange exceeded ${timeoutMs} ms`);
        upstream.destroy(error);
        if (response.headersSent) {
          response.destroy(error);
          settle('done');
        }
      });
      upstream.on('response', (answer) => {
        response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(response);
        answer.on('end', () => settle('done'));
        answer.on('error', (error) => {
          response.destroy(error);
          settle('done');
        });
        answer.on('aborted', () => {
          response.destroy(new Error('upstream aborted'));
          settle('done');
        });
      });
      upstream.on('error', (error) => {
        if (response.headersSent) {
          response.destroy(error);
          settle('done');
        } else settle('retry');
      });
      if (body !== undefined) upstream.end(body);
      else request.pipe(upstream);
    });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.url === healthPath) {
      evict(runtime.clock.monotonicMs(), 0);
      const services: Record<string, number> = {};
      for (const [service, watched] of clients) services[service] = (await watched.client).snapshot().available;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', services }));
      return;
    }
    const target = route(request);
    if (target === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no service named in the request path\n');
      return;
    }
    const client = await clientFor(target.service);
    if (client === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no service ${JSON.stringify(target.service)} is known to this proxy\n`);
      return;
    }
    const retriable = retriableMethods.has(request.method ?? 'GET') && (request.headers['content-length'] ?? '0') === '0' && request.headers['transfer-encoding'] === undefined;
    const empty = retriable ? Buffer.alloc(0) : undefined;
    const tried = new Set<string>();
    for (let attempt = 1; attempt <= (retriable ? attempts : 1); attempt++) {
      let endpoint: Endpoint;
      try {
        endpoint = client.pick();
        // Prefer an instance not tried yet for a retry.
        for (let repick = 0; repick < 3 && tried.has(endpoint.instance.id); repick++) endpoint = client.pick();
      } catch (error) {
        const status = error instanceof NoInstanceAvailableError ? 503 : 500;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(`${error instanceof Error ? error.message : String(error)}\n`);
        return;
      }
      tried.add(endpoint.instance.id);
      const startedMs = runtime.clock.monotonicMs();
      endpoint.outstanding++;
      const outcome = await forward(endpoint, request, target.path, empty, response);
      endpoint.outstanding--;
      if (outcome === 'gone') return; // says nothing about the instance
      const ok = outcome === 'done' && response.statusCode < 500;
      client.report(endpoint, ok, runtime.clock.monotonicMs() - startedMs);
      if (outcome === 'done') return;
    }
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' }).end(`no instance of ${target.service} answered\n`);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`proxy error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    close: async () => {
      for (const watched of clients.values()) await (await watched.client).close();
      clients.clear();
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `/service/rest...` → service and `/rest...`. */
export function routeByFirstSegment(request: IncomingMessage): ProxyRoute | undefined {
  const url = request.url ?? '/';
  const match = /^\/([A-Za-z0-9][A-Za-z0-9._-]*)(\/.*|\?.*)?$/.exec(url);
  if (match === null) return undefined;
  const rest = match[2] ?? '/';
  return { service: match[1] as string, path: rest.startsWith('?') ? `/${rest}` : rest };
}
