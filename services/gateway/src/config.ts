import { portVar, serviceConfigSchema, urlVar } from '@siks/service-kit';
import { z } from 'zod';

/** Configuration of the gateway service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3000),
  /** Ed25519 private key that signs the tokens the gateway issues (PEM or base64); unset: no login. */
  JWT_PRIVATE_KEY: z.string().optional(),
  INTAKE_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3001'),
  DOCUMENT_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3002'),
  VERIFICATION_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3003'),
  REGISTRY_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3004'),
  REPORTING_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3005'),
});

export type Config = ReturnType<typeof configSchema.parse>;
