import * as z from 'zod';
import { specSchema } from './schema.js';

/** Where the published schema lives in the package (`schema/pacelc-spec.schema.json`). */
export const specJsonSchemaPath = 'schema/pacelc-spec.schema.json';

/**
 * The spec's JSON Schema (draft-07, which every editor's YAML and JSON language server reads),
 * generated from the zod schema so the two never disagree. A test checks the published file is
 * current.
 *
 * @example
 * ```yaml
 * # yaml-language-server: $schema=./node_modules/pacelc/schema/pacelc-spec.schema.json
 * system: { name: shop, regions: [us-east-1] }
 * ```
 */
export function specJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(specSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    title: 'pacelc design spec',
    description: "A system's requirements for `pacelc design`: regions, entities (data), workflows, calls and read paths to cache. See docs/spec-reference.md.",
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
}
