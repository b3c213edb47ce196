// Issue 20, items 4, 5 and 13 (proxy part): clients that leave mid-stream or while waiting for a
// socket, a body that never ends, random service names, and hop-by-hop headers. Private backends
// on free ports; nothing shared is touched.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { MemoryRegistry } from '../memory-registry.js';
import type { Registry } from '../registry.js';
import { startDiscoveryProxy, type DiscoveryProxyOptions } from './discovery-proxy.js';

const runtime = createSystemRuntime({ seed: 4 });

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  for (let waitedMs = 0; !check(); waitedMs += 10) {
    if (waitedMs > timeoutMs) throw new Error('condition not reached in time');
    await runtime.sleep(10);
  }
}

describe('discovery proxy against hostile clients', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A backend whose /stream sends headers and one chunk, then never ends; other paths echo the headers. */
  async function setUp(options: Partial<DiscoveryProxyOptions> = {}, wrap: (registry: Registry) => Registry = (registry) => registry) {
    const open: IncomingMessage[] = [];
    let closed = 0;
    let received = 0;
    const server: Server = createServer((incoming, response) => {
      received++;
      if (incoming.url?.startsWith('/stream') === true) {
        open.push(incoming);
        response.on('close', () => closed++);
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first chunk\n');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(incoming.headers));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const registry = new MemoryRegistry({ runtime });
    cleanups.push(() => registry.close());
    await registry.register({ service: 'echo', id: 'b0', address: `127.0.0.1:${(server.address() as AddressInfo).port}` }, { ttlMs: 60_000 });
    await registry.register({ service: 'hidden', id: 'h0', address: `127.0.0.1:${(server.address() as AddressInfo).port}` }, { ttlMs: 60_000 });
    const proxy = await startDiscoveryProxy({ registry: wrap(registry), runtime, timeoutMs: 2_000, ...options });
    cleanups.push(() => proxy.close());
    return { proxy, counts: () => ({ closed, received }), registry };
  }

  /** Opens a request, waits for the first bytes of the answer, then leaves. */
  function readFirstChunkAndLeave(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const outgoing = request(url, (response) => {
        response.once('data', () => {
          outgoing.destroy();
          resolve();
        });
      });
      outgoing.on('error', () => undefined);
      outgoing.setTimeout(3_000, () => reject(new Error('no first chunk')));
      outgoing.end();
    });
  }

  function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = request(url, { headers }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  }

  it('aborts the upstream request when the client leaves mid-stream, so sockets are not held', async () => {
    const { proxy, counts } = await setUp({ maxSockets: 2 });
    for (let index = 0; index < 6; index++) await readFirstChunkAndLeave(`${proxy.url}/echo/stream`);
    await until(() => counts().closed === 6);
    // with only 2 upstream sockets, a held one would make this wait until the timeout
    expect((await get(`${proxy.url}/echo/headers`)).status).toBe(200);
  });

  it('drops a request whose client left while it waited for a socket: it never reaches the service', async () => {
    const { proxy, counts } = await setUp({ maxSockets: 1 });
    const holding = new Promise<() => void>((resolve) => {
      const outgoing = request(`${proxy.url}/echo/stream`, (response) => response.once('data', () => resolve(() => outgoing.destroy())));
      outgoing.on('error', () => undefined);
      outgoing.end();
    });
    const leave = await holding;
    const queued = request(`${proxy.url}/echo/stream?queued`);
    queued.on('error', () => undefined);
    queued.end();
    await runtime.sleep(50);
    queued.destroy(); // leaves while its upstream request waits for the only socket
    await runtime.sleep(50);
    leave();
    await until(() => counts().closed === 1);
    expect((await get(`${proxy.url}/echo/headers`)).status).toBe(200);
    expect(counts().received).toBe(2); // the stream and the last request; never the queued one
  });

  it('applies timeoutMs to the whole exchange: a body that never ends is cut', async () => {
    const { proxy, counts } = await setUp({ timeoutMs: 200 });
    const outcome = await new Promise<string>((resolve) => {
      const outgoing = request(`${proxy.url}/echo/stream`, (response) => {
        response.on('end', () => resolve('ended'));
        response.on('error', () => resolve('cut'));
        response.on('aborted', () => resolve('cut'));
        response.resume();
      });
      outgoing.on('error', () => resolve('cut'));
      outgoing.end();
    });
    expect(outcome).toBe('cut');
    await until(() => counts().closed === 1);
  });

  it('answers 404 to names it does not know, without a watcher, and keeps them out of its health report', async () => {
    let watches = 0;
    const { proxy } = await setUp({}, (registry) =>
      new Proxy(registry, {
        get: (target, property) => {
          const value = Reflect.get(target, property) as unknown;
          if (typeof value !== 'function') return value;
          const method = (value as (...args: unknown[]) => unknown).bind(target);
          return property === 'watch' ? (...args: unknown[]) => (watches++, method(...args)) : method;
        },
      }),
    );
    for (let index = 0; index < 50; index++) expect((await get(`${proxy.url}/random-${index}/x`)).status).toBe(404);
    expect(watches).toBe(0);
    expect((await get(`${proxy.url}/echo/headers`)).status).toBe(200);
    expect(watches).toBe(1);
    expect(JSON.parse((await get(`${proxy.url}/_pacelc/health`)).text)).toEqual({ status: 'ok', services: { echo: 1 } });
  });

  it('resolves only the configured services, and watches at most maxServices at once', async () => {
    const { proxy } = await setUp({ services: ['echo'] });
    expect((await get(`${proxy.url}/hidden/headers`)).status).toBe(404);
    expect((await get(`${proxy.url}/echo/headers`)).status).toBe(200);
    const bounded = await setUp({ maxServices: 1 });
    expect((await get(`${bounded.proxy.url}/echo/headers`)).status).toBe(200);
    expect((await get(`${bounded.proxy.url}/hidden/headers`)).status).toBe(200);
    expect(Object.keys((JSON.parse((await get(`${bounded.proxy.url}/_pacelc/health`)).text) as { services: object }).services)).toEqual(['hidden']);
  });

  it('does not forward headers named in Connection, nor Proxy-Authorization', async () => {
    const { proxy } = await setUp();
    const answer = await get(`${proxy.url}/echo/headers`, { connection: 'keep-alive, X-Secret', 'x-secret': 'hop', 'proxy-authorization': 'Basic cHJveHk6c2VjcmV0', 'x-kept': 'end-to-end' });
    const seen = JSON.parse(answer.text) as Record<string, string>;
    expect(seen['x-kept']).toBe('end-to-end');
    expect(seen['x-secret']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
  });

  it('checks its options when started', async () => {
    const registry = new MemoryRegistry({ runtime });
    cleanups.push(() => registry.close());
    await expect(startDiscoveryProxy({ registry, timeoutMs: '5' as unknown as number })).rejects.toThrow(/timeoutMs.*"5"/);
    await expect(startDiscoveryProxy({ registry, maxServices: 0 })).rejects.toThrow(RangeError);
    await expect(startDiscoveryProxy({ registry, services: 'echo' as unknown as string[] })).rejects.toThrow(TypeError);
  });
});
