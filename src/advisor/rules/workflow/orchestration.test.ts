import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { orchestration } from './orchestration.js';

const steps = (count: number) => Array.from({ length: count }, (_, index) => ({ name: `s${index}`, service: `svc${index}`, compensation: `undo${index}` }));

describe('saga.orchestration', () => {
  it('orchestrates four or more steps, a deadline, or a need for a central view', () => {
    const spec = specOf();
    expect(orchestration.decide({ spec, workflow: { name: 'w', steps: steps(4) } })?.choice).toBe('orchestration');
    expect(orchestration.decide({ spec, workflow: { name: 'w', steps: steps(2), deadlineMs: 1000 } })?.why).toContain('1000 ms deadline');
    expect(orchestration.decide({ spec, workflow: { name: 'w', steps: steps(2), centralView: true } })?.choice).toBe('orchestration');
  });

  it('does not apply to a short flow with nothing to oversee', () => {
    expect(orchestration.decide({ spec: specOf(), workflow: { name: 'w', steps: steps(3) } })).toBeUndefined();
  });
});
