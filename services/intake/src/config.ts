import { portVar, serviceConfigSchema } from '@siks/service-kit';

/** Configuration of the intake service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3001),
});

export type Config = ReturnType<typeof configSchema.parse>;
