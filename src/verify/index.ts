export { type EntityClaim, type EntityPlan, planVerification } from './plan.js';
export {
  type EntityVerdict,
  type EntityVerification,
  type RunOutcome,
  type RunVerdict,
  type VerificationReport,
  type VerifyOptions,
  defaultFaults,
  verifyDesign,
} from './verify-design.js';
export { formatVerification } from './format-verification.js';
