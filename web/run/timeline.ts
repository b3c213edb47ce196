// A run's timeline on a canvas: one row per node (the faults that hit it, the replies it sent),
// one row per client (each operation a bar from call to return, the violating ones in red), and
// every fault window shaded across all rows.
import type { RunView } from '../../src/lab/run-report-data.js';
import type { TimeRange } from './time-range.js';
import { beginFrame, niceStep } from '../shared/canvas.js';

const labelWidth = 120;
const axisHeight = 24;
const rowHeight = 18;
const barHeight = 11;

export const faultColors: Record<string, string> = {
  partition: 'rgba(221, 107, 32, 0.16)',
  'partition-one-way': 'rgba(221, 107, 32, 0.12)',
  isolate: 'rgba(221, 107, 32, 0.16)',
  crash: 'rgba(197, 48, 48, 0.16)',
  'disk-fault': 'rgba(155, 44, 44, 0.2)',
  pause: 'rgba(128, 90, 213, 0.16)',
  'clock-skew': 'rgba(49, 130, 206, 0.14)',
  'latency-spike': 'rgba(214, 158, 46, 0.18)',
};
const faultInk: Record<string, string> = { partition: '#c05621', 'partition-one-way': '#c05621', isolate: '#c05621', crash: '#c53030', 'disk-fault': '#9b2c2c', pause: '#6b46c1', 'clock-skew': '#2b6cb0', 'latency-spike': '#b7791f' };

export class RunTimeline {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly rows: Array<{ label: string; node?: number; client?: number }> = [];
  /** Client row -> its operation indexes sorted by call. */
  private readonly byClient: Int32Array[];
  private readonly violating = new Map<number, string>();
  private frame = 0;
  drawnBars = 0;

