import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** A private echo server on a free port (never the shared services). */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `text` and resolves with the echo, or 'no answer' after `waitMs`, or the error code. */
function roundTrip(socket: Socket, text: string, waitMs = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish('no answer'), waitMs);
    const onData = (data: Buffer): void => finish(data.toString());
    const onError = (error: NodeJS.ErrnoException): void => finish(error.code ?? 'error');
    const onClose = (): void => finish('closed');
    function finish(result: string): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      resolve(result);
    }
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.write(text);
  });
}

describe('tcp proxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;
  const sockets: Socket[] = [];
  const client = async (): Promise<Socket> => {
    const socket = await open(proxy.port);
    socket.on('error', () => {});
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    echo = await echoServer();
    proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: echo.port } });
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy.close();
    await new Promise<void>((resolve) => echo.server.close(() => resolve()));
  });

  it('forwards both ways', async () => {
    const socket = await client();
    expect(await roundTrip(socket, 'hello')).toBe('hello');
    expect(proxy.connections).toBe(1);
  });

  it('blackhole drops bytes on existing connections; heal restores them', async () => {
    const socket = await client();
    expect(await roundTrip(socket, 'a')).toBe('a');
    proxy.setMode('blackhole');
    expect(await roundTrip(socket, 'b', 200)).toBe('no answer');
    proxy.heal();
    expect(await roundTrip(socket, 'c')).toBe('c');
  });

  it('cutConnections resets open connections', async () => {
    const socket = await client();
    const closed = new Promise((resolve) => socket.once('close', resolve));
    proxy.cutConnections();
    await closed;
    expect(proxy.connections).toBe(0);
  });

  it('refuse resets new connections and leaves existing ones alone', async () => {
    const existing = await client();
    proxy.setMode('refuse');
    const refused = await client().then((socket) => roundTrip(socket, 'x'), (error: NodeJS.ErrnoException) => error.code ?? 'error');
    expect(['ECONNRESET', 'closed', 'EPIPE']).toContain(refused);
    expect(await roundTrip(existing, 'still here')).toBe('still here');
  });

  it('pause holds new connections unanswered until the mode changes', async () => {
    proxy.setMode('pause');
    const socket = await client();
    expect(await roundTrip(socket, 'held', 200)).toBe('no answer');
    proxy.setMode('forward');
    const echoed = await new Promise<string>((resolve) => socket.once('data', (data) => resolve(data.toString())));
    expect(echoed).toBe('held');
  });

  it('adds latency, keeping order', async () => {
    proxy.setLatency(100);
    const socket = await client();
    const received: string[] = [];
    socket.on('data', (data) => received.push(data.toString()));
    socket.write('one');
    socket.write('two');
    expect(await roundTrip(socket, 'three', 20)).toBe('no answer'); // held back by the delay, not lost
    await new Promise<void>((resolve) => {
      const check = (): void => (received.join('') === 'onetwothree' ? resolve() : void setTimeout(check, 10));
      check();
    });
    expect(received.join('')).toBe('onetwothree');
  });
});
