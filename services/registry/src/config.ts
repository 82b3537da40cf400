import { base64KeyVar, portVar, serviceConfigSchema } from '@siks/service-kit';
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
});

export type Config = ReturnType<typeof configSchema.parse>;
