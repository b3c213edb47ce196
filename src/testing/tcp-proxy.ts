// Test support (not shipped): a fault-injecting TCP proxy. Point a client at the proxy instead of the
// real service, then break the path at runtime — refuse, hold or blackhole connections, cut them,
// add latency — without touching the shared service itself.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { systemRuntime } from '../runtime/index.js';

/** What happens to connections. */
export type TcpProxyMode =
  /** Forward both ways (the default). */
  | 'forward'
  /** New connections are accepted and reset at once, like a crashed server; existing ones carry on. */
  | 'refuse'
  /** New connections are accepted but held, unanswered, until the mode changes (a stuck accept queue). */
  | 'pause'
  /** Every connection, new and existing, stays open but all bytes are dropped both ways (a network partition). */
  | 'blackhole';

export interface TcpProxyOptions {
  /** Where to forward to. */
  readonly target: { readonly host: string; readonly port: number };
  /** Address to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on. Default 0: a free port. */
  readonly port?: number;
}

interface Link {
  readonly client: Socket;
  upstream: Socket | undefined;
}

/**
 * A running proxy (from {@link startTcpProxy}).
 *
 * @example
 * ```ts
 * const proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: 6379 } });
 * const redis = new Redis({ port: proxy.port });
 * proxy.setMode('blackhole'); // Redis is now unreachable for this client only
 * proxy.cutConnections();     // and its open connections are reset
 * proxy.heal();
 * await proxy.close();
 * ```
 */
export class TcpProxy {
  private mode: TcpProxyMode = 'forward';
  private latencyMs = 0;
  private readonly links = new Set<Link>();

  constructor(private readonly server: Server, private readonly target: TcpProxyOptions['target'], readonly host: string, readonly port: number) {
    server.on('connection', (client) => this.accept(client));
  }

  /** `redis://host:port`-style address of the proxy for a given scheme. */
  url(scheme: string): string {
    return `${scheme}://${this.host}:${this.port}`;
  }

  /** Open client connections. */
  get connections(): number {
    return this.links.size;
  }

  get currentMode(): TcpProxyMode {
    return this.mode;
  }

  /** Changes what happens to connections from now on (see {@link TcpProxyMode}). Leaving `pause` forwards the held connections. */
  setMode(mode: TcpProxyMode): void {
    this.mode = mode;
    if (mode === 'forward') for (const link of this.links) if (link.upstream === undefined) this.open(link);
    if (mode === 'refuse') for (const link of this.links) if (link.upstream === undefined) link.client.resetAndDestroy();
  }

  /** Delays every chunk, both ways, by `latencyMs` (order is kept). 0 removes the delay. */
  setLatency(latencyMs: number): void {
    this.latencyMs = latencyMs;
  }

  /** Resets every open connection (clients see ECONNRESET); new ones follow the mode. */
  cutConnections(): void {
    for (const link of this.links) {
      link.client.resetAndDestroy();
      link.upstream?.destroy();
    }
    this.links.clear();
  }

  /** Back to plain forwarding without latency. */
  heal(): void {
    this.latencyMs = 0;
    this.setMode('forward');
  }

  /** Cuts every connection and stops listening. */
  async close(): Promise<void> {
    this.cutConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => {});
    if (this.mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const link: Link = { client, upstream: undefined };
    this.links.add(link);
    client.on('close', () => {
      this.links.delete(link);
      link.upstream?.destroy();
    });
    client.on('data', (chunk) => {
      if (link.upstream !== undefined) this.relay(chunk, link.upstream);
    });
    if (this.mode === 'forward' || this.mode === 'blackhole') this.open(link);
    else client.pause();
  }

  private open(link: Link): void {
    const upstream = connect({ host: this.target.host, port: this.target.port });
    link.upstream = upstream;
    upstream.on('error', () => link.client.destroy());
    upstream.on('close', () => link.client.destroy());
    upstream.on('data', (chunk) => this.relay(chunk, link.client));
    link.client.resume();
  }

  private relay(chunk: Buffer, to: Socket): void {
    if (this.mode === 'blackhole') return;
    if (this.latencyMs <= 0) {
      if (!to.destroyed) to.write(chunk);
      return;
    }
    systemRuntime().setTimer(this.latencyMs, () => {
      if (this.mode !== 'blackhole' && !to.destroyed) to.write(chunk);
    });
  }
}

/**
 * Starts a {@link TcpProxy} in front of `target` on a free local port.
 *
 * @example
 * ```ts
 * const proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: 5432 } });
 * ```
 */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const server = createServer({ pauseOnConnect: false });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tcp proxy: no port');
  return new TcpProxy(server, options.target, host, address.port);
}
