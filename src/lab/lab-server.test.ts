import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback, type LabServer, maxBodyBytes, startLab } from './lab-server.js';

const bankText = readFileSync(new URL('../../examples/specs/bank-ledger.yaml', import.meta.url), 'utf8');

/** One real HTTP request: status, headers and body text. */
function call(lab: LabServer, method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(new URL(path, lab.url), { method, headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
const post = (lab: LabServer, path: string, body: unknown) => call(lab, 'POST', path, { body: JSON.stringify(body) });

describe('startLab', () => {
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLab({ spec: { text: bankText, file: 'bank-ledger.yaml' }, threads: 2 });
  });
  afterAll(async () => {
    await lab.close();
  });

  it('listens on 127.0.0.1 on a free port and serves the page with the spec it opened', async () => {
    expect(lab.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lab.port).toBeGreaterThan(0);
    const page = await call(lab, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.text).toContain('bank-ledger.yaml');
    expect(JSON.parse((await call(lab, 'GET', '/api/spec')).text)).toEqual({ text: bankText, file: 'bank-ledger.yaml', savable: false, hash: sha256(bankText) });
  });

  it('designs the spec as typed, or answers its problems with line and column', async () => {
    const good = JSON.parse((await post(lab, '/api/design', { text: bankText })).text);
    expect(good.ok).toBe(true);
    expect(good.design.entities.map((entity: { id: string }) => entity.id)).toContain('store:account');
    expect(good.clusters[0].nodes).toBeGreaterThan(1);
    const broken = bankText.replace('money: true', 'money: ture');
    const bad = JSON.parse((await post(lab, '/api/design', { text: broken, file: 'bank-ledger.yaml' })).text);
    expect(bad.ok).toBe(false);
    const line = broken.split('\n').findIndex((text) => text.includes('money: ture')) + 1;
    expect(bad.problems[0]).toMatchObject({ line, column: expect.any(Number) });
    expect(bad.problems[0].text).toMatch(new RegExp(`^bank-ledger\\.yaml:${line}:\\d+: .*money: expected true or false`));
  });

  it('completes from the schema', async () => {
    const text = 'system:\n  plat';
    const result = JSON.parse((await post(lab, '/api/complete', { text, offset: text.length })).text);
    expect(result.items.map((item: { insert: string }) => item.insert)).toEqual(['platform']);
    expect((await post(lab, '/api/complete', { text, offset: 99 })).status).toBe(400);
  });

  it('answers bad requests with 4xx and a reason, never a crash', async () => {
    expect((await call(lab, 'POST', '/api/design', { body: '{"text":', headers: {} })).status).toBe(400);
    expect((await call(lab, 'POST', '/api/design', { body: 'text=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await post(lab, '/api/design', [1])).status).toBe(400);
    expect((await post(lab, '/api/design', { text: 3 })).status).toBe(400);
    expect((await post(lab, '/api/design', { text: 'x'.repeat(maxBodyBytes + 10) })).status).toBe(413);
    expect((await call(lab, 'GET', '/nope')).status).toBe(404);
    expect((await call(lab, 'DELETE', '/api/runs')).status).toBe(405);
    expect((await call(lab, 'GET', '/api/runs/999')).status).toBe(404);
    const seeds = await post(lab, '/api/runs', { text: bankText, seeds: 0 });
    expect(seeds.status).toBe(400);
    expect(JSON.parse(seeds.text).error).toMatch(/"seeds" must be a whole number from 1 to 1000, received 0/);
    const fault = await post(lab, '/api/runs', { text: bankText, entity: 'account', fault: { kind: 'partition', nodes: [9], fromMs: 0, toMs: 10 } });
    expect(fault.status).toBe(400);
    expect(JSON.parse(fault.text).error).toMatch(/fault\.nodes/);
    const spec = await post(lab, '/api/runs', { text: 'system: {}\n' });
    expect(spec.status).toBe(400);
    expect(JSON.parse(spec.text).problems[0].text).toMatch(/^bank-ledger\.yaml:\d+:\d+: /);
  });

  it('runs verify on worker threads, streams its progress, then the verdict, and lists the run', async () => {
    const started = await post(lab, '/api/runs', { text: bankText, seeds: 2, operations: 100, entity: 'account' });
    expect(started.status).toBe(202);
    const { id } = JSON.parse(started.text) as { id: number };
    expect((await post(lab, '/api/runs', { text: bankText, seeds: 1 })).status).toBe(409);
    const events = await call(lab, 'GET', `/api/runs/${id}/events`);
    expect(events.type).toMatch(/text\/event-stream/);
    const names = [...events.text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(names).toEqual(['progress', 'progress', 'done']);
    expect(events.text).toMatch(new RegExp(`^: run ${id}\\n\\n`));
    expect(events.text).toMatch(/"type":"done","verdict":"(holds|violated|unknown)"/);
    const list = JSON.parse((await call(lab, 'GET', '/api/runs')).text);
    expect(list[0]).toMatchObject({ id, status: 'done', done: 2, total: 2, label: `#${id} bank account: seeds 1–2, 100 ops` });
    const report = JSON.parse((await call(lab, 'GET', `/api/runs/${id}/report.json`)).text);
    expect(report.entities[0].entity).toBe('account');
    // Its pictures: the verify report, one page, served as is.
    expect(list[0].reportHtml).toBe(`/api/runs/${id}/report.html`);
    const pictures = await call(lab, 'GET', `/api/runs/${id}/report.html`);
    expect(pictures.status).toBe(200);
    expect(pictures.type).toMatch(/text\/html/);
    expect(pictures.text).toContain('<title>verify: bank</title>');
    // A late subscriber replays the whole run.
    expect((await call(lab, 'GET', `/api/runs/${id}/events`)).text).toBe(events.text);
  });

  it('refuses requests addressed to a name that is not loopback (DNS rebinding)', async () => {
    const answer = await call(lab, 'GET', '/api/spec', { headers: { host: `evil.example:${lab.port}` } });
    expect(answer.status).toBe(403);
    expect((await call(lab, 'GET', '/api/spec', { headers: { host: `localhost:${lab.port}` } })).status).toBe(200);
  });
});

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('saving', () => {
  it('writes the edited spec to the file it was started with, and only there', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pacelc-lab-save-'));
    const path = join(directory, 'bank.yaml');
    writeFileSync(path, bankText);
    const lab = await startLab({ spec: { text: bankText, file: 'bank.yaml', path }, threads: 1 });
    try {
      const loaded = JSON.parse((await call(lab, 'GET', '/api/spec')).text);
      expect(loaded).toMatchObject({ savable: true, hash: sha256(bankText) });
      const edited = `${bankText}# edited in the lab\n`;
      // A path in the body is ignored: the lab writes the one file it was started with.
      const other = join(directory, 'other.yaml');
      const saved = await post(lab, '/api/save', { text: edited, hash: loaded.hash, path: other, file: other });
      expect(saved.status).toBe(200);
      expect(JSON.parse(saved.text)).toEqual({ file: 'bank.yaml', hash: sha256(edited), bytes: Buffer.byteLength(edited) });
      expect(readFileSync(path, 'utf8')).toBe(edited);
      expect(existsSync(other)).toBe(false);
      // The page reloaded opens what was saved; saving again goes from the new hash.
      expect(JSON.parse((await call(lab, 'GET', '/api/spec')).text)).toMatchObject({ text: edited, hash: sha256(edited) });
      expect((await post(lab, '/api/save', { text: bankText, hash: sha256(edited) })).status).toBe(200);
      expect(readFileSync(path, 'utf8')).toBe(bankText);
      // Another editor changes the file: a save from the page's older text is refused, the change kept.
      writeFileSync(path, `${bankText}# changed elsewhere\n`);
      const refused = await post(lab, '/api/save', { text: edited, hash: sha256(bankText) });
      expect(refused.status).toBe(409);
      expect(JSON.parse(refused.text).error).toMatch(/^bank\.yaml changed on disk since it was loaded: not saved/);
      expect(readFileSync(path, 'utf8')).toBe(`${bankText}# changed elsewhere\n`);
      // A save without the hash it was edited from is a bad request.
      expect((await post(lab, '/api/save', { text: edited })).status).toBe(400);
      expect((await call(lab, 'GET', '/api/save')).status).toBe(405);
      expect(readFileSync(path, 'utf8')).toBe(`${bankText}# changed elsewhere\n`);
      // Deleted since: not recreated.
      unlinkSync(path);
      const gone = await post(lab, '/api/save', { text: edited, hash: sha256(`${bankText}# changed elsewhere\n`) });
      expect(gone.status).toBe(409);
      expect(JSON.parse(gone.text).error).toMatch(/^bank\.yaml was deleted since it was loaded: not saved/);
      expect(existsSync(path)).toBe(false);
    } finally {
      await lab.close();
    }
  });

  it('has nothing to save to without a SPEC file', async () => {
    const lab = await startLab({ spec: { text: bankText, file: '<stdin>' }, threads: 1 });
    try {
      const refused = await post(lab, '/api/save', { text: bankText, hash: sha256(bankText) });
      expect(refused.status).toBe(409);
      expect(JSON.parse(refused.text).error).toMatch(/started without a SPEC file: there is nothing to save to/);
    } finally {
      await lab.close();
    }
  });
});

describe('closing', () => {
  it('stops a run in progress: its stream ends with "failed", and close() returns', async () => {
    const lab = await startLab({ spec: { text: bankText, file: 'bank-ledger.yaml' }, threads: 1 });
    const started = await post(lab, '/api/runs', { text: bankText, seeds: 200, operations: 2_000 });
    expect(started.status).toBe(202);
    const { id } = JSON.parse(started.text) as { id: number };
    // Subscribed (the stream's first line arrived), then the lab closes.
    const text = await new Promise<string>((resolve, reject) => {
      request(new URL(`/api/runs/${id}/events`, lab.url), (response) => {
        let received = '';
        response.on('data', (chunk: Buffer) => {
          if (received === '') void lab.close();
          received += chunk.toString();
        });
        response.on('end', () => resolve(received));
      })
        .on('error', reject)
        .end();
    });
    expect(text).toMatch(new RegExp(`^: run ${id}\\n\\n`));
    expect(text).toMatch(/event: failed\ndata: .*closed/);
    expect(text).not.toContain('event: done');
  });
});

describe('loopback only', () => {
  it('refuses to listen on anything but loopback unless remote access is allowed', async () => {
    await expect(startLab({ host: '0.0.0.0' })).rejects.toThrow(/Invalid option host: expected a loopback address .* received "0.0.0.0"/);
    await expect(startLab({ host: '192.168.1.10' })).rejects.toThrow(RangeError);
    await expect(startLab({ port: 70_000 })).rejects.toThrow(/port/);
    const open = await startLab({ host: '0.0.0.0', allowRemote: true, threads: 1 });
    try {
      expect(open.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
    } finally {
      await open.close();
    }
  });

  it('knows loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'].map(isLoopback)).toEqual([true, true, true, true, true, true]);
    expect(['0.0.0.0', '10.0.0.1', 'example.com', '::', ''].map(isLoopback)).toEqual([false, false, false, false, false]);
  });
});
