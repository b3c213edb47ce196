// Simulation and verification reports in a real browser: fault windows, charts, recovery, the
// Lamport diagram, the blamed operation and the replay command; the screenshots of docs/lab.md.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../cli/io.js';
import { main } from '../cli/main.js';
import { simulate } from '../replication/simulate.js';
import { findChromium, inPage, nextFrame, screenshot, useBrowser } from '../testing/browser.js';
import { writeSimulateReport } from './run-report.js';

const chromiumPath = findChromium();
const directory = mkdtempSync(join(tmpdir(), 'pacelc-run-report-'));
const root = fileURLToPath(new URL('../../', import.meta.url));

type Box = { x: number; y: number; width: number; height: number };

/** Shares of the canvas's pixels inside a box (page coordinates) in each fault's ink: red (a blamed operation), orange (partition), purple (pause), blue (clock skew). */
const colours = (page: Page, box: Box): Promise<{ red: number; orange: number; purple: number; blue: number }> =>
  inPage(
    page,
    `((area) => {
      const canvas = document.querySelector('canvas.run-timeline');
      const rect = canvas.getBoundingClientRect();
      const ratio = canvas.width / rect.width;
      const pixels = canvas.getContext('2d').getImageData(Math.round((area.x - rect.left) * ratio), Math.round((area.y - rect.top) * ratio), Math.max(1, Math.round(area.width * ratio)), Math.max(1, Math.round(area.height * ratio))).data;
      let red = 0, orange = 0, purple = 0, blue = 0;
      for (let index = 0; index < pixels.length; index += 4) {
        const [r, g, b, a] = [pixels[index], pixels[index + 1], pixels[index + 2], pixels[index + 3]];
        const near = (ink) => a > 150 && Math.abs(r - ink[0]) < 25 && Math.abs(g - ink[1]) < 25 && Math.abs(b - ink[2]) < 25;
        if (r > 150 && g < 110 && b < 110) red++;
        if (r > 180 && g > 90 && g < 190 && b < 140 && r - b > 70) orange++;
        // the strong mark on a node's row (the faint shade across every row is far less opaque)
        if (near([107, 70, 193])) purple++;
        if (near([43, 108, 176])) blue++;
      }
      const all = pixels.length / 4;
      return { red: red / all, orange: orange / all, purple: purple / all, blue: blue / all };
    })(${JSON.stringify(box)})`,
  );

async function cli(...args: string[]): Promise<{ code: number; err: string }> {
  const io = bufferIo({ cwd: root });
  const code = await main(args, io);
  return { code, err: io.err() };
}

