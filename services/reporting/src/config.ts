import { WindowConfigVar } from '@siks/contracts';
import { intVar, portVar, serviceConfigSchema } from '@siks/service-kit';
import { z } from 'zod';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Configuration of the reporting service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3005),
  /** Days, weeks and months of reports start at midnight in this zone (WIB by default; WITA is Asia/Makassar). */
  REPORTS_TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone').default('Asia/Jakarta'),
  /** Largest batch of events a projection applies in one transaction. */
  REPORTS_BATCH_SIZE: intVar(500),
  /** How often the workers sample consumer lag and look for a swapped (rebuilt) projection, ms. */
  REPORTS_LAG_SAMPLE_MS: intVar(1000),
  /** The proposal windows, as intake reads them: the supervisor view's "near the deadline". */
  PROPOSAL_WINDOWS: WindowConfigVar,
  /** Requests per minute per client address to the public `/v1/audit/…` routes (checkpoints, proofs); 0: no own limit. */
  AUDIT_PUBLIC_RATE_LIMIT_PER_MINUTE: intVar(120),
});

export type Config = ReturnType<typeof configSchema.parse>;
