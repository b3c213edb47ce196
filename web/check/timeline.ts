// The check timeline on a canvas: every operation a bar from call to return, open-ended when it
// never returned; zoom (ctrl+wheel, double-click, buttons, + and -), pan (drag, shift+wheel,
// arrows), scroll (wheel). Only what is in view is drawn, and bars narrower than a pixel are
// merged, so 100,000 operations draw in milliseconds.
import type { CheckReportData } from '../../src/lab/check-report-data.js';
import type { Row } from './lanes.js';
import { beginFrame, niceStep } from '../shared/canvas.js';

export type Mark = 'deadline' | 'blocked' | 'prefix' | 'violation' | 'cause' | 'selected';

export interface Overlay {
  /** Operation indexes in linearization order, and the state after each. */
  readonly operations: readonly number[];
  readonly states: readonly string[];
}

const labelWidth = 150;
const axisHeight = 26;
const rowHeight = 20;
const headerHeight = 22;
const barHeight = 13;

const functionColors: Record<string, string> = { read: '#3182ce', get: '#3182ce', write: '#dd6b20', put: '#dd6b20', cas: '#805ad5', append: '#319795' };

export class Timeline {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private rows: Row[] = [];
  private rowTop: Float64Array = new Float64Array(0);
  private contentHeight = 0;
  /** The operation index -> row it is drawn in. */
  private rowOf: Int32Array;
  private start = 0;
  private end = 1;
  private scrollY = 0;
  private frame = 0;
  private readonly marks = new Map<number, Mark>();
  private overlay: Overlay | undefined;
  /** What the last frame drew (read by the tests and the bench). */
  drawnBars = 0;
  drawnRows = 0;

