import { expect, it } from 'vitest';
import { main } from './three-instances.js';

it('routes around a killed instance: ejected after two failed attempts per client, none user-visible, gone from every snapshot within the lease (docs/discovery.md)', async () => {
  const lines = await main();
  expect(lines).toHaveLength(7);
  expect(lines[0]).toBe('started greeter-1, greeter-2, greeter-3 (lease 2000 ms, heartbeat every 500 ms); 3 clients see 3 instances');
  expect(lines[1]).toBe('all up:      36 requests -> greeter-1 12, greeter-2 12, greeter-3 12; failed attempts 0, user-visible errors 0');
  expect(lines[2]).toBe('killed greeter-3: server destroyed, no deregistration, no more heartbeats');
  expect(lines[3]).toBe('right after: 36 requests -> greeter-1 18, greeter-2 18; failed attempts 6, user-visible errors 0');
  expect(lines[4]).toBe('             greeter-3 is ejected by every client (available: 2/2/2), still in the registry: true');
  const gone = /^lease ran out: greeter-3 left all 3 clients' snapshots (\d\.\d) s after the kill \(lease 2000 ms\)$/.exec(lines[5] ?? '');
  expect(gone).not.toBeNull();
  expect(Number(gone?.[1])).toBeLessThanOrEqual(2.1); // TTL + the memory registry's push (no watch delay)
  expect(lines[6]).toBe('later:       36 requests -> greeter-1 18, greeter-2 18; failed attempts 0, user-visible errors 0');
}, 20_000);

it('without outlier ejection, the dead instance keeps costing failed attempts until its lease runs out (the --no-ejection run of docs/discovery.md)', async () => {
  const lines = await main({ ejection: false });
  const after = /^right after: 36 requests -> greeter-1 18, greeter-2 18; failed attempts (\d+), user-visible errors 0$/.exec(lines[3] ?? '');
  expect(Number(after?.[1])).toBeGreaterThan(6);
  expect(lines[4]).toBe('             greeter-3 is still a candidate for every client (available: 3/3/3), still in the registry: true');
  expect(lines[6]).toBe('later:       36 requests -> greeter-1 18, greeter-2 18; failed attempts 0, user-visible errors 0');
}, 20_000);
