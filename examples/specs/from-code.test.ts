import { expect, it } from 'vitest';
import { main } from './from-code.js';

it('designs the bank ledger from code (docs/design.md, section 7)', () => {
  const lines = main();
  expect(lines.slice(0, 3)).toEqual([
    'account: linearizable, PC/EC [consistency.money]',
    'ledger-entry: linearizable, PC/EC [consistency.money]',
    'statement: bounded-staleness, PA/EL [consistency.bounded-staleness]',
  ]);
  expect(lines[3]).toBe('markdown: 5 sections, 0 warnings, 0 conflicts');
});
