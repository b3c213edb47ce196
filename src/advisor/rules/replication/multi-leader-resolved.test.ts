import { describe, expect, it } from 'vitest';
import { modelContextOf } from '../../testing/builders.js';
import { multiLeaderResolved } from './multi-leader-resolved.js';

const twoRegions = { regions: ['us-east-1', 'eu-west-1'] };

describe('replication.multi-leader', () => {
  it('maps each conflict policy to a named resolution', () => {
    const resolution = (conflicts: 'merge' | 'last-writer-wins' | 'custom') => {
      const choice = multiLeaderResolved.decide(modelContextOf('eventual', { writes: 'multi-region', conflicts }, twoRegions))?.choice.choice;
      return choice?.kind === 'multi-leader' ? choice.conflictResolution : undefined;
    };
    expect(resolution('merge')).toBe('crdt');
    expect(resolution('last-writer-wins')).toBe('last-writer-wins');
    expect(resolution('custom')).toBe('application-merge');
  });

  it('does not apply to single-region writes, to "reject", to strong models or to a one-region system', () => {
    expect(multiLeaderResolved.decide(modelContextOf('eventual', { conflicts: 'merge' }, twoRegions))).toBeUndefined();
    expect(multiLeaderResolved.decide(modelContextOf('eventual', { writes: 'multi-region', conflicts: 'reject' }, twoRegions))).toBeUndefined();
    expect(multiLeaderResolved.decide(modelContextOf('linearizable', { writes: 'multi-region', conflicts: 'merge' }, twoRegions))).toBeUndefined();
    expect(multiLeaderResolved.decide(modelContextOf('eventual', { writes: 'multi-region', conflicts: 'merge' }))).toBeUndefined();
  });

  it('reads from the local leader in every region', () => {
    const draft = multiLeaderResolved.decide(modelContextOf('causal', { writes: 'multi-region', conflicts: 'merge' }, twoRegions));
    expect(draft?.choice.readsFrom).toBe('local-leader');
    expect(draft?.choice.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(draft?.why).toContain('causal delivery');
    expect(multiLeaderResolved.decide(modelContextOf('read-your-writes', { writes: 'multi-region', conflicts: 'merge' }, twoRegions))?.why).toContain('sticky by user');
  });

  it('a merge kind names the CRDT: a counter merges as a PN-counter (increments add up), never as a last-writer-wins register', () => {
    const decide = (merge: 'counter' | 'max' | 'set' | 'register') => multiLeaderResolved.decide(modelContextOf('eventual', { writes: 'multi-region', merge }, twoRegions));
    const counter = decide('counter');
    expect(counter?.choice.choice).toEqual({ kind: 'multi-leader', conflictResolution: 'crdt' });
    expect(counter?.why).toContain('PN-counter');
    expect(decide('max')?.why).toContain('max-register');
    expect(decide('set')?.why).toContain('observed-remove set');
    expect(decide('register')?.choice.choice).toEqual({ kind: 'multi-leader', conflictResolution: 'last-writer-wins' });
  });
});

