import { base64KeyVar, intVar, portVar, serviceConfigSchema } from '@siks/service-kit';
import { personalReadConfigShape } from '@siks/service-kit/access';

/**
 * Configuration of the registry service: the shared variables (see service-kit) plus its own.
 * The PII keys are required: the registry opens personal data for readers in scope and
 * computes NIK blind indexes for lookups.
 */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3004),
  ...personalReadConfigShape,
  PII_MASTER_KEY: base64KeyVar(32),
  PII_BLIND_INDEX_KEY: base64KeyVar(32),
  /** Public status checks per client address per minute (behind the gateway: set TRUST_PROXY). */
  REGISTRY_PUBLIC_STATUS_PER_MINUTE: intVar(10),
  /** The time every public status answer takes at least, found or not (ms). */
  REGISTRY_PUBLIC_STATUS_ANSWER_MS: intVar(400),
});

export type Config = ReturnType<typeof configSchema.parse>;
