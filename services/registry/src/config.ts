import { base64KeyVar, intVar, portVar, serviceConfigSchema } from '@siks/service-kit';
import { personalReadConfigShape } from '@siks/service-kit/access';
import { z } from 'zod';

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
  /**
   * Ed25519 private key that signs cut-off exports for the ministry (PEM, or base64 of the PEM
   * or of the PKCS#8 DER; docs/cutoff-export.md). Unset: exports answer 503.
   */
  EXPORT_SIGNING_KEY: z.string().optional(),
  /** The same key read from a file (the embedded default: `.data/keys/export-signing.pem`). */
  EXPORT_SIGNING_KEY_FILE: z.string().optional(),
});

export type Config = ReturnType<typeof configSchema.parse>;
