import * as z from 'zod';
import { mergeKinds } from '../advisor/spec/schema.js';
import type { Design } from '../advisor/design-types.js';
import { InputError, type InputProblem } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import { formatFieldPath, offsetOfPath, readYamlInput } from '../text/yaml-input.js';

const whole = (min: number, max: number) => z.number().int().min(min).max(max);

const replicationChoice = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('leader-follower'),
    mode: z.enum(['synchronous', 'semi-synchronous', 'asynchronous']),
    replicas: whole(1, 30),
    synchronousAcks: whole(0, 29),
    consensusFailover: z.boolean(),
  }),
  z.looseObject({ kind: z.literal('multi-leader'), conflictResolution: z.enum(['last-writer-wins', 'vector-clocks-with-siblings', 'crdt', 'application-merge']) }),
  z.looseObject({
    kind: z.literal('leaderless'),
    n: whole(1, 30),
    w: whole(1, 30),
    r: whole(1, 30),
    readRepair: z.boolean(),
    writeBackOnRead: z.boolean(),
    sloppyQuorum: z.boolean(),
    conflictResolution: z.literal('crdt').optional(),
  }),
]);

/**
 * What `pacelc verify` reads of a design (the output of `pacelc design --format json`, see
 * docs/design-json.md): the fields a verification plan is built from, checked for type and range.
 * Other fields are allowed (a design carries much more than verify needs).
 *
 * @example
 * ```ts
 * designInputSchema.safeParse({ schemaVersion: 1, system: { name: 'x' }, entities: [{}] }).success; // false
 * ```
 */
export const designInputSchema = z.looseObject({
  schemaVersion: z.literal(1),
  system: z.looseObject({ name: z.string() }),
  entities: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        consistency: z.looseObject({ choice: z.enum(['linearizable', 'sequential', 'causal', 'read-your-writes', 'bounded-staleness', 'eventual']) }),
        replication: z.looseObject({
          choice: z.looseObject({ choice: replicationChoice, readsFrom: z.enum(['leader', 'followers', 'quorum', 'any-replica', 'local-leader']) }),
        }),
        failover: z.looseObject({ choice: z.looseObject({ rpoMsNodeLoss: z.number().min(0).nullable(), automatic: z.boolean() }) }),
        requirements: z.looseObject({ stalenessBoundMs: z.number().positive().optional(), merge: z.enum(mergeKinds).optional(), noDoubleBooking: z.boolean().optional() }).optional(),
      }),
    )
    .min(1),
});

/**
 * Whether a parsed JSON value claims to be a design (it has `schemaVersion`), so that it is
 * validated as one instead of being read as a spec.
 *
 * @example
 * ```ts
 * looksLikeDesign({ schemaVersion: 1, entities: [] }); // true
 * ```
 */
export function looksLikeDesign(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'schemaVersion' in value;
}

/**
 * Reads a design JSON file for verification, reporting every malformed field at once with file,
 * line, column, field path and what was expected.
 *
 * @throws InputError listing each problem (`d.json:1:31: entities[0].name: missing: expected a string`).
 *
 * @example
 * ```ts
 * const design = parseDesignJson(readFileSync('design.json', 'utf8'), 'design.json');
 * ```
 */
export function parseDesignJson(text: string, file?: string): Design {
  const { document, value, at } = readYamlInput(text, { file, expected: 'JSON' });
  const result = designInputSchema.safeParse(value);
  const problems: InputProblem[] = [];
  if (result.success) {
    for (const [index, entity] of result.data.entities.entries()) {
      const choice = entity.replication.choice.choice;
      if (choice.kind === 'leaderless') {
        for (const quorum of ['w', 'r'] as const) {
          if (choice[quorum] > choice.n) problems.push(problemAt(['entities', index, 'replication', 'choice', 'choice', quorum], `expected at most n (${choice.n}), found ${choice[quorum]}`));
        }
      }
      if (choice.kind === 'leader-follower' && choice.synchronousAcks >= choice.replicas) {
        problems.push(problemAt(['entities', index, 'replication', 'choice', 'choice', 'synchronousAcks'], `expected fewer than replicas (${choice.replicas}), found ${choice.synchronousAcks}`));
      }
    }
    if (problems.length === 0) return result.data as unknown as Design;
    throw new InputError(problems);
  }
  for (const issue of result.error.issues.slice(0, 50)) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const found = valueAt(value, path);
    let expected = issue.message;
    let suggestion: string | undefined;
    if (issue.code === 'invalid_type') expected = `expected ${issue.expected}`;
    if (issue.code === 'invalid_value') {
      expected = `expected ${issue.values.map((candidate) => JSON.stringify(candidate)).join(' or ')}`;
      if (typeof found === 'string') suggestion = didYouMean(found, issue.values.filter((candidate): candidate is string => typeof candidate === 'string'));
    }
    if (issue.code === 'invalid_union') expected = `expected an object whose "kind" is "leader-follower", "multi-leader" or "leaderless"`;
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      const relation = issue.code === 'too_small' ? 'at least' : 'at most';
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      expected = issue.origin === 'array' ? `expected ${relation} ${String(bound)} item${Number(bound) === 1 ? '' : 's'}` : `expected a number ${relation} ${String(bound)}`;
    }
    const message = found === undefined ? `missing: ${expected}` : `${expected}, found ${describe(found)}`;
    problems.push({ ...problemAt(path, message), ...(suggestion === undefined ? {} : { suggestion }) });
  }
  throw new InputError(problems);

  function problemAt(path: ReadonlyArray<string | number>, message: string): InputProblem {
    const offset = offsetOfPath(document, path);
    return { ...(file === undefined ? {} : { file }), ...(offset === undefined ? {} : at(offset)), path: formatFieldPath(path), message };
  }
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value) ?? String(value);
}
