import { portVar, serviceConfigSchema } from '@siks/service-kit';

/** Configuration of the reporting service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3005),
});

export type Config = ReturnType<typeof configSchema.parse>;
