// The time range every picture of a run shows: the timeline and the charts zoom and pan together.

export class TimeRange {
  private listeners: Array<(start: number, end: number, source: unknown) => void> = [];

  constructor(
    public start: number,
    public end: number,
    readonly min: number,
    readonly max: number,
  ) {}

  set(start: number, end: number, source?: unknown): void {
    const span = Math.max(1e-3, Math.min(end - start, (this.max - this.min) * 1.2));
    const from = Math.max(this.min - span * 0.1, Math.min(start, this.max - span * 0.9));
    this.start = from;
    this.end = from + span;
    for (const listener of this.listeners) listener(this.start, this.end, source);
  }

  zoom(factor: number, at = (this.start + this.end) / 2): void {
    const span = (this.end - this.start) / factor;
    const fraction = (at - this.start) / (this.end - this.start);
    this.set(at - span * fraction, at - span * fraction + span);
  }

  reset(): void {
    this.set(this.min, this.max);
  }

  onChange(listener: (start: number, end: number, source: unknown) => void): void {
    this.listeners.push(listener);
  }
}
