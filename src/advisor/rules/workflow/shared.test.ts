import { describe, expect, it } from 'vitest';
import { classifySteps } from './shared.js';

describe('classifySteps', () => {
  it('compensatable steps, then the pivot (first step that cannot be undone), then retriable steps', () => {
    const kinds = classifySteps({
      name: 'w',
      steps: [
        { name: 'a', service: 's', compensation: 'undo-a' },
        { name: 'b', service: 's', compensation: 'undo-b' },
        { name: 'c', service: 's' },
        { name: 'd', service: 's', retriable: true },
        { name: 'e', service: 's' },
      ],
    });
    expect(kinds).toEqual(['compensatable', 'compensatable', 'pivot', 'retriable', 'retriable']);
  });

  it('a retriable step before the pivot is retriable, and a flow without a pivot has none', () => {
    expect(classifySteps({ name: 'w', steps: [{ name: 'a', service: 's', retriable: true }, { name: 'b', service: 's', compensation: 'u' }] })).toEqual(['retriable', 'compensatable']);
  });

  it('a compensatable step after the pivot stays compensatable (the warning rule flags the order)', () => {
    expect(classifySteps({ name: 'w', steps: [{ name: 'a', service: 's' }, { name: 'b', service: 's', compensation: 'u' }] })).toEqual(['pivot', 'compensatable']);
  });
});
