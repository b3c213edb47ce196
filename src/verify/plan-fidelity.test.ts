// Fidelity (issue #15 item 4): for every example spec, each entity's simulated model is the
// design the advisor printed, field by field. The design is read as `pacelc verify` reads a
// design file (its JSON), the model as the simulator builds it (the protocol's resolved
// parameters), so neither side is taken from the plan's own description of itself.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { design } from '../advisor/design.js';
import type { EntityDesign } from '../advisor/design-types.js';
import { parseSpec } from '../advisor/spec/parse.js';
import { createProtocol } from '../replication/simulate.js';
import { parseDesignJson } from './design-input.js';
import { type EntityPlan, planVerification } from './plan.js';

const specsDirectory = new URL('../../examples/specs/', import.meta.url);
const specFiles = readdirSync(specsDirectory)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

/** Every field of one entity where the simulated model differs from its design, one line each. */
function mismatches(entity: EntityDesign, plan: EntityPlan): string[] {
  const found: string[] = [];
  const compare = (field: string, designed: unknown, simulated: unknown): void => {
    if (JSON.stringify(designed) !== JSON.stringify(simulated)) found.push(`${entity.name}: ${field}: the design says ${JSON.stringify(designed)}, the model has ${JSON.stringify(simulated)}`);
  };
  if (plan.protocol === undefined) return [`${entity.name}: not modelled: ${plan.notModelled ?? ''}`];
  const model = createProtocol(plan.protocol).parameters as Record<string, unknown>;
  const replication = entity.replication.choice;
  const choice = replication.choice;
  const failover = entity.failover.choice;
  const merge = entity.requirements.merge;
  const leaderReads = replication.readsFrom === 'leader' || replication.readsFrom === 'local-leader';
  switch (choice.kind) {
    case 'leader-follower': {
      // Consensus failover is simulated by Raft (elections, majority commit); anything else by the leader-follower model.
      const family = model.protocol === 'raft' ? 'leader-follower with consensus failover' : model.protocol === 'leader-follower' ? 'leader-follower' : String(model.protocol);
      compare('protocol', choice.consensusFailover && failover.automatic && leaderReads ? 'leader-follower with consensus failover' : 'leader-follower', family);
      compare('replicas', choice.replicas, model.replicas);
      if (model.protocol === 'raft') {
        // Raft acknowledges a write once a majority has it: the design's acknowledgements must be a majority too.
        compare('acknowledgements', true, choice.mode === 'synchronous' || (choice.mode === 'semi-synchronous' && choice.synchronousAcks + 1 > choice.replicas / 2));
        compare('read path', replication.readsFrom === 'leader' || replication.readsFrom === 'local-leader' ? 'leader, leadership confirmed' : replication.readsFrom, model.reads === 'read-index' || model.reads === 'lease' ? 'leader, leadership confirmed' : model.reads);
        compare('failover', { automatic: failover.automatic, consensus: choice.consensusFailover }, { automatic: true, consensus: true });
      } else {
        compare('mode', choice.mode, model.mode);
        compare('synchronous acks', choice.synchronousAcks, model.synchronousAcks);
        compare('read path', leaderReads ? 'leader' : 'any replica', model.readFrom === 'leader' ? 'leader' : 'any replica');
        compare('read index', leaderReads && choice.consensusFailover, model.readIndex);
        compare('session tokens', !leaderReads && (entity.consistency.choice === 'read-your-writes' || entity.consistency.choice === 'causal'), model.sessionReads);
        compare('failover', { automatic: failover.automatic, consensus: choice.consensusFailover }, { automatic: model.failover, consensus: model.fencing });
      }
      // One leader orders every write: a counter's increments never need merging, so keys are registers.
      compare('data type', 'register', plan.dataType);
      compare('durability (RPO 0 on node loss)', failover.rpoMsNodeLoss === 0, model.protocol === 'raft' || model.mode === 'synchronous' || (model.mode === 'semi-synchronous' && Number(model.synchronousAcks) >= 1));
      break;
    }
    case 'leaderless': {
      compare('protocol', 'leaderless', model.protocol);
      compare('N/W/R', { n: choice.n, w: choice.w, r: choice.r }, { n: model.n, w: model.w, r: model.r });
      compare('read path', replication.readsFrom, 'quorum');
      compare('read repair / write-back / sloppy quorum', { readRepair: choice.readRepair, writeBack: choice.writeBackOnRead, sloppy: choice.sloppyQuorum }, { readRepair: model.readRepair, writeBack: model.writeBackOnRead, sloppy: model.sloppyQuorum });
      compare('anti-entropy', /anti-entropy/.test(entity.replication.summary), Number(model.antiEntropyIntervalMs ?? 0) > 0);
      const counter = merge === 'counter';
      compare('data type', counter ? 'counter' : 'register', model.dataType ?? 'register');
      compare('conflict resolution', choice.conflictResolution === 'crdt' ? 'crdt' : 'highest version wins', counter && model.counterMerge === 'pn-counter' ? 'crdt' : 'highest version wins');
      compare('durability (RPO 0 on node loss)', failover.rpoMsNodeLoss === 0, !choice.sloppyQuorum && choice.w >= 2);
      break;
    }
    case 'multi-leader': {
      compare('protocol', 'multi-leader', model.protocol);
      compare('regions', Math.max(2, replication.regions.length), model.regions);
      compare('read path', replication.readsFrom, 'local-leader');
      compare('conflict resolution', choice.conflictResolution, model.conflictResolution);
      if (choice.conflictResolution === 'last-writer-wins') compare('last-writer-wins clock', 'hybrid logical clock', model.lwwClock === 'hlc' ? 'hybrid logical clock' : model.lwwClock);
      const dataType = merge === 'counter' ? 'counter' : merge === 'set' || (merge === undefined && choice.conflictResolution === 'crdt') ? 'set' : 'register';
      compare('data type', dataType, model.dataType);
      compare('session guarantees', { causal: entity.consistency.choice === 'causal', tokens: entity.consistency.choice === 'causal' || entity.consistency.choice === 'read-your-writes' }, { causal: model.causalDelivery, tokens: model.sessionTokens });
      compare('durability (RPO 0 on node loss)', failover.rpoMsNodeLoss === 0, model.durability === 'fsync-per-write');
      break;
    }
  }
  // The workload exercises what the simulated model holds, and claims items when the spec forbids double booking.
  compare('workload data type', model.dataType ?? 'register', plan.dataType);
  compare('compare-and-set claims', entity.requirements.noDoubleBooking === true, plan.mix.cas > 0);
  return found;
}

