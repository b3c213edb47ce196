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
});
