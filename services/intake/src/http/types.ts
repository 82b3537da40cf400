import type { ServiceApp } from '@siks/service-kit';

/** The fastify instance intake's routes are registered on (zod-typed, as `createServiceApp` makes it). */
export type IntakeApp = ServiceApp;
