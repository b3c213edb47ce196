import { Agent, createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidOption } from '../../errors.js';
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
  /** Upstream time budget per attempt. Default 10 s. */
  readonly timeoutMs?: number;
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
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

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
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts = options.attempts ?? 2;
  const healthPath = options.healthPath ?? '/_pacelc/health';
  if (!(timeoutMs > 0)) throw invalidOption('timeoutMs', options.timeoutMs, 'a number of ms > 0');
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) throw invalidOption('attempts', options.attempts, 'an integer from 1 to 10');
  const route = options.route ?? routeByFirstSegment;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const clients = new Map<string, Promise<DiscoveryClient>>();

  const clientFor = (service: string): Promise<DiscoveryClient> => {
    let client = clients.get(service);
    if (client === undefined) {
      const created = new DiscoveryClient({
        registry: options.registry,
        service,
        runtime,
        ...(options.balancer === undefined ? {} : { balancer: options.balancer(service) }),
        ...(options.outlierDetection === undefined ? {} : { outlierDetection: options.outlierDetection }),
      });
      client = created.start().then(() => created);
      clients.set(service, client);
    }
    return client;
  };

  const forward = (endpoint: Endpoint, request: IncomingMessage, path: string, body: Buffer | undefined, response: ServerResponse): Promise<'done' | 'retry'> =>
    new Promise((resolve) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
      headers['x-forwarded-for'] = request.socket.remoteAddress ?? '';
      const upstream = httpRequest({ host: endpoint.instance.host, port: endpoint.instance.port, method: request.method, path, headers, agent });
      const timer = runtime.setTimer(timeoutMs, () => upstream.destroy(new Error(`upstream timed out after ${timeoutMs} ms`)));
      upstream.on('response', (answer) => {
        timer.cancel();
        const outgoing: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !hopByHop.has(name)) outgoing[name] = value;
        response.writeHead(answer.statusCode ?? 502, outgoing);
        answer.pipe(response);
        answer.on('end', () => resolve('done'));
        answer.on('error', () => resolve('done'));
      });
      upstream.on('error', (error) => {
        timer.cancel();
        if (response.headersSent) {
          response.destroy(error);
          resolve('done');
        } else resolve('retry');
      });
      if (body !== undefined) upstream.end(body);
      else request.pipe(upstream);
    });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.url === healthPath) {
      const services: Record<string, number> = {};
      for (const [service, client] of clients) services[service] = (await client).snapshot().available;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', services }));
      return;
    }
    const target = route(request);
    if (target === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no service named in the request path\n');
      return;
    }
    const client = await clientFor(target.service);
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
      for (const client of clients.values()) await (await client).close();
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
