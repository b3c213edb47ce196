// Clocks side by side: a write from a node whose clock is 2 s slow, ordered by wall clock (lost),
// by a hybrid logical clock (kept when it saw the earlier write), and kept as siblings by dotted
// version vectors. Run: npx tsx examples/crdt/clocks.ts
import { HybridLogicalClock, SiblingSet, VectorClock, formatHlc, lastWriterWins } from 'pacelc/clocks';
import { ManualRuntime } from 'pacelc/runtime';

export async function main(options: { readonly skewMs?: number } = {}): Promise<string[]> {
  const skewMs = options.skewMs ?? -2_000;
  const runtimeA = new ManualRuntime({ startWallMs: 1_700_000_000_000 });
  const runtimeB = new ManualRuntime({ startWallMs: 1_700_000_000_000 + skewMs });
  const lines: string[] = [];

  // A writes; one real second later B, having read A's value, writes a correction.
  const first = { value: 'price=10', timestampMs: runtimeA.clock.nowMs(), node: 'A' };
  await runtimeA.advance(1_000);
  await runtimeB.advance(1_000);
  const second = { value: 'price=12', timestampMs: runtimeB.clock.nowMs(), node: 'B' };
  lines.push(`wall-clock LWW keeps: ${lastWriterWins(first, second).value} (B's clock is ${skewMs} ms off)`);

  const hlcA = new HybridLogicalClock({ runtime: runtimeA, maxOffsetMs: 5_000 });
  const hlcB = new HybridLogicalClock({ runtime: runtimeB, maxOffsetMs: 5_000 });
  const stampA = hlcA.now();
  hlcB.receive(stampA); // B reads A's write, and with it A's timestamp
  const stampB = hlcB.now();
  const hlcWinner = lastWriterWins({ value: 'price=10', timestampMs: stampA.wallMs, logical: stampA.logical, node: 'A' }, { value: 'price=12', timestampMs: stampB.wallMs, logical: stampB.logical, node: 'B' });
  lines.push(`HLC LWW keeps: ${hlcWinner.value} (A ${formatHlc(stampA)} < B ${formatHlc(stampB)})`);

  const a = VectorClock.empty().increment('A');
  const b = a.increment('B');
  const c = a.increment('C');
  lines.push(`vector clocks: ${a} vs ${b}: ${a.compare(b)}; ${b} vs ${c}: ${b.compare(c)}`);

  let cart = SiblingSet.empty<string>().write('node1', 'milk');
  const read = cart.read();
  cart = cart.write('node1', 'milk, eggs', read.context); // two clients, same stale read
  cart = cart.write('node1', 'milk, bread', read.context);
  lines.push(`dotted version vectors keep siblings: [${cart.read().values.join(' | ')}] context ${cart.context}`);
  cart = cart.write('node1', 'milk, eggs, bread', cart.read().context);
  lines.push(`after the client merges them: [${cart.read().values.join(' | ')}]`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
