// Latency and availability over time (uPlot), each shaded by the fault windows, zooming with the
// timeline (drag across a chart to zoom; double-click to see the whole run).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RunView } from '../../src/lab/run-report-data.js';
import type { TimeRange } from './time-range.js';
import { faultColors } from './timeline.js';

export function drawCharts(view: RunView, range: TimeRange, container: HTMLElement): uPlot[] {
  const { series } = view;
  const t = series.t.map((start) => start + series.bucketMs / 2);
  const shade = (plot: uPlot): void => {
    const context = plot.ctx;
    const { top, height } = plot.bbox;
    context.save();
    for (const fault of view.faults) {
      const x0 = plot.valToPos(fault.startMs, 'x', true);
      const x1 = plot.valToPos(fault.endMs, 'x', true);
      context.fillStyle = faultColors[fault.kind] ?? 'rgba(113,128,150,0.15)';
      context.fillRect(x0, top, Math.max(2, x1 - x0), height);
    }
    context.restore();
  };
  let syncing = false;
  const onScale = (plot: uPlot, key: string): void => {
    if (key !== 'x' || syncing) return;
    const { min, max } = plot.scales.x ?? {};
    if (min === undefined || max === undefined || min === null || max === null) return;
    range.set(min, max, plot);
  };
  const width = (): number => Math.max(400, container.clientWidth - 4);
  const common = (title: string, height: number): Omit<uPlot.Options, 'series'> => ({
    title,
    width: width(),
    height,
    scales: { x: { time: false, min: range.start, max: range.end } },
    axes: [{ label: 'virtual time (ms)' }, { label: '' }],
    hooks: { drawClear: [shade], setScale: [onScale] },
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
  });
  const latency = new uPlot(
    {
      ...common('Latency of successful operations (ms), by completion time', 220),
      axes: [{ label: 'virtual time (ms)' }, { label: 'ms' }],
      series: [{ label: 'time (ms)' }, { label: 'p50', stroke: '#2b6cb0', width: 1.5, spanGaps: false }, { label: 'p99', stroke: '#c53030', width: 1.5, spanGaps: false }],
    },
    [t, series.p50Ms, series.p99Ms] as uPlot.AlignedData,
    container,
  );
  const availability = new uPlot(
    {
      ...common('Availability (% of operations invoked that succeeded) and throughput', 220),
      scales: { x: { time: false, min: range.start, max: range.end }, percent: { range: [0, 100] }, throughput: {} },
      axes: [{ label: 'virtual time (ms)' }, { scale: 'percent', label: '% ok' }, { scale: 'throughput', side: 1, label: 'ok/s', grid: { show: false } }],
      series: [
        { label: 'time (ms)' },
        { label: 'availability %', scale: 'percent', stroke: '#2f855a', width: 1.5, fill: 'rgba(47,133,90,0.08)', spanGaps: false },
        { label: 'throughput ok/s', scale: 'throughput', stroke: '#718096', width: 1 },
      ],
    },
    [t, series.availability.map((value) => (value === null ? null : value * 100)), series.throughput] as uPlot.AlignedData,
    container,
  );
  const plots = [latency, availability];
  range.onChange((start, end, source) => {
    syncing = true;
    for (const plot of plots) if (plot !== source) plot.setScale('x', { min: start, max: end });
    syncing = false;
  });
  for (const plot of plots) plot.over.addEventListener('dblclick', () => range.reset());
  new ResizeObserver(() => {
    for (const plot of plots) plot.setSize({ width: width(), height: plot.height });
  }).observe(container);
  return plots;
}
