import { describe, expect, it } from 'vitest';
import { ManualRuntime } from '../runtime/index.js';
import { formatDuration, Progress } from './progress.js';

function fakeStream(isTTY: boolean): { isTTY: boolean; write: (text: string) => void; written: string[] } {
  const written: string[] = [];
  return { isTTY, written, write: (text) => void written.push(text) };
}

describe('Progress', () => {
  it('draws a bar with the count and the time left at the pace so far on a terminal', async () => {
    const runtime = new ManualRuntime();
    const stream = fakeStream(true);
    const progress = new Progress(stream, { unit: 'runs', clock: runtime.clock });
    progress.update(0, 400);
    await runtime.advance(10_000);
    progress.update(100, 400);
    expect(stream.written.at(-1)).toBe('\r\u001b[K[######..................] 100/400 runs · 25% · 30s left');
    await runtime.advance(50);
    progress.update(101, 400); // within 100 ms of the last draw: not redrawn
    expect(stream.written).toHaveLength(2);
    await runtime.advance(170_000);
    progress.update(360, 400);
    expect(stream.written.at(-1)).toContain('360/400 runs · 90% · 20s left');
    progress.update(400, 400); // the end is always drawn
    expect(stream.written.at(-1)).toContain('400/400 runs · 100% · done in 3m 00s');
    progress.phase('checking the history…');
    expect(stream.written.at(-1)).toBe('\r\u001b[Kchecking the history…');
    progress.clear();
    expect(stream.written.at(-1)).toBe('\r\u001b[K');
  });

  it('writes nothing at all on a pipe', () => {
    const stream = fakeStream(false);
    const progress = new Progress(stream, { unit: 'runs' });
    progress.update(1, 2);
    progress.phase('checking');
    progress.clear();
    expect(progress.enabled).toBe(false);
    expect(stream.written).toEqual([]);
  });

  it('says durations the way people read them', () => {
    expect([formatDuration(400), formatDuration(42_000), formatDuration(187_000), formatDuration(7_500_000)]).toEqual(['0s', '42s', '3m 07s', '2h 05m']);
  });
});
