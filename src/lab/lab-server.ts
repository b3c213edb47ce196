import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { design } from '../advisor/design.js';
import { parseSpec } from '../advisor/spec/parse.js';
import { InputError, formatProblem } from '../errors.js';
import type { FaultKind } from '../sim/index.js';
import { faultKinds } from '../sim/index.js';
import { labDesign } from './lab-design.js';
import { type LabPageData, labPage } from './lab-page.js';
import { type HandFault, handFaultKinds, labLimits } from './lab-verify.js';
import { LabRuns, type LabRunRequest } from './lab-runs.js';
import { defaultFaults } from '../verify/verify-design.js';
import { completeSpec } from './spec-completion.js';

/** Options of {@link startLab}. */
export interface LabServerOptions {
  /** The address to listen on. Default 127.0.0.1. Anything but loopback needs `allowRemote`. */
  readonly host?: string;
  /** The port; 0 (the default) takes a free one. */
  readonly port?: number;
  /** Listen on (and answer requests for) a host that is not loopback: anyone who reaches it can run simulations. */
  readonly allowRemote?: boolean;
  /**
   * The spec the editor opens with. With `path` (the file it was read from, absolute), the page
   * can save the edited spec back to that file and to no other; without it, saving is disabled.
   */
  readonly spec?: { readonly text: string; readonly file: string; readonly path?: string };
  /** Worker threads a verify run spreads over. Default: one per core, at most 4. */
  readonly threads?: number;
}

/** A running lab. */
export interface LabServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops the runs in progress, ends the open event streams, and closes the server. */
  close(): Promise<void>;
}

/** The largest request body the lab reads (a spec is a few kilobytes). */
export const maxBodyBytes = 1_000_000;

/**
 * Whether `host` is a loopback address or name (`127.0.0.0/8`, `::1`, `localhost`).
 *
 * @example
 * ```ts
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0'); // false
 * ```
 */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

const defaultSpec = `# A spec to start from: edit it, the design follows as you type.
system:
  name: shop
  regions: [us-east-1, eu-west-1]
entities:
  - name: stock
    service: inventory
    key: sku
    noDoubleBooking: true
    writes: single-region
`;

/**
 * Starts the lab: a local web server with a spec editor (completion from the spec's schema, the
 * problems as file:line:col while typing), the design redrawn as the spec changes, and verify
 * runs on worker threads with their progress streamed as server-sent events. It listens on
 * loopback only unless `allowRemote` is set, and answers only requests addressed to a loopback
 * host then (a defence against DNS rebinding: a web page elsewhere cannot reach it by a name that
 * resolves to 127.0.0.1).
 *
 * @throws RangeError when `host` is not loopback and `allowRemote` is not set, or `port` is not a port.
 *
 * @example
 * ```ts
 * const lab = await startLab({ spec: { text: readFileSync('shop.yaml', 'utf8'), file: 'shop.yaml' } });
 * console.log(`open ${lab.url}`);
 * process.once('SIGINT', () => void lab.close());
 * ```
 */
