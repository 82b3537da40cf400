import { portVar, serviceConfigSchema } from '@siks/service-kit';

/** Configuration of the registry service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3004),
});

export type Config = ReturnType<typeof configSchema.parse>;
