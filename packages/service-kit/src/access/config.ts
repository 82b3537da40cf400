import { z } from 'zod';

/**
 * Limits on lists that show names or identity numbers (docs/security.md), for a service's
 * `serviceConfigSchema({...personalReadConfigShape, ...})`.
 */
export const personalReadConfigShape = {
  /** Largest page such a list answers; a larger `limit` is cut to it (the page says `nextCursor`). */
  PERSONAL_READ_PAGE_MAX: z.coerce.number().int().min(1).max(500).default(100),
  /** Rows of names or identity numbers one user may be shown per service and UTC day; then 429. */
  PERSONAL_READ_DAILY_BUDGET: z.coerce.number().int().min(1).default(5000),
};

export interface PersonalReadLimits {
  pageMax: number;
  dailyBudget: number;
}

/** The limits as `createPersonalReadLog` takes them, from a parsed configuration. */
export const personalReadLimits = (config: {
  PERSONAL_READ_PAGE_MAX: number;
  PERSONAL_READ_DAILY_BUDGET: number;
}): PersonalReadLimits => ({ pageMax: config.PERSONAL_READ_PAGE_MAX, dailyBudget: config.PERSONAL_READ_DAILY_BUDGET });