  constructor(
    private readonly view: RunView,
    private readonly range: TimeRange,
    container: HTMLElement,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'run-timeline';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'timeline: nodes with the faults that hit them, clients with their operations');
    container.append(this.canvas);
    const context = this.canvas.getContext('2d');
    if (context === null) throw new Error('this browser cannot draw on a canvas');
    this.context = context;
    view.nodes.forEach((name, node) => this.rows.push({ label: `node ${name}`, node }));
    for (let client = 0; client < view.clients; client++) this.rows.push({ label: `client ${client}`, client });
    const lists: number[][] = Array.from({ length: view.clients }, () => []);
    view.operations.client.forEach((client, index) => lists[client]?.push(index));
    this.byClient = lists.map((list) => Int32Array.from(list.sort((left, right) => (view.operations.call[left] as number) - (view.operations.call[right] as number))));
    const indexOf = new Map<number, number>();
    view.operations.id.forEach((id, index) => indexOf.set(id, index));
    for (const entry of view.violating) {
      const index = indexOf.get(entry.id);
      if (index !== undefined && !this.violating.has(index)) this.violating.set(index, entry.why);
    }
    range.onChange(() => this.request());
    new ResizeObserver(() => this.request()).observe(container);
  }

  request(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  height(): number {
    return axisHeight + this.rows.length * rowHeight + 4;
  }

  width(): number {
    return Math.max(400, this.canvas.parentElement?.clientWidth ?? 800);
  }

  xAt(time: number): number {
    return labelWidth + ((time - this.range.start) / (this.range.end - this.range.start)) * (this.width() - labelWidth);
  }

  timeAt(x: number): number {
    return this.range.start + ((x - labelWidth) / (this.width() - labelWidth)) * (this.range.end - this.range.start);
  }

  /** The operation (index) or fault under a canvas point. */
  hit(x: number, y: number): { operation: number } | { fault: number } | undefined {
    if (x < labelWidth || y < axisHeight) return undefined;
    const row = this.rows[Math.floor((y - axisHeight) / rowHeight)];
    if (row === undefined) return undefined;
    const time = this.timeAt(x);
    const slack = (3 / (this.width() - labelWidth)) * (this.range.end - this.range.start);
    if (row.client !== undefined) {
      const list = this.byClient[row.client] ?? new Int32Array(0);
      const { call } = this.view.operations;
      let low = 0;
      let high = list.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((call[list[middle] as number] as number) <= time + slack) low = middle + 1;
        else high = middle;
      }
      const index = low - 1;
      if (index >= 0 && time <= this.endOf(list, index) + slack) return { operation: list[index] as number };
      return undefined;
    }
    const fault = this.view.faults.findIndex((entry) => entry.nodes.includes(row.node as number) && time >= entry.startMs && time <= entry.endMs);
    return fault >= 0 ? { fault } : undefined;
  }

  /** Where an operation's bar is, in page coordinates (undefined when out of view). */
  boxOf(index: number): { x: number; y: number; width: number; height: number } | undefined {
    const client = this.view.operations.client[index];
    if (client === undefined) return undefined;
    const list = this.byClient[client] ?? new Int32Array(0);
    const position = list.indexOf(index);
    const x0 = Math.max(labelWidth, this.xAt(this.view.operations.call[index] as number));
    const x1 = Math.min(this.width(), this.xAt(this.endOf(list, position)));
    if (x1 < labelWidth || x0 > this.width()) return undefined;
    const rect = this.canvas.getBoundingClientRect();
    const y = axisHeight + (this.view.nodes.length + client) * rowHeight + (rowHeight - barHeight) / 2;
    return { x: rect.left + x0, y: rect.top + y, width: Math.max(1, x1 - x0), height: barHeight };
  }

  violationOf(index: number): string | undefined {
    return this.violating.get(index);
  }

  draw(): void {
    const width = this.width();
    const height = this.height();
    const context = beginFrame(this.canvas, this.context, width, height);
    this.drawnBars = 0;
    const nodes = this.view.nodes.length;
    // row backgrounds
    this.rows.forEach((_, row) => {
      if (row % 2 === 1) {
        context.fillStyle = '#f8fafc';
        context.fillRect(labelWidth, axisHeight + row * rowHeight, width - labelWidth, rowHeight);
      }
    });
    context.fillStyle = '#cbd5e0';
    context.fillRect(labelWidth, axisHeight + nodes * rowHeight - 0.5, width - labelWidth, 1);
    context.save();
    context.beginPath();
    context.rect(labelWidth, 0, width - labelWidth, height);
    context.clip();
    // fault windows: faint across every row, strong on the nodes they hit
    for (const fault of this.view.faults) {
      const x0 = this.xAt(fault.startMs);
      const x1 = Math.max(x0 + 2, this.xAt(fault.endMs));
      if (x1 < labelWidth || x0 > width) continue;
      context.fillStyle = faultColors[fault.kind] ?? 'rgba(113,128,150,0.15)';
      context.fillRect(x0, axisHeight, x1 - x0, height - axisHeight);
      context.fillStyle = faultInk[fault.kind] ?? '#4a5568';
      for (const node of fault.nodes) {
        const group = fault.groups?.findIndex((members) => members.includes(node)) ?? -1;
        const y = axisHeight + node * rowHeight + 3;
        context.globalAlpha = group > 0 ? 0.45 : 0.75;
        context.fillRect(x0, y, x1 - x0, rowHeight - 6);
        context.globalAlpha = 1;
      }
      context.fillStyle = faultInk[fault.kind] ?? '#4a5568';
      context.fillText(clip(context, fault.description, Math.max(0, x1 - x0 - 4)), x0 + 2, axisHeight - 7 + 0);
    }
    // replies sent by each node: a tick per operation it answered
    const { call, ret, outcome, node, f } = this.view.operations;
    context.fillStyle = 'rgba(45, 55, 72, 0.5)';
    for (let index = 0; index < node.length; index++) {
      const served = node[index] as number;
      const returned = ret[index] as number;
      if (served < 0 || returned < 0 || returned < this.range.start || returned > this.range.end) continue;
      context.fillRect(this.xAt(returned), axisHeight + served * rowHeight + rowHeight / 2 - 2, 1, 4);
    }
    // client operations
    this.byClient.forEach((list, client) => {
      const top = axisHeight + (nodes + client) * rowHeight + (rowHeight - barHeight) / 2;
      let lastPixel = -1;
      for (let position = 0; position < list.length; position++) {
        const index = list[position] as number;
        const begin = call[index] as number;
        const stop = this.endOf(list, position);
        if (stop < this.range.start || begin > this.range.end) continue;
        const x0 = this.xAt(begin);
        const x1 = Math.max(x0 + 1, this.xAt(stop));
        const bad = this.violating.has(index);
        if (!bad && x1 - x0 < 1.5 && Math.floor(x0) === lastPixel) continue;
        lastPixel = Math.floor(x0);
        this.drawnBars++;
        const name = this.view.functions[f[index] as number] ?? '';
        const result = outcome[index] as number;
        context.fillStyle = result === 1 ? '#cbd5e0' : result === 2 ? '#ecc94b' : name === 'read' || name === 'get' ? '#3182ce' : name === 'cas' ? '#805ad5' : '#dd6b20';
        context.fillRect(x0, top, x1 - x0, barHeight);
        if (bad) {
          context.fillStyle = 'rgba(197, 48, 48, 0.9)';
          context.fillRect(x0, top, x1 - x0, barHeight);
          context.strokeStyle = '#c53030';
          context.lineWidth = 2;
          context.strokeRect(x0 - 2, top - 2, x1 - x0 + 4, barHeight + 4);
          context.lineWidth = 1;
        }
      }
    });
    context.restore();
    // labels and axis
    context.fillStyle = '#ffffff';
    context.fillRect(0, axisHeight, labelWidth, height - axisHeight);
    this.rows.forEach((row, index) => {
      context.fillStyle = row.node !== undefined ? '#1d232b' : '#5d6876';
      context.fillText(row.label, 8, axisHeight + index * rowHeight + rowHeight / 2);
    });
    this.drawAxis(width);
    this.canvas.dataset['bars'] = String(this.drawnBars);
  }

  private drawAxis(width: number): void {
    const context = this.context;
    context.fillStyle = '#5d6876';
    const step = niceStep((this.range.end - this.range.start) / Math.max(1, (width - labelWidth) / 110));
    for (let tick = Math.ceil(this.range.start / step) * step; tick <= this.range.end; tick += step) {
      const x = this.xAt(tick);
      if (x < labelWidth) continue;
      context.fillRect(x, axisHeight - 5, 1, 5);
      context.fillText(formatTime(Math.abs(tick) < step / 2 ? 0 : tick, step), x + 3, 7);
    }
    context.fillText('virtual time', 8, 7);
  }

  private endOf(list: Int32Array, position: number): number {
    const index = list[position] as number;
    const returned = this.view.operations.ret[index] as number;
    if (returned >= 0) return returned;
    const next = list[position + 1];
    return next === undefined ? this.view.workloadEndMs : (this.view.operations.call[next] as number);
  }
}


export function formatTime(ms: number, step: number): string {
  if (step >= 1_000) return `${(ms / 1_000).toLocaleString('en-US', { maximumFractionDigits: Math.max(0, -Math.floor(Math.log10(step / 1_000))) })} s`;
  return `${ms.toLocaleString('en-US', { maximumFractionDigits: Math.max(0, -Math.floor(Math.log10(step))) })} ms`;
}

function clip(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (context.measureText(`${text.slice(0, middle)}…`).width <= width) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? '' : `${text.slice(0, low)}…`;
}
