// Two replicas of a shopping cart edit offline, then sync by exchanging deltas: the cart is an
// OR-map of PN-counters (item -> quantity), so nothing is lost and a concurrent removal does not
// erase an addition. Beside it, the same edits in a last-writer-wins map lose one replica's work.
// Run: npx tsx examples/crdt/offline-cart.ts
import { LWWMap, ORMap, PNCounter } from 'pacelc/crdt';
import { ManualRuntime } from 'pacelc/runtime';

export async function main(options: { readonly phoneClockSkewMs?: number } = {}): Promise<string[]> {
  const laptopClock = new ManualRuntime({ startWallMs: 1_700_000_000_000 });
  const phoneClock = new ManualRuntime({ startWallMs: 1_700_000_000_000 + (options.phoneClockSkewMs ?? -60_000) });

  // Both start from the same synced cart.
  const laptop = ORMap.empty('laptop', PNCounter);
  const phone = ORMap.empty('phone', PNCounter);
  phone.merge(laptop.update('milk', (quantity) => quantity.increment(1)));
  phone.merge(laptop.update('eggs', (quantity) => quantity.increment(6)));

  // Offline: the laptop adds two milk and removes the eggs; the phone adds bread and one more milk.
  const laptopDeltas = [laptop.update('milk', (q) => q.increment(2)), laptop.remove('eggs')];
  const phoneDeltas = [phone.update('bread', (q) => q.increment(1)), phone.update('milk', (q) => q.increment(1))];

  // Back online: deltas cross, in any order, even twice.
  for (const delta of [...phoneDeltas, ...phoneDeltas]) laptop.merge(delta);
  for (const delta of [...laptopDeltas].reverse()) phone.merge(delta);
  const show = (cart: ORMap<PNCounter>): string => [...cart.value()].map(([item, quantity]) => `${item}=${quantity.value()}`).join(' ');

  // The same edits as last-writer-wins whole values, with the phone's clock behind.
  const lwwLaptop = LWWMap.empty<number>('laptop', { runtime: laptopClock });
  const lwwPhone = LWWMap.empty<number>('phone', { runtime: phoneClock });
  lwwPhone.merge(lwwLaptop.set('milk', 1));
  lwwPhone.merge(lwwLaptop.set('eggs', 6));
  await laptopClock.advance(600_000); // ten minutes later the laptop edits...
  const lwwLaptopDeltas = [lwwLaptop.set('milk', (lwwLaptop.get('milk') ?? 0) + 2), lwwLaptop.delete('eggs')];
  await phoneClock.advance(630_000); // ...and half a minute after that, the phone
  const lwwPhoneDeltas = [lwwPhone.set('bread', 1), lwwPhone.set('milk', (lwwPhone.get('milk') ?? 0) + 1)];
  for (const delta of lwwPhoneDeltas) lwwLaptop.merge(delta);
  for (const delta of lwwLaptopDeltas) lwwPhone.merge(delta);
  const showLww = (cart: LWWMap<number>): string => [...cart.value()].map(([item, quantity]) => `${item}=${quantity}`).join(' ');

  return [
    `OR-map laptop: ${show(laptop)}`,
    `OR-map phone:  ${show(phone)}`,
    `LWW    laptop: ${showLww(lwwLaptop)}`,
    `LWW    phone:  ${showLww(lwwPhone)}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
