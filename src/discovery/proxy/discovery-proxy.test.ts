import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemRuntime } from '../../runtime/index.js';
import { roundRobin } from '../balancers/round-robin.js';
import { MemoryRegistry } from '../memory-registry.js';
import { type DiscoveryProxy, startDiscoveryProxy } from './discovery-proxy.js';

interface Backend {
  readonly id: string;
  readonly port: number;
  readonly server: Server;
}

async function backend(id: string): Promise<Backend> {
  const server = createServer((incoming, response) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
    incoming.on('end', () => response.writeHead(200, { 'content-type': 'text/plain', 'x-instance': id }).end(`${id} ${incoming.method} ${incoming.url} ${body}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { id, port: (server.address() as AddressInfo).port, server };
}

function send(url: string, method = 'GET', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers: body === undefined ? {} : { 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('startDiscoveryProxy (server-side discovery)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(count: number): Promise<{ registry: MemoryRegistry; backends: Backend[]; proxy: DiscoveryProxy }> {
    const runtime = createSystemRuntime({ seed: 1 });
    const registry = new MemoryRegistry({ runtime });
    const backends: Backend[] = [];
    for (let index = 0; index < count; index++) {
      const started = await backend(`b${index}`);
      backends.push(started);
      cleanups.push(() => new Promise((resolve) => started.server.close(() => resolve())));
      await registry.register({ service: 'echo', id: started.id, address: `127.0.0.1:${started.port}` }, { ttlMs: 60_000 });
    }
    const proxy = await startDiscoveryProxy({ registry, runtime, balancer: () => roundRobin(), timeoutMs: 2_000, outlierDetection: { consecutiveFailures: 1, baseEjectionMs: 60_000 } });
    cleanups.push(() => proxy.close());
    cleanups.push(() => registry.close());
    return { registry, backends, proxy };
  }

  it('routes by service name across instances, rewriting the path, and passes bodies through', async () => {
    const { proxy } = await setUp(3);
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(`${proxy.url}/echo/v1/items?x=1`)));
    expect(answers.every((answer) => answer.status === 200 && answer.text.includes('GET /v1/items?x=1'))).toBe(true);
    expect(new Set(answers.map((answer) => answer.text.split(' ')[0]))).toEqual(new Set(['b0', 'b1', 'b2']));
    const posted = await send(`${proxy.url}/echo/orders`, 'POST', '{"qty":2}');
    expect(posted.text).toMatch(/POST \/orders \{"qty":2\}$/);
  });

  it('retries idempotent requests on another instance when one is dead, and then ejects it', async () => {
    const { backends, proxy } = await setUp(3);
    const dead = backends[1] as Backend;
    await new Promise<void>((resolve) => dead.server.close(() => resolve()));
    dead.server.closeAllConnections();
    const answers = await Promise.all(Array.from({ length: 12 }, () => send(`${proxy.url}/echo/ping`)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.some((answer) => answer.text.startsWith('b1'))).toBe(false);
  });

  it('skips draining instances, answers 503 when none is left, 404 without a service, and reports its health', async () => {
    const { registry, proxy } = await setUp(2);
    await send(`${proxy.url}/echo/warm-up`);
    await registry.setStatus('echo', 'b0', 'draining');
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(`${proxy.url}/echo/x`)));
    expect(answers.every((answer) => answer.text.startsWith('b1'))).toBe(true);
    await registry.setStatus('echo', 'b1', 'critical');
    expect((await send(`${proxy.url}/echo/x`)).status).toBe(503);
    expect((await send(`${proxy.url}/nothing-registered/x`)).status).toBe(404);
    expect((await send(`${proxy.url}/`)).status).toBe(404);
    const health = await send(`${proxy.url}/_pacelc/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok', services: { echo: 0 } });
  });
});
