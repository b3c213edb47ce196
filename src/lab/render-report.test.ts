import { describe, expect, it } from 'vitest';
import { inlineJson, renderReport, reportContentSecurityPolicy } from './render-report.js';

describe('renderReport', () => {
  const data = { file: 'a</script><script>alert(1)</script>.log', verdict: 'violated', model: 'register', consistency: 'linearizable', operationCount: 3, text: 'line\u2028separator <!-- x -->' };
  const html = renderReport({ title: 'check: <a.log>', kind: 'check', data, subtitle: 'violated "x"' });

  it('is one self-contained page: the script, the stylesheet and the data inlined, nothing referenced', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="${reportContentSecurityPolicy}"`);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toMatch(/<style>[^<]*\.report-header/);
    // exactly two script elements: the data and the bundle
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('escapes the title and the data so that nothing in them can end an element', () => {
    expect(html).toContain('<title>check: &#60;a.log&#62;</title>');
    expect(html).toContain('violated &#34;x&#34;');
    const json = /<script type="application\/json" id="pacelc-data">([^<]*)<\/script>/.exec(html)?.[1];
    expect(json).toBeDefined();
    expect(JSON.parse(json ?? '')).toEqual(data);
  });

  it('writes JSON that parses back to the same value', () => {
    for (const value of [null, 0, 'a<b', ['</script>', '\u2029'], { nested: { '<': 1 } }]) expect(JSON.parse(inlineJson(value))).toEqual(value);
  });

  it('refuses an empty title and an unknown kind', () => {
    expect(() => renderReport({ title: ' ', kind: 'check', data: {} })).toThrow(RangeError);
    expect(() => renderReport({ title: 'x', kind: '../etc', data: {} })).toThrow(/kind must be/);
    expect(() => renderReport({ title: 'x', kind: 'no-such-kind', data: {} })).toThrow(/not built.*npm run build/);
  });
});