describe.skipIf(!chromiumPath)('simulation and verification reports in chromium', () => {
  const session = useBrowser(chromiumPath);

  it('draws fault windows, latency and availability, the recovery after a fault, and the messages', async () => {
    // a Raft follower cut off from 1 s to 2 s: when it comes back its higher term deposes the leader
    const options = { seed: 3, protocol: { kind: 'raft' as const, replicas: 3 }, workload: { operations: 1_500, clients: 4 }, faults: { schedule: [{ atMs: 1_000, durationMs: 1_000, fault: { kind: 'isolate' as const, node: 1 } }] } };
    const path = join(directory, 'raft.html');
    writeSimulateReport(path, { options, report: simulate(options), replay: 'pacelc simulate --protocol raft --seed 3', messages: { fromMs: 950, toMs: 1_300 } });
    await session.withPage(path, async (page) => {
      expect(await page.locator('#run-summary .verdict').innerText()).toBe('holds');
      expect(await page.locator('#replay').innerText()).toBe('pacelc simulate --protocol raft --seed 3');
      await nextFrame(page);
      // the fault window on node n1's row (the second row): orange inside the window, not before it
      const canvas = await page.locator('canvas.run-timeline').boundingBox();
      if (canvas === null) throw new Error('no timeline');
      const range = await inPage<{ start: number; end: number }>(page, 'pacelcRun.range()');
      const xOf = (time: number) => canvas.x + 120 + ((time - range.start) / (range.end - range.start)) * (canvas.width - 120);
      const row = { y: canvas.y + 24 + 18 + 5, height: 8 };
      expect((await colours(page, { x: xOf(1_300), width: 10, ...row })).orange).toBeGreaterThan(0.5);
      expect((await colours(page, { x: xOf(600), width: 10, ...row })).orange).toBe(0);
      expect(await page.locator('.uplot').count()).toBe(2);
      const recovery = page.locator('svg.recovery g.fault-row');
      expect(await recovery.count()).toBe(1);
      expect(Number(await recovery.getAttribute('data-recovery-ms'))).toBeGreaterThan(100);
      await page.selectOption('#lamport-width', '100');
      expect(await page.locator('svg.lamport g.message').count()).toBeGreaterThan(20);
      expect(await page.locator('svg.lamport g.message.dropped').count()).toBeGreaterThan(0);
      expect(await page.locator('svg.lamport text.actor').allTextContents()).toEqual(expect.arrayContaining(['n0', 'n1', 'n2']));
      await screenshot(page, 'docs/lab/simulate-recovery.png', { selector: '#run-recovery' });
      await screenshot(page, 'docs/lab/simulate-messages.png', { selector: '#run-messages' });
    });
  });

  it('draws a pause and a clock skew on the row of the node they hit, within their time span', async () => {
    // node 2 paused from 400 to 900 ms, node 0's clock 300 ms behind from 1200 to 2000 ms
    const schedule = [
      { atMs: 400, durationMs: 500, fault: { kind: 'pause' as const, nodes: [2] } },
      { atMs: 1_200, durationMs: 800, fault: { kind: 'clock-skew' as const, nodes: [0], skewMs: -300 } },
    ];
    const options = { seed: 5, protocol: { kind: 'raft' as const, replicas: 3 }, workload: { operations: 600, clients: 2 }, faults: { schedule } };
    const path = join(directory, 'pause-skew.html');
    writeSimulateReport(path, { options, report: simulate(options), replay: 'pacelc simulate --protocol raft --seed 5' });
    await session.withPage(path, async (page) => {
      await nextFrame(page);
      const canvas = await page.locator('canvas.run-timeline').boundingBox();
      if (canvas === null) throw new Error('no timeline');
      const range = await inPage<{ start: number; end: number }>(page, 'pacelcRun.range()');
      const xOf = (time: number) => canvas.x + 120 + ((time - range.start) / (range.end - range.start)) * (canvas.width - 120);
      const rowOf = (node: number) => ({ y: canvas.y + 24 + node * 18 + 5, height: 8 });
      /** The ink of a 6-pixel-wide strip of a node's row at a time. */
      const at = (node: number, time: number) => colours(page, { x: xOf(time) - 3, width: 6, ...rowOf(node) });
      // the pause: purple on node 2's row from start to end, nowhere before or after, nor on node 0's row
      for (const time of [430, 650, 870]) expect((await at(2, time)).purple).toBeGreaterThan(0.5);
      for (const time of [330, 970, 1_600]) expect((await at(2, time)).purple).toBe(0);
      expect((await at(0, 650)).purple).toBe(0);
      // the clock skew: blue on node 0's row within 1200–2000 ms only, not on node 2's row
      for (const time of [1_240, 1_600, 1_960]) expect((await at(0, time)).blue).toBeGreaterThan(0.5);
      for (const time of [1_130, 2_080, 650]) expect((await at(0, time)).blue).toBe(0);
      expect((await at(2, 1_600)).blue).toBe(0);
      // both are named in the run's list of faults, with their nodes
      const faults = await inPage<Array<{ kind: string; nodes: number[]; startMs: number; endMs: number }>>(page, 'JSON.parse(document.getElementById("pacelc-data").textContent).run.faults');
      expect(faults.map(({ kind, nodes, startMs, endMs }) => ({ kind, nodes, startMs, endMs }))).toEqual([
        { kind: 'pause', nodes: [2], startMs: 400, endMs: 900 },
        { kind: 'clock-skew', nodes: [0], startMs: 1_200, endMs: 2_000 },
      ]);
    });
  });

  it('pacelc simulate --html: a refuted claim, its blamed operation in red, and the replay command', async () => {
    const path = join(directory, 'leaderless.html');
    const { code, err } = await cli('simulate', '--protocol', 'leaderless', '--n', '5', '--w', '3', '--r', '2', '--faults', 'partition', '--ops', '10000', '--seed', '7', '--html', path);
    expect(code).toBe(1);
    expect(err).toMatch(/^report: .*leaderless\.html \(\d+ kB\)\n$/);
    await session.withPage(path, async (page) => {
      expect(await page.locator('#run-summary .verdict').innerText()).toBe('refuted');
      expect(await page.locator('#replay').innerText()).toBe('pacelc simulate --protocol leaderless --n 5 --w 3 --r 2 --faults partition --ops 10000 --seed 7');
      await nextFrame(page);
      const blamed = Number((await page.locator('#violating li .mono').first().innerText()).slice(1));
      const box = await inPage<Box | undefined>(page, `pacelcRun.boxOf(${blamed})`);
      expect(box).toBeDefined();
      const { x, y, width, height } = box as Box;
      expect(width).toBeGreaterThan(3);
      expect((await colours(page, { x: x - 2, y: y - 2, width: width + 4, height: height + 4 })).red).toBeGreaterThan(0.5);
      await page.mouse.move((box as Box).x + (box as Box).width / 2, (box as Box).y + (box as Box).height / 2);
      await expect.poll(() => page.locator('#tooltip').innerText()).toContain(`#${blamed} · client`);
      expect(await page.locator('#tooltip').innerText()).toContain('blamed: linearizable');
      await page.mouse.move(0, 0);
      await screenshot(page, 'docs/lab/simulate-refuted.png', { selector: '#run-timeline' });
    });
  });

  it('pacelc verify --html: each entity, and the refuting run of the refuted one drawn', async () => {
    const path = join(directory, 'verify.html');
    const { code } = await cli('verify', 'examples/verify/async-ledger.yaml', '--html', path);
    expect(code).toBe(1);
    await session.withPage(path, async (page) => {
      expect(await page.locator('#entities tr[data-verdict="violated"]').count()).toBe(1);
      expect(await inPage<string>(page, 'pacelcRun.entity()')).toBe('balance');
      expect(await page.locator('#replay').innerText()).toMatch(/^pacelc simulate --protocol leader-follower --mode asynchronous .* --seed \d+$/);
      expect(await page.locator('#violating li').count()).toBeGreaterThan(0);
      await screenshot(page, 'docs/lab/verify-refuted.png', { selector: '#run-summary' });
    });
  });
});
