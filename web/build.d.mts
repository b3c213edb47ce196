// Types of web/build.mjs, for the TypeScript that imports it (the test set-up, the bench).
/** The report kinds: each folder of web/ holding a main.ts. */
export function webKinds(): string[];
/** Bundles every kind into dist/web/; returns the kinds built (none when ifStale found nothing to do). */
export function buildWeb(options?: { ifStale?: boolean }): Promise<string[]>;
