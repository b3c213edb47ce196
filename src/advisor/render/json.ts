import type { Design } from '../design-types.js';

/**
 * The design as JSON (the stable format documented in docs/design-json.md), two-space indented.
 *
 * @example
 * ```ts
 * const parsed = JSON.parse(renderJson(design(spec)));
 * parsed.schemaVersion; // 1
 * ```
 */
export function renderJson(result: Design): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
