export { type EntityClaim, type EntityPlan, planVerification } from './plan.js';
export {
  type EntityVerdict,
  type EntityVerification,
  type VerificationReport,
  type VerificationSetup,
  type VerifyOptions,
  defaultFaults,
  EntityRuns,
  maxSeeds,
  prepareVerification,
  verificationJobs,
  verificationReport,
  verifyDesign,
} from './verify-design.js';
export { type RunOutcome, type RunSettings, type RunVerdict, type VerifyRunJob, type VerifyRunResult, verifyRun } from './verify-run.js';
export { formatVerification } from './format-verification.js';
