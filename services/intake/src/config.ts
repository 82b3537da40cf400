import { WindowConfigVar } from '@siks/contracts';
import { intVar, portVar, serviceConfigSchema } from '@siks/service-kit';
import { personalReadConfigShape } from '@siks/service-kit/access';
import { z } from 'zod';

/** Configuration of the intake service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3001),
  ...personalReadConfigShape,
  /**
   * What this process runs: `api` (the HTTP routes), `workers` (relay, read model, verification
   * consumer, deferred submissions, sweeps; HTTP only for health and metrics) or `all` (both).
   */
  INTAKE_ROLE: z.enum(['api', 'workers', 'all']).default('all'),
  /** Largest field batch body (up to 500 households), bytes. */
  INTAKE_FIELD_BATCH_BODY_LIMIT_BYTES: intVar(4 * 1_048_576),
  /** Largest import file (CSV or XLSX), bytes. */
  INTAKE_IMPORT_MAX_BYTES: intVar(20 * 1_048_576),
  /** Data rows accepted in one import file. */
  INTAKE_IMPORT_MAX_ROWS: intVar(50_000),
  /** Total bytes the entries of an uploaded XLSX may inflate to (zip bombs are refused while inflating). */
  INTAKE_IMPORT_MAX_XLSX_INFLATED_BYTES: intVar(128 * 1_048_576),
  /** Proposals created per import batch (one progress step). */
  INTAKE_IMPORT_BATCH_SIZE: intVar(200),
  /** Proposals sealed and appended at once (imports and field batches). */
  INTAKE_WRITE_CONCURRENCY: intVar(8),
  /** Complaints accepted per client address per hour (the public route's own, stricter limit). */
  INTAKE_COMPLAINTS_PER_HOUR: intVar(20),
  /** Tracking-code lookups per client address per minute (public; a guess costs a request). */
  INTAKE_COMPLAINT_TRACKS_PER_MINUTE: intVar(30),
  /** Hours a complaint may stay in each stage before it is overdue (listed for the district). */
  INTAKE_COMPLAINT_RECEIVED_HOURS: intVar(72),
  INTAKE_COMPLAINT_TRIAGED_HOURS: intVar(72),
  INTAKE_COMPLAINT_ROUTED_HOURS: intVar(14 * 24),
  INTAKE_COMPLAINT_ANSWERED_HOURS: intVar(72),
  /** JSON of the monthly proposal windows (the same as verification's); the DOMAIN.md defaults otherwise. */
  PROPOSAL_WINDOWS: WindowConfigVar,
});

export type Config = ReturnType<typeof configSchema.parse>;
