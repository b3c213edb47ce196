import { describe, expect, it } from 'vitest';
import { specOf } from '../../testing/builders.js';
import { sagaDeadline } from './deadline.js';

const steps = [{ name: 'a', service: 's' }, { name: 'b', service: 't' }];

describe('saga.deadline-dead-letter', () => {
  it('uses the spec deadline, compensates on expiry, and parks failing compensations in a dead-letter queue', () => {
    expect(sagaDeadline.decide({ spec: specOf(), workflow: { name: 'pay', steps, deadlineMs: 5000 } })?.choice).toEqual({
      deadlineMs: 5000,
      onExpiry: 'compensate',
      deadLetter: 'pay.dead-letter',
      maxCompensationAttempts: 10,
    });
  });

  it('gives a saga without a deadline a default one, and says so', () => {
    const draft = sagaDeadline.decide({ spec: specOf(), workflow: { name: 'pay', steps } });
    expect(draft?.choice.deadlineMs).toBe(60_000);
    expect(draft?.summary).toContain('default');
  });

  it('says who enforces the deadline: the orchestrator, or under choreography the service that starts the saga (so an omitted deadline is never none)', () => {
    const choreographed = sagaDeadline.decide({ spec: specOf(), workflow: { name: 'pay', steps }, coordination: 'choreography' });
    expect(choreographed?.choice.deadlineMs).toBe(60_000);
    expect(choreographed?.summary).toContain('s (which starts the saga) keeps a timer per instance and publishes pay.expired');
    expect(sagaDeadline.decide({ spec: specOf(), workflow: { name: 'pay', steps }, coordination: 'orchestration' })?.summary).toContain('the pay orchestrator enforces it');
  });
});

