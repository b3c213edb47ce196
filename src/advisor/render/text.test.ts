import { describe, expect, it } from 'vitest';
import { design } from '../design.js';
import { specOf } from '../testing/builders.js';
import { renderText } from './text.js';

const result = design(
  specOf({
    system: { regions: ['us-east-1', 'eu-west-1'] },
    services: [{ name: 'a', database: 'shared' }, { name: 'b', database: 'shared' }],
    entities: [{ name: 'ledger', service: 'a', money: true, staleness: 'any' }],
    calls: [{ from: 'a', to: 'b', latency: { p99Ms: 50 }, idempotent: false }],
  }),
);

describe('renderText', () => {
  it('puts conflicts first, then entities, calls, system and warnings, each decision with its rule id', () => {
    const text = renderText(result);
    const order = ['CONFLICTS', 'ENTITIES', 'CALLS', 'SYSTEM', 'WARNINGS'].map((heading) => text.indexOf(heading));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toMatch(/consistency +linearizable \[consistency\.money\]/);
    expect(text).toContain('1 conflict, 1 warning');
    expect(text).toContain('ways out:');
    expect(text).toContain('fix: Give each service its own database');
  });

  it('wraps at 110 columns except for unbreakable words', () => {
    for (const line of renderText(result).split('\n')) if (line.includes(' ') && !line.includes('<http')) expect(line.length).toBeLessThanOrEqual(110);
  });

  it('colours only on request; verbose adds reasons for rejections and sources', () => {
    expect(renderText(result)).not.toContain('\u001b[');
    expect(renderText(result, { color: true })).toContain('\u001b[31m');
    const verbose = renderText(result, { verbose: true }).replace(/\s+/g, ' ');
    expect(verbose).toContain('eventual (stale balances allow double spending');
    expect(verbose).toContain('sources: ');
    expect(verbose).toContain('caveat: ');
  });

  it('AT A GLANCE shows what the design delivers next to what was required', () => {
    const weak = design(specOf({ entities: [{ name: 'ledger', money: true, replication: { kind: 'leaderless', n: 5, w: 2, r: 2 } }, { name: 'feed' }] }));
    const glance = renderText(weak).split('ENTITIES')[0] ?? '';
    expect(glance).toMatch(/ledger +PA\/EL +required linearizable +delivers ✗ eventual/);
    expect(glance).toMatch(/feed +PA\/EL +required eventual +delivers eventual/);
  });

  it('prints every quorum caveat (2W ≤ N too) and, with --verbose, every engine caveat and unmet requirement', () => {
    const quorum = design(specOf({ entities: [{ name: 'likes', replication: { kind: 'leaderless', n: 4, w: 2, r: 3 } }] }));
    const text = renderText(quorum);
    for (const caveat of quorum.entities[0]?.quorum?.caveats ?? []) expect(text.replace(/\s+/g, ' ')).toContain(caveat.slice(0, 60));
    expect(text.replace(/\s+/g, ' ')).toMatch(/2W ≤ N|2W = \d+ ≤ N/);
    const verbose = renderText(result, { verbose: true }).replace(/\s+/g, ' ');
    for (const engine of result.entities[0]?.engines ?? []) for (const caveat of engine.caveats) expect(verbose).toContain(caveat.replace(/\s+/g, ' ').slice(0, 70));
  });
});