describe('every example entity is simulated as designed, field by field', () => {
  for (const file of specFiles) {
    it(file, () => {
      const text = readFileSync(new URL(file, specsDirectory), 'utf8');
      // As `pacelc verify design.json` reads it: the design's JSON, validated.
      const designed = parseDesignJson(JSON.stringify(design(parseSpec(text, { file }))), `${file}.json`);
      const plans = planVerification(designed);
      expect(plans.map((plan) => plan.entity)).toEqual(designed.entities.map((entity) => entity.name));
      const found = designed.entities.flatMap((entity, index) => mismatches(entity, plans[index] as EntityPlan));
      expect(found).toEqual([]);
    });
  }

  it('names the field that differs when a model strays from its design', () => {
    const text = readFileSync(new URL('social-feed.yaml', specsDirectory), 'utf8');
    const designed = parseDesignJson(JSON.stringify(design(parseSpec(text, { file: 'social-feed.yaml' }))), 'social-feed.json');
    const index = designed.entities.findIndex((entity) => entity.name === 'like-count');
    const entity = designed.entities[index] as EntityDesign;
    const plan = planVerification(designed)[index] as EntityPlan;
    expect(mismatches(entity, plan)).toEqual([]);
    // A counter simulated with last-writer-wins, and a register workload, are both caught.
    const lww = { ...plan, protocol: { ...plan.protocol, counterMerge: 'last-writer-wins' } } as EntityPlan;
    expect(mismatches(entity, lww)).toEqual(['like-count: conflict resolution: the design says "crdt", the model has "highest version wins"']);
    const register = { ...plan, dataType: 'register' } as EntityPlan;
    expect(mismatches(entity, register)).toEqual(['like-count: workload data type: the design says "counter", the model has "register"']);
  });
});
