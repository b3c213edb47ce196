// Normalising and validating membership, shared by every partitioner.
import { describeValue, invalidOption } from '../errors.js';
import type { NodeInput, NodeSpec } from './partitioner.js';

/** A validated node: weight filled in. */
export interface Member extends NodeSpec {
  readonly weight: number;
}

/**
 * Validates `nodes` (ids non-empty and unique, weights finite and > 0) and returns them sorted by
 * id (code-unit order, the same in every JavaScript engine), so placement does not depend on the
 * order the caller listed them in.
 */
export function normalizeNodes(nodes: readonly NodeInput[], option = 'nodes', sort = true): Member[] {
  if (!Array.isArray(nodes) || nodes.length === 0) throw invalidOption(option, nodes, 'a non-empty list of node ids or { id, weight?, zone?, region? }');
  const seen = new Set<string>();
  const members: Member[] = nodes.map((node, index) => {
    if (typeof node !== 'string' && (typeof node !== 'object' || node === null)) throw new TypeError(`Invalid option ${option}[${index}]: expected a node id or { id, weight?, zone?, region? }, received ${describeValue(node)}`);
    const spec: NodeSpec = typeof node === 'string' ? { id: node } : node;
    if (typeof spec.id !== 'string' || spec.id === '') throw invalidOption(`${option}[${index}].id`, spec.id, 'a non-empty string');
    if (seen.has(spec.id)) throw invalidOption(`${option}[${index}].id`, spec.id, 'a unique node id');
    seen.add(spec.id);
    const weight = spec.weight ?? 1;
    if (!(Number.isFinite(weight) && weight > 0)) throw invalidOption(`${option}[${index}].weight`, spec.weight, 'a finite number > 0');
    return { ...spec, weight };
  });
  if (sort) members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return members;
}

/**
 * Node indexes after a table walk: every node once, starting at `start` (mod `n`), so a node with
 * a weight too small to own any entry of a Maglev or slot table is still a candidate, and
 * `replicasFor(key, count)` always returns `count` nodes.
 */
export function* everyNode(n: number, start: number): Generator<number> {
  for (let i = 0; i < n; i++) yield (start + i) % n;
}

/** Throws the `RangeError` for a replica count that is not an integer in `[1, available]`. */
export function checkReplicaCount(count: number, available: number): void {
  if (!Number.isInteger(count) || count < 1 || count > available) throw invalidOption('count', count, `an integer from 1 to the number of nodes (${available})`);
}

/**
 * Picks `count` distinct nodes from `candidates` (node indexes in preference order, possibly with
 * repeats), taking one node per failure domain first: distinct regions, then distinct zones, then
 * any distinct node. Nodes without a zone or region count as their own domain. This is what
 * Cassandra's NetworkTopologyStrategy and Dynamo's preference lists do.
 */
export function pickReplicas(members: readonly Member[], candidates: Iterable<number>, count: number): string[] {
  const hasDomains = members.some((member) => member.zone !== undefined || member.region !== undefined);
  const chosen: number[] = [];
  const taken = new Uint8Array(members.length);
  if (!hasDomains) {
    for (const index of candidates) {
      if (taken[index] === 0) {
        taken[index] = 1;
        chosen.push(index);
        if (chosen.length === count) break;
      }
    }
    return chosen.map((index) => (members[index] as Member).id);
  }
  const order: number[] = [];
  for (const index of candidates) {
    if (taken[index] === 0) {
      taken[index] = 1;
      order.push(index);
      if (order.length === members.length) break;
    }
  }
  const passes: Array<'region' | 'zone' | 'node'> = [];
  if (members.some((member) => member.region !== undefined)) passes.push('region');
  if (members.some((member) => member.zone !== undefined)) passes.push('zone');
  passes.push('node');
  const regions = new Set<string>();
  const zones = new Set<string>();
  const used = new Uint8Array(members.length);
  for (const pass of passes) {
    for (const index of order) {
      if (chosen.length === count) break;
      if (used[index] === 1) continue;
      const member = members[index] as Member;
      const region = member.region ?? `node:${member.id}`;
      const zone = member.zone ?? `node:${member.id}`;
      if (pass === 'region' && regions.has(region)) continue;
      if (pass !== 'node' && zones.has(zone)) continue;
      used[index] = 1;
      chosen.push(index);
      regions.add(region);
      zones.add(zone);
    }
  }
  return chosen.map((index) => (members[index] as Member).id);
}

/** The members' total weight. */
export function totalWeight(members: readonly Member[]): number {
  let total = 0;
  for (const member of members) total += member.weight;
  return total;
}