export async function startLab(options: LabServerOptions = {}): Promise<LabServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && options.allowRemote !== true) throw new RangeError(`Invalid option host: expected a loopback address (127.0.0.1, ::1, localhost) unless remote access is allowed, received ${JSON.stringify(host)}`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`Invalid option port: expected a whole number from 0 to 65535, received ${JSON.stringify(port)}`);
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const savePath = options.spec?.path;
  // What the page opens with: after a save, the saved text (a reload shows it) and its hash.
  let spec: LabSpec = { text: options.spec?.text ?? defaultSpec, file: options.spec?.file ?? 'spec.yaml', savable: savePath !== undefined, hash: contentHash(options.spec?.text ?? defaultSpec) };
  const runs = new LabRuns({ threads });
  const streams = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const hostHeader = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (options.allowRemote !== true && !isLoopback(hostHeader)) {
      send(response, 403, { error: `the lab answers requests for 127.0.0.1 or localhost only, received Host ${JSON.stringify(request.headers.host ?? '')}` });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://lab.invalid');
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    const runPath = /^\/api\/runs\/(\d+)(\/events|\/report\.json|\/report\.html)?$/.exec(url.pathname);
    if (route === 'GET /') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(labPage({ spec, faultKinds: handFaultKinds, drawnFaultKinds: defaultFaults, limits: labLimits }));
      return;
    }
    if (route === 'GET /api/spec') return send(response, 200, spec);
    if (route === 'POST /api/save') {
      const body = await readJson(request, response);
      if (body === undefined) return;
      const text = stringField(body, 'text');
      const hash = stringField(body, 'hash');
      if (text === undefined || hash === undefined) return send(response, 400, { error: 'expected {"text": "...the spec...", "hash": "...the hash of the text it was edited from..."}' });
      if (savePath === undefined) return send(response, 409, { error: 'the lab was started without a SPEC file: there is nothing to save to (start it with pacelc lab SPEC)' });
      // Only the file the lab was started with is ever written (the body names no path), and only
      // when it still holds what the page loaded (or last saved): another editor's change is never overwritten.
      let onDisk: string | undefined;
      try {
        onDisk = await readFile(savePath, 'utf8');
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
      }
      if (onDisk === undefined) return send(response, 409, { error: `${spec.file} was deleted since it was loaded: not saved (copy your text, then restart the lab)` });
      if (contentHash(onDisk) !== hash) return send(response, 409, { error: `${spec.file} changed on disk since it was loaded: not saved, so as not to overwrite that change (copy your text, reload the page to see the file as it is now)` });
      await writeFile(savePath, text, 'utf8');
      spec = { ...spec, text, hash: contentHash(text) };
      return send(response, 200, { file: spec.file, hash: spec.hash, bytes: Buffer.byteLength(text) });
    }
    if (route === 'GET /api/runs') return send(response, 200, runs.list());
    if (route === 'POST /api/design') {
      const body = await readJson(request, response);
      if (body === undefined) return;
      const text = stringField(body, 'text');
      if (text === undefined) return send(response, 400, { error: 'expected {"text": "...the spec..."}' });
      return send(response, 200, labDesign(text, stringField(body, 'file') ?? spec.file));
    }
    if (route === 'POST /api/complete') {
      const body = await readJson(request, response);
      if (body === undefined) return;
      const text = stringField(body, 'text');
      const offset = (body as { offset?: unknown }).offset;
      if (text === undefined || typeof offset !== 'number') return send(response, 400, { error: 'expected {"text": "...", "offset": N}' });
      const { specJsonSchema } = await import('../advisor/spec/json-schema.js');
      try {
        return send(response, 200, completeSpec(text, offset, specJsonSchema()));
      } catch (error) {
        if (error instanceof RangeError) return send(response, 400, { error: error.message });
        throw error;
      }
    }
    if (route === 'POST /api/runs') {
      const body = await readJson(request, response);
      if (body === undefined) return;
      const parsed = runRequest(body, spec.file);
      if (typeof parsed === 'string') return send(response, 400, { error: parsed });
      try {
        return send(response, 202, runs.start(parsed, (text, file) => design(parseSpec(text, { file }))));
      } catch (error) {
        if (error instanceof InputError) return send(response, 400, { error: 'the spec has problems', problems: error.problems.map((problem) => ({ ...problem, text: formatProblem(problem) })) });
        if (error instanceof RangeError || (error instanceof Error && 'code' in error && error.code === 'LAB_BUSY')) return send(response, error instanceof RangeError ? 400 : 409, { error: error.message });
        throw error;
      }
    }
    if (runPath !== null && request.method === 'GET') {
      const id = Number(runPath[1]);
      const run = runs.get(id);
      if (run === undefined) return send(response, 404, { error: `no run ${id}` });
      if (runPath[2] === '/report.json') {
        if (run.report === undefined) return send(response, 404, { error: `run ${id} has no report (${run.status})` });
        return send(response, 200, run.report);
      }
      if (runPath[2] === '/report.html') {
        if (run.report === undefined) return send(response, 404, { error: `run ${id} has no report (${run.status})` });
        // Drawn on first request (it replays each entity's drawn run), then kept with the run.
        if (run.html === undefined) {
          const [{ verifyReportInput }, { renderReport }] = await Promise.all([import('./verify-report.js'), import('./render-report.js')]);
          run.html = renderReport(verifyReportInput(run.report));
        }
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(run.html);
        return;
      }
      if (runPath[2] === '/events') return stream(id, response);
      return send(response, 200, runs.summary(run));
    }
    if (['GET /', 'GET /api/spec', 'GET /api/runs', 'POST /api/design', 'POST /api/complete', 'POST /api/runs', 'POST /api/save'].some((known) => known.split(' ')[1] === url.pathname)) {
      return send(response, 405, { error: `${request.method ?? ''} is not allowed on ${url.pathname}` });
    }
    send(response, 404, { error: `no such page: ${url.pathname}` });
  }

  /** Server-sent events: every event of the run so far, then each new one, until the run ends. */
  function stream(id: number, response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    streams.add(response);
    // A comment line first, so the client knows at once that it is subscribed.
    response.write(`: run ${id}\n\n`);
    let ended = false;
    // A finished run replays its events, the last one included, inside subscribe().
    const unsubscribe = runs.subscribe(id, (event) => {
      response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      if (event.type === 'done' || event.type === 'failed') ended = true;
      if (ended) queueMicrotask(finish);
    });
    function finish(): void {
      unsubscribe();
      if (!streams.delete(response)) return;
      response.end();
    }
    response.on('close', finish);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${boundPort}/`,
    host,
    port: boundPort,
    close: () =>
      (closing ??= (async () => {
        await runs.close();
        for (const response of streams) response.end();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}

/** The spec as the page gets it: its text, its name, whether it can be saved, and the hash of the text. */
type LabSpec = LabPageData['spec'];

/** The SHA-256 of a spec's text (UTF-8), hex: what a save compares with the file on disk. */
function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** The request's JSON body, or undefined after answering 400/413/415. */
async function readJson(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  // A JSON content type keeps other sites' plain form posts out (they cannot send one without CORS).
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    send(response, 415, { error: 'expected Content-Type: application/json' });
    return undefined;
  }
  // Read to the end (so the answer reaches the client) but keep no more than the limit.
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.once('end', resolve);
    request.once('error', reject);
  });
  if (size > maxBodyBytes) {
    send(response, 413, { error: `the request body is over ${maxBodyBytes} bytes` });
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('not an object');
    return value;
  } catch (error) {
    send(response, 400, { error: `the request body is not a JSON object: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

function stringField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** A verify request from its JSON, or what is wrong with it. */
function runRequest(body: unknown, defaultFile: string): LabRunRequest | string {
  const record = body as Record<string, unknown>;
  const text = stringField(body, 'text');
  if (text === undefined) return 'expected "text": the spec';
  const whole = (name: string, fallback: number, max: number): number | string => {
    const value = record[name] ?? fallback;
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= (name === 'firstSeed' ? 0 : 1) && value <= max ? value : `"${name}" must be a whole number from ${name === 'firstSeed' ? 0 : 1} to ${max}, received ${JSON.stringify(value)}`;
  };
  const seeds = whole('seeds', 5, labLimits.seeds);
  const firstSeed = whole('firstSeed', 1, Number.MAX_SAFE_INTEGER - labLimits.seeds);
  const operations = whole('operations', 300, labLimits.operations);
  for (const value of [seeds, firstSeed, operations]) if (typeof value === 'string') return value;
  const entity = record.entity;
  if (entity !== undefined && typeof entity !== 'string') return `"entity" must be an entity's name, received ${JSON.stringify(entity)}`;
  const drawn = record.drawnFaults;
  if (drawn !== undefined && (!Array.isArray(drawn) || drawn.some((kind) => !faultKinds.includes(kind as FaultKind)))) return `"drawnFaults" must be a list of ${faultKinds.join(', ')}, received ${JSON.stringify(drawn)}`;
  const fault = record.fault;
  if (fault !== undefined && fault !== null) {
    const shape = fault as Partial<HandFault>;
    if (typeof fault !== 'object' || !Array.isArray(shape.nodes) || typeof shape.fromMs !== 'number' || typeof shape.toMs !== 'number' || typeof shape.kind !== 'string') {
      return `"fault" must be {"kind": "${handFaultKinds.join('|')}", "nodes": [0, ...], "fromMs": N, "toMs": N}, received ${JSON.stringify(fault)}`;
    }
  }
  return {
    text,
    file: stringField(body, 'file') ?? defaultFile,
    seeds: seeds as number,
    firstSeed: firstSeed as number,
    operations: operations as number,
    ...(typeof entity === 'string' && entity !== '' ? { entity } : {}),
    ...(drawn === undefined ? {} : { drawnFaults: drawn as FaultKind[] }),
    ...(fault === undefined || fault === null ? {} : { fault: fault as HandFault }),
  };
}
