// What the lab's page and its server exchange (the server's own types, imported type-only).
export type { CompletionResult } from '../../src/lab/spec-completion.js';
export type { LabDesignResult, LabPageData, LabRunEvent, LabRunSummary, LabSaved } from '../../src/lab/lab-api.js';
