import { invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption, optionalArray, optionalFunction, optionalString, wrongType } from '../options.js';
import { ResidencyError } from './errors.js';
import { type Member, checkReplicaCount, normalizeNodes } from './nodes.js';
import type { NodeInput, Partitioner } from './partitioner.js';
import { Rendezvous } from './rendezvous.js';

/**
 * Where keys that match the rule may be stored.
 *
 * @example
 * ```ts
 * const gdpr: ResidencyRule = { name: 'gdpr', keyPrefix: 'eu:', regions: ['eu-west', 'eu-central'] };
 * ```
 */
export interface ResidencyRule {
  /** Shown in errors (`gdpr-eu`). */
  readonly name: string;
  /** Keys starting with this prefix match. */
  readonly keyPrefix?: string;
  /** Or: keys for which this returns true match. */
  readonly match?: (key: string) => boolean;
  /** Regions allowed to hold matching keys. */
  readonly regions: readonly string[];
}

/**
 * Options of {@link GeoPartitioner}.
 *
 * @example
 * ```ts
 * GeoPartitioner.create(nodes, { rules: [gdpr], replicas: 3, placement: (allowed) => HashRing.create(allowed) });
 * ```
 */
export interface GeoPartitionerOptions {
  /** Checked in order; the first matching rule applies. */
  readonly rules: readonly ResidencyRule[];
  /** Regions for keys that match no rule. Default: every region. */
  readonly defaultRegions?: readonly string[];
  /** Replicas each key needs; every rule must have at least this many nodes. Default 1. */
  readonly replicas?: number;
  /** How keys are spread over the allowed nodes. Default: `Rendezvous.create`. */
  readonly placement?: (nodes: readonly NodeInput[]) => Partitioner;
}

/**
 * Geographic placement with data residency: each key is placed only on nodes in the regions its
 * rule allows (EU personal data in EU regions), spread over them by an inner partitioner. A rule
 * that cannot be met — no node, or fewer nodes than the replica count, in its regions — throws a
 * {@link ResidencyError} when the partitioner is built or its membership changes, never at 3 a.m.
 * on a lookup, and never by quietly storing the data elsewhere.
 *
 * @example
 * ```ts
 * import { GeoPartitioner } from 'pacelc/partitioning';
 * const geo = GeoPartitioner.create(
 *   [{ id: 'fra-1', region: 'eu-central' }, { id: 'dub-1', region: 'eu-west' }, { id: 'iad-1', region: 'us-east' }],
 *   { rules: [{ name: 'gdpr', keyPrefix: 'eu:', regions: ['eu-central', 'eu-west'] }], replicas: 2 },
 * );
 * geo.replicasFor('eu:user:7', 2); // ['dub-1', 'fra-1'] in some order, never iad-1
 * ```
 */
export class GeoPartitioner implements Partitioner {
  readonly kind = 'geo';
  readonly nodes: readonly Member[];
  readonly options: GeoPartitionerOptions;
  private readonly inner: ReadonlyMap<string, Partitioner>;
  private readonly defaultPartitioner: Partitioner;

  private constructor(members: Member[], options: GeoPartitionerOptions) {
    checkOptionsObject('GeoPartitioner', options ?? null);
    const rulesExpected = 'a list of residency rules ({ name, regions, keyPrefix or match })';
    if (!Array.isArray(options.rules)) throw wrongType('rules', options.rules, rulesExpected);
    optionalArray('rules', options.rules, rulesExpected, (rule) => typeof rule === 'object' && rule !== null);
    optionalArray('defaultRegions', options.defaultRegions, 'a list of region names', (region) => typeof region === 'string' && region !== '');
    optionalFunction('placement', options.placement);
    this.nodes = members;
    this.options = options;
    members.forEach((member) => {
      if (member.region === undefined) throw invalidOption(`nodes[${member.id}].region`, member.region, 'a region (geographic placement needs every node\'s region)');
    });
    const replicas = numberOption('replicas', options.replicas, 1, { min: 1, integer: true });
    const place = options.placement ?? ((nodes: readonly NodeInput[]) => Rendezvous.create(nodes));
    const build = (name: string, regions: readonly string[]): Partitioner => {
      const allowed = members.filter((member) => regions.includes(member.region as string));
      if (allowed.length < replicas) {
        throw new ResidencyError(
          `residency rule "${name}" allows regions [${regions.join(', ')}], which have ${allowed.length} node(s) (${allowed.map((m) => m.id).join(', ') || 'none'}); ${replicas} needed`,
          name, regions, replicas, allowed.length,
        );
      }
      return place(allowed);
    };
    const inner = new Map<string, Partitioner>();
    options.rules.forEach((rule, index) => {
      optionalString(`rules[${index}].keyPrefix`, rule.keyPrefix, true);
      optionalFunction(`rules[${index}].match`, rule.match);
      if (typeof rule.name !== 'string') throw wrongType(`rules[${index}].name`, rule.name, 'a string');
      if (rule.keyPrefix === undefined && rule.match === undefined) throw invalidOption(`rules[${index}]`, rule.name, 'a rule with keyPrefix or match');
      if (inner.has(rule.name) || rule.name === 'default') throw invalidOption(`rules[${index}].name`, rule.name, 'a unique rule name other than "default"');
      if (!Array.isArray(rule.regions) || rule.regions.length === 0) throw invalidOption(`rules[${index}].regions`, rule.regions, 'a non-empty list of regions');
      inner.set(rule.name, build(rule.name, rule.regions));
    });
    this.inner = inner;
    this.defaultPartitioner = build('default', options.defaultRegions ?? [...new Set(members.map((member) => member.region as string))]);
  }

  /** Validates every rule against `nodes` (each with a `region`) and builds the placement. */
  static create(nodes: readonly NodeInput[], options: GeoPartitionerOptions): GeoPartitioner {
    return new GeoPartitioner(normalizeNodes(nodes), options);
  }

  /** The rule that governs `key`, if any. */
  ruleFor(key: string): ResidencyRule | undefined {
    return this.options.rules.find((rule) => (rule.keyPrefix !== undefined && key.startsWith(rule.keyPrefix)) || (rule.match?.(key) ?? false));
  }

  nodeFor(key: string): string {
    return this.partitionerFor(key).nodeFor(key);
  }

  /** Replicas within the key's allowed regions; throws {@link ResidencyError} if they have fewer than `count` nodes. */
  replicasFor(key: string, count: number): string[] {
    checkReplicaCount(count, this.nodes.length);
    const partitioner = this.partitionerFor(key);
    if (partitioner.nodes.length < count) {
      const rule = this.ruleFor(key);
      const regions = rule?.regions ?? this.options.defaultRegions ?? [];
      throw new ResidencyError(`key ${JSON.stringify(key)} may only live in [${regions.join(', ')}], which have ${partitioner.nodes.length} node(s); ${count} replicas requested`, rule?.name ?? 'default', regions, count, partitioner.nodes.length);
    }
    return partitioner.replicasFor(key, count);
  }

  /** Same rules over new members; throws {@link ResidencyError} if the change leaves a rule unmet. */
  withNodes(nodes: readonly NodeInput[]): GeoPartitioner {
    return new GeoPartitioner(normalizeNodes(nodes), this.options);
  }

  private partitionerFor(key: string): Partitioner {
    const rule = this.ruleFor(key);
    return rule === undefined ? this.defaultPartitioner : (this.inner.get(rule.name) as Partitioner);
  }
}
