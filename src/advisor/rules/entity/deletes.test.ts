import { describe, expect, it } from 'vitest';
import { design } from '../../design.js';
import { specOf } from '../../testing/builders.js';

const regions = { regions: ['us-east-1', 'eu-west-1'] };

describe('deletes.tombstones', () => {
  it('multi-writer data: tombstones outlive the longest outage, resurrection and LWW are named, and each engine says what it does', () => {
    const [profile] = design(specOf({ system: regions, entities: [{ name: 'profile', writes: 'multi-region', conflicts: 'last-writer-wins', deletes: { propagate: true, longestOutageMs: 7 * 86_400_000 } }] })).entities;
    expect(profile?.deletes?.choice).toEqual({ tombstones: true, tombstoneLifetimeMs: 8 * 86_400_000, longestOutageMs: 7 * 86_400_000, rejoinAfterLifetime: 'rebuild' });
    expect(profile?.deletes?.why).toContain('resurrection');
    expect(profile?.deletes?.why).toContain('last-writer-wins');
    const cassandra = profile?.engines.find((engine) => engine.engine === 'cassandra')?.parameters.find((parameter) => parameter.name === 'deletes');
    expect(cassandra?.value).toBe('gc_grace_seconds = 691200 (≥ the longest outage)');
    const kafka = profile?.engines.find((engine) => engine.engine === 'kafka')?.parameters.find((parameter) => parameter.name === 'deletes');
    expect(kafka?.value).toContain('delete.retention.ms = 691200000');
    expect(profile?.engines.every((engine) => engine.parameters.some((parameter) => parameter.name === 'deletes'))).toBe(true);
  });

  it('single-leader data: a delete is a log entry; backups are what must be scrubbed', () => {
    const [ledger] = design(specOf({ entities: [{ money: true, deletes: { propagate: true } }] })).entities;
    expect(ledger?.deletes?.choice.tombstones).toBe(false);
    expect(ledger?.deletes?.why).toContain('backups');
  });

  it('is absent when the spec does not ask', () => {
    expect(design(specOf()).entities[0]?.deletes).toBeUndefined();
  });
});