  constructor(
    private readonly data: CheckReportData,
    container: HTMLElement,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'timeline';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'timeline of operations: each bar runs from call to return');
    container.append(this.canvas);
    const context = this.canvas.getContext('2d');
    if (context === null) throw new Error('this browser cannot draw on a canvas');
    this.context = context;
    this.rowOf = new Int32Array(data.operations.id.length).fill(-1);
    this.fit();
    new ResizeObserver(() => this.request()).observe(container);
  }

  setRows(rows: Row[]): void {
    this.rows = rows;
    this.rowTop = new Float64Array(rows.length);
    let top = 0;
    this.rowOf.fill(-1);
    rows.forEach((row, index) => {
      this.rowTop[index] = top;
      top += row.header ? headerHeight : rowHeight;
      for (const operation of row.operations) this.rowOf[operation] = index;
    });
    this.contentHeight = top;
    this.scrollY = 0;
    this.request();
  }

  setMarks(marks: ReadonlyMap<number, Mark>): void {
    this.marks.clear();
    for (const [operation, mark] of marks) this.marks.set(operation, mark);
    this.request();
  }

  setOverlay(overlay: Overlay | undefined): void {
    this.overlay = overlay;
    this.request();
  }

  /** The whole history in view. */
  fit(): void {
    const { call } = this.data.operations;
    let low = Number.POSITIVE_INFINITY;
    for (const value of call) low = Math.min(low, value);
    if (!Number.isFinite(low)) low = 0;
    const high = Math.max(this.data.axisEnd, low + 1);
    const margin = (high - low) * 0.01;
    this.setView(low - margin, high + margin);
  }

  setView(start: number, end: number): void {
    const span = Math.max(end - start, 1e-6);
    this.start = start;
    this.end = start + span;
    this.request();
  }

  view(): { start: number; end: number } {
    return { start: this.start, end: this.end };
  }

  /** Zooms by `factor` (> 1 zooms in) keeping the time under canvas x `atX` in place. */
  zoom(factor: number, atX = labelWidth + this.plotWidth() / 2): void {
    const at = this.timeAt(atX);
    const span = (this.end - this.start) / factor;
    const fraction = (atX - labelWidth) / this.plotWidth();
    this.setView(at - span * fraction, at - span * fraction + span);
  }

  /** Moves the view by `pixels` (positive: later in time). */
  pan(pixels: number): void {
    const shift = (pixels / this.plotWidth()) * (this.end - this.start);
    this.setView(this.start + shift, this.end + shift);
  }

  scrollBy(pixels: number): void {
    this.scrollY = Math.max(0, Math.min(this.scrollY + pixels, Math.max(0, this.contentHeight - this.plotHeight())));
    this.request();
  }

  /** Brings operations into view: their time span (with room around) and the row of the first. */
  focus(operations: readonly number[]): void {
    const { call, ret } = this.data.operations;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const operation of operations) {
      low = Math.min(low, call[operation] as number);
      high = Math.max(high, this.endOf(operation, ret[operation] as number));
    }
    if (!Number.isFinite(low)) return;
    // room for the operations around them: at least ten typical operations' length on each side
    const margin = Math.max(high - low, 10 * this.typicalDuration());
    this.setView(low - margin, high + margin);
    const row = this.rowOf[operations[0] as number] ?? -1;
    if (row >= 0) {
      const top = this.rowTop[row] as number;
      if (top < this.scrollY || top > this.scrollY + this.plotHeight() - rowHeight) this.scrollY = 0;
      this.scrollBy(top - this.plotHeight() / 3 - this.scrollY);
    }
  }

  /** The operation under canvas point (x, y), or -1. */
  hit(x: number, y: number): number {
    if (x < labelWidth || y < axisHeight) return -1;
    const row = this.rowAt(y - axisHeight + this.scrollY);
    if (row < 0) return -1;
    const entry = this.rows[row] as Row;
    const time = this.timeAt(x);
    const slack = (3 / this.plotWidth()) * (this.end - this.start);
    const list = entry.operations;
    const index = upperBound(list, this.data.operations.call, time + slack) - 1;
    if (index < 0) return -1;
    const operation = list[index] as number;
    const stop = this.drawnEnd(list, index);
    return time <= stop + slack ? operation : -1;
  }

  /** Where an operation's bar is, in page coordinates, or undefined when it is out of view. */
  boxOf(operation: number): { x: number; y: number; width: number; height: number } | undefined {
    const row = this.rowOf[operation] ?? -1;
    if (row < 0) return undefined;
    const list = (this.rows[row] as Row).operations;
    const index = indexIn(list, this.data.operations.call, operation);
    const x0 = Math.max(labelWidth, this.xAt(this.data.operations.call[operation] as number));
    const x1 = Math.min(this.cssWidth(), this.xAt(this.drawnEnd(list, index)));
    const y = axisHeight + (this.rowTop[row] as number) - this.scrollY + (rowHeight - barHeight) / 2;
    if (x1 < labelWidth || x0 > this.cssWidth() || y < axisHeight || y > this.cssHeight()) return undefined;
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + x0, y: rect.top + y, width: Math.max(1, x1 - x0), height: barHeight };
  }

  request(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws now (tests call it through request(); the first paint calls it directly). */
  draw(): void {
    const width = this.cssWidth();
    const height = this.desiredHeight();
    beginFrame(this.canvas, this.context, width, height);
    this.drawnBars = 0;
    this.drawnRows = 0;
    const plotBottom = height;
    const first = Math.max(0, this.rowAt(this.scrollY));
    for (let row = first; row < this.rows.length; row++) {
      const top = axisHeight + (this.rowTop[row] as number) - this.scrollY;
      if (top > plotBottom) break;
      this.drawRow(row, top, width);
      this.drawnRows++;
    }
    this.drawOverlay(width);
    this.drawAxis(width);
    this.canvas.dataset['bars'] = String(this.drawnBars);
  }

  private drawRow(row: number, top: number, width: number): void {
    const context = this.context;
    const entry = this.rows[row] as Row;
    if (entry.header) {
      context.fillStyle = '#edf2f7';
      context.fillRect(0, top, width, headerHeight);
      context.fillStyle = '#1d232b';
      context.font = '600 12px system-ui, "DejaVu Sans", sans-serif';
      context.fillText(entry.label, 6, top + headerHeight / 2);
      context.font = '11px system-ui, "DejaVu Sans", sans-serif';
      return;
    }
    if (row % 2 === 0) {
      context.fillStyle = '#f8fafc';
      context.fillRect(labelWidth, top, width - labelWidth, rowHeight);
    }
    const { call, ret, outcome, f, input, output } = this.data.operations;
    const list = entry.operations;
    const barTop = top + (rowHeight - barHeight) / 2;
    let lastPixel = -1;
    context.save();
    context.beginPath();
    context.rect(labelWidth, top, width - labelWidth, rowHeight);
    context.clip();
    for (let index = Math.max(0, upperBound(list, call, this.start) - 1); index < list.length; index++) {
      const operation = list[index] as number;
      const begin = call[operation] as number;
      if (begin > this.end) break;
      const open = (ret[operation] as number) < 0;
      const stop = this.drawnEnd(list, index);
      const x0 = this.xAt(begin);
      const x1 = Math.max(x0 + 1, this.xAt(stop));
      const mark = this.marks.get(operation);
      if (x1 - x0 < 1.5 && mark === undefined && Math.floor(x0) === lastPixel) continue;
      lastPixel = Math.floor(x0);
      this.drawnBars++;
      const name = this.data.functions[f[operation] as number] ?? '';
      const color = functionColors[name] ?? '#4a5568';
      const result = outcome[operation] as number;
      if (result === 1) {
        context.fillStyle = '#e2e8f0';
        context.fillRect(x0, barTop, x1 - x0, barHeight);
        context.strokeStyle = '#a0aec0';
        context.setLineDash([3, 2]);
        context.strokeRect(x0 + 0.5, barTop + 0.5, Math.max(0, x1 - x0 - 1), barHeight - 1);
        context.setLineDash([]);
      } else if (open) {
        const gradient = context.createLinearGradient(x0, 0, Math.max(x0 + 1, x1), 0);
        gradient.addColorStop(0, color);
        gradient.addColorStop(1, 'rgba(255,255,255,0)');
        context.fillStyle = gradient;
        context.fillRect(x0, barTop, x1 - x0, barHeight);
      } else {
        context.fillStyle = color;
        context.fillRect(x0, barTop, x1 - x0, barHeight);
      }
      if (mark !== undefined) this.drawMark(mark, x0, x1, barTop);
      if (x1 - x0 > 34) {
        const text = `${shortName(name)} ${input[operation] === 'null' ? '' : (input[operation] ?? '')}${result === 0 && output[operation] !== '' && output[operation] !== input[operation] ? ` → ${output[operation]}` : ''}${open ? ' ?' : result === 1 ? ' ✗' : ''}`;
        context.fillStyle = result === 1 ? '#4a5568' : '#ffffff';
        context.fillText(clip(context, text, x1 - x0 - 6), Math.max(x0, labelWidth) + 3, barTop + barHeight / 2 + 0.5);
      }
    }
    context.restore();
    context.fillStyle = '#ffffff';
    context.fillRect(0, top, labelWidth, rowHeight);
    context.fillStyle = '#5d6876';
    context.fillText(clip(context, entry.label, labelWidth - 16), 14, top + rowHeight / 2);
  }

  private drawMark(mark: Mark, x0: number, x1: number, barTop: number): void {
    const context = this.context;
    const colors: Record<Mark, string> = { deadline: '#c53030', blocked: '#e53e3e', prefix: '#2f855a', violation: '#c53030', cause: '#d69e2e', selected: '#1d232b' };
    if (mark === 'deadline' || mark === 'violation') {
      context.fillStyle = 'rgba(197, 48, 48, 0.85)';
      context.fillRect(x0, barTop, x1 - x0, barHeight);
    }
    context.strokeStyle = colors[mark];
    context.lineWidth = mark === 'prefix' ? 2 : 2.5;
    context.strokeRect(x0 - 1, barTop - 1.5, x1 - x0 + 2, barHeight + 3);
    context.lineWidth = 1;
  }

  /** The selected partial linearization: a line through each operation's linearization point, with the state after it. */
  private drawOverlay(width: number): void {
    const overlay = this.overlay;
    if (overlay === undefined || overlay.operations.length === 0) return;
    const { call } = this.data.operations;
    const context = this.context;
    context.save();
    context.beginPath();
    context.rect(labelWidth, axisHeight, width - labelWidth, this.cssHeight() - axisHeight);
    context.clip();
    let point = Number.NEGATIVE_INFINITY;
    const points: Array<{ x: number; y: number; state: string }> = [];
    overlay.operations.forEach((operation, step) => {
      point = Math.max(point, call[operation] as number);
      const row = this.rowOf[operation] ?? -1;
      if (row < 0) return;
      const y = axisHeight + (this.rowTop[row] as number) - this.scrollY + rowHeight / 2;
      points.push({ x: this.xAt(point), y, state: overlay.states[step] ?? '' });
    });
    context.strokeStyle = 'rgba(47, 133, 90, 0.9)';
    context.lineWidth = 1.5;
    context.beginPath();
    points.forEach((entry, index) => (index === 0 ? context.moveTo(entry.x, entry.y) : context.lineTo(entry.x, entry.y)));
    context.stroke();
    let lastLabel = Number.NEGATIVE_INFINITY;
    for (const entry of points) {
      if (entry.x < labelWidth - 4 || entry.x > width + 4) continue;
      context.fillStyle = '#2f855a';
      context.beginPath();
      context.arc(entry.x, entry.y, 3.5, 0, Math.PI * 2);
      context.fill();
      if (entry.state !== '' && entry.x - lastLabel > 60) {
        lastLabel = entry.x;
        const text = clip(context, entry.state, 90);
        const textWidth = context.measureText(text).width;
        context.fillStyle = 'rgba(255,255,255,0.9)';
        context.fillRect(entry.x + 4, entry.y - 17, textWidth + 6, 13);
        context.fillStyle = '#22543d';
        context.fillText(text, entry.x + 7, entry.y - 10);
      }
    }
    context.restore();
  }

  private drawAxis(width: number): void {
    const context = this.context;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, axisHeight);
    context.strokeStyle = '#d5dbe3';
    context.beginPath();
    context.moveTo(0, axisHeight - 0.5);
    context.lineTo(width, axisHeight - 0.5);
    context.stroke();
    const step = niceStep((this.end - this.start) / Math.max(1, this.plotWidth() / 110));
    context.fillStyle = '#5d6876';
    const unit = this.data.axis === 'ms' ? ' ms' : '';
    for (let tick = Math.ceil(this.start / step) * step; tick <= this.end; tick += step) {
      const x = this.xAt(tick);
      if (x < labelWidth) continue;
      context.fillRect(x, axisHeight - 6, 1, 6);
      context.fillText(`${formatTick(tick, step)}${unit}`, x + 3, 10);
    }
    context.fillText(this.data.axis === 'ms' ? 'time' : 'history position', 6, 10);
  }

  /** Where an operation's bar ends: its return, or for one that never returned, the next call on its row (or the end). */
  private drawnEnd(list: Int32Array, index: number): number {
    const operation = list[index] as number;
    const returned = this.data.operations.ret[operation] as number;
    if (returned >= 0) return returned;
    const next = list[index + 1];
    return next === undefined ? this.data.axisEnd : (this.data.operations.call[next] as number);
  }

  private endOf(operation: number, returned: number): number {
    if (returned >= 0) return returned;
    const row = this.rowOf[operation] ?? -1;
    if (row < 0) return this.data.axisEnd;
    const list = (this.rows[row] as Row).operations;
    return this.drawnEnd(list, indexIn(list, this.data.operations.call, operation));
  }

  private typical: number | undefined;

  /** The median length of the operations that returned (at least 1 on the axis). */
  private typicalDuration(): number {
    if (this.typical !== undefined) return this.typical;
    const { call, ret } = this.data.operations;
    const lengths: number[] = [];
    const every = Math.max(1, Math.floor(call.length / 5_000));
    for (let index = 0; index < call.length; index += every) if ((ret[index] as number) >= 0) lengths.push((ret[index] as number) - (call[index] as number));
    lengths.sort((left, right) => left - right);
    this.typical = Math.max(lengths[lengths.length >> 1] ?? 1, this.data.axis === 'event' ? 1 : 1e-3);
    return this.typical;
  }

  private rowAt(y: number): number {
    let low = 0;
    let high = this.rows.length - 1;
    if (high < 0 || y < 0) return -1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.rowTop[middle] as number) <= y) low = middle;
      else high = middle - 1;
    }
    const entry = this.rows[low] as Row;
    return y < (this.rowTop[low] as number) + (entry.header ? headerHeight : rowHeight) ? low : -1;
  }

  private cssWidth(): number {
    return Math.max(400, this.canvas.parentElement?.clientWidth ?? 800);
  }

  private desiredHeight(): number {
    return Math.min(this.contentHeight + axisHeight + 4, Math.max(320, Math.round(window.innerHeight * 0.72)));
  }

  private cssHeight(): number {
    return this.desiredHeight();
  }

  private plotWidth(): number {
    return this.cssWidth() - labelWidth;
  }

  private plotHeight(): number {
    return this.cssHeight() - axisHeight;
  }

  private xAt(time: number): number {
    return labelWidth + ((time - this.start) / (this.end - this.start)) * this.plotWidth();
  }

  timeAt(x: number): number {
    return this.start + ((x - labelWidth) / this.plotWidth()) * (this.end - this.start);
  }
}

/** The first position in `list` whose operation's call is > `value`. */
function upperBound(list: Int32Array, call: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((call[list[middle] as number] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function indexIn(list: Int32Array, call: readonly number[], operation: number): number {
  let index = upperBound(list, call, call[operation] as number) - 1;
  while (index > 0 && list[index] !== operation) index--;
  return index;
}


function formatTick(value: number, step: number): string {
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  if (Math.abs(value) < step / 2) value = 0;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function shortName(name: string): string {
  return name === 'read' ? 'r' : name === 'write' ? 'w' : name;
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
