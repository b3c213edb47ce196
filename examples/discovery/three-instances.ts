// Three instances of a service (real HTTP servers on 127.0.0.1), registered with leases and
// heartbeats; three clients route to them through their local snapshots. Then one instance is
// killed — its server destroyed, no deregistration, no more heartbeats, as a crashed process — and
// the clients route around it: outlier ejection within a couple of failed attempts (each retried on
// another instance), the registry dropping it when its lease runs out.
// Run: npx tsx examples/discovery/three-instances.ts            (add --no-ejection to turn outlier ejection off)
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscoveryClient, MemoryRegistry, ServiceRegistration, roundRobin, type Registry, type ServiceInstance } from 'pacelc/discovery';

const service = 'greeter';
const ttlMs = 2_000;
const heartbeatIntervalMs = 500;

/** One process: an HTTP server and its registration. Killing it cuts both, without a goodbye. */
interface Instance {
  readonly id: string;
  readonly server: Server;
  readonly registration: ServiceRegistration;
  kill(): void;
}

/** The registry as one process sees it: once the process is dead, nothing it would send arrives. */
function linkOf(registry: Registry, isAlive: () => boolean): Registry {
  const dead = async (): Promise<never> => {
    throw new Error('the process is dead');
  };
  return {
    register: (instance, options) => (isAlive() ? registry.register(instance, options) : dead()),
    heartbeat: (name, id) => (isAlive() ? registry.heartbeat(name, id) : dead()),
    setStatus: (name, id, status) => (isAlive() ? registry.setStatus(name, id, status) : dead()),
    deregister: (name, id) => (isAlive() ? registry.deregister(name, id) : dead()),
    instances: (name) => registry.instances(name),
    watch: (name, onChange, onError) => registry.watch(name, onChange, onError),
    close: async () => {},
  };
}

async function startInstance(registry: Registry, id: string): Promise<Instance> {
  const server = createServer((_request, response) => response.end(id));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let alive = true;
  const registration = await ServiceRegistration.start({
    registry: linkOf(registry, () => alive),
    instance: { service, id, address: `127.0.0.1:${port}` },
    ttlMs,
    heartbeatIntervalMs,
  });
  return {
    id,
    server,
    registration,
    kill: () => {
      alive = false;
      server.closeAllConnections();
      server.close();
    },
  };
}

/** GET http://address/ on a fresh connection; resolves with the body. */
function get(instance: ServiceInstance): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: instance.host, port: instance.port, path: '/', agent: false, timeout: 1_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function main(options: { readonly ejection?: boolean } = {}): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    if (import.meta.url === `file://${process.argv[1]}`) console.log(line);
  };
  const registry = new MemoryRegistry();
  const instances = [await startInstance(registry, 'greeter-1'), await startInstance(registry, 'greeter-2'), await startInstance(registry, 'greeter-3')];
  const clients = [1, 2, 3].map(() => new DiscoveryClient({ registry, service, balancer: roundRobin(), outlierDetection: options.ejection === false ? false : { consecutiveFailures: 2, baseEjectionMs: 30_000 } }));
  for (const client of clients) await client.start();
  say(`started ${instances.map((instance) => instance.id).join(', ')} (lease ${ttlMs} ms, heartbeat every ${heartbeatIntervalMs} ms); 3 clients see ${clients[0]?.snapshot().instances.length} instances`);

  let failedAttempts = 0;
  let userErrors = 0;
  // One user request: up to 3 attempts, each on an instance the client picks (a failed one is retried elsewhere).
  const send = async (client: DiscoveryClient): Promise<string | undefined> => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        return await client.call(get);
      } catch {
        failedAttempts++;
      }
    }
    userErrors++;
    return undefined;
  };
  const round = async (requests: number): Promise<string> => {
    failedAttempts = 0;
    userErrors = 0;
    const served = new Map<string, number>();
    for (let index = 0; index < requests; index++) {
      const id = await send(clients[index % clients.length] as DiscoveryClient);
      if (id !== undefined) served.set(id, (served.get(id) ?? 0) + 1);
      await sleep(5);
    }
    const shares = [...served.entries()].sort().map(([id, count]) => `${id} ${count}`).join(', ');
    return `${requests} requests -> ${shares}; failed attempts ${failedAttempts}, user-visible errors ${userErrors}`;
  };

  try {
    say(`all up:      ${await round(36)}`);

    const victim = instances[2] as Instance;
    const killedAt = performance.now();
    victim.kill();
    say(`killed ${victim.id}: server destroyed, no deregistration, no more heartbeats`);
    say(`right after: ${await round(36)}`);
    say(`             ${victim.id} ${options.ejection === false ? 'is still a candidate for' : 'is ejected by'} every client (available: ${clients.map((client) => client.snapshot().available).join('/')}), still in the registry: ${(await registry.instances(service)).some((instance) => instance.id === victim.id)}`);

    while (clients.some((client) => client.snapshot().instances.some((instance) => instance.id === victim.id))) await sleep(10);
    const goneAfterMs = performance.now() - killedAt;
    say(`lease ran out: ${victim.id} left all 3 clients' snapshots ${(goneAfterMs / 1000).toFixed(1)} s after the kill (lease ${ttlMs} ms)`);
    say(`later:       ${await round(36)}`);
  } finally {
    for (const client of clients) await client.close();
    for (const instance of instances) {
      await instance.registration.stop();
      instance.kill();
    }
    await registry.close();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await main({ ejection: !process.argv.includes('--no-ejection') });
