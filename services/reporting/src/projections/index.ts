import { auditProjection } from './audit/project.ts';
import { decisionsProjection } from './decisions/project.ts';
import { householdsProjection } from './households/project.ts';
import { operatorsProjection } from './operators/project.ts';
import type { Projection, ProjectionName } from './projection.ts';
import { proposalsProjection } from './proposals/project.ts';
import { qualityProjection } from './quality/project.ts';

/** Every projection of the reporting service, by name. */
export const projections: Readonly<Record<ProjectionName, Projection>> = {
  proposals: proposalsProjection,
  households: householdsProjection,
  decisions: decisionsProjection,
  operators: operatorsProjection,
  quality: qualityProjection,
  audit: auditProjection,
};

export * from './projection.ts';
