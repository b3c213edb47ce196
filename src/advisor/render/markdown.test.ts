import { describe, expect, it } from 'vitest';
import { design } from '../design.js';
import { specOf } from '../testing/builders.js';
import { renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('a summary table, full decisions, engine tables, workflows, calls, monitoring, warnings and diagrams', () => {
    const markdown = renderMarkdown(
      design(
        specOf({
          entities: [{ name: 'cart|items', money: true }],
          workflows: [{ name: 'checkout', coordination: 'two-phase-commit', steps: [{ name: 'a', service: 'x', compensation: 'undo-a' }, { name: 'b', service: 'y' }] }],
          calls: [{ from: 'x', to: 'y', latency: { p99Ms: 10 }, idempotent: true }],
        }),
      ),
    );
    expect(markdown).toMatch(/^# Design: test\n/);
    expect(markdown).toContain('| cart\\|items | linearizable |');
    expect(markdown).toContain('**Consistency: linearizable** `consistency.money`');
    expect(markdown).toContain('| engine | versions | settings | delivers | caveats |');
    expect(markdown).toContain('| 1 | a | x | compensatable | undo-a | `checkout:{sagaId}:a` |');
    expect(markdown).toContain('## Calls');
    expect(markdown).toContain('## Warnings (1)');
    expect(markdown).toContain('### Saga: checkout (choreography)');
    expect(markdown).not.toContain('## Conflicts');
  });
});
