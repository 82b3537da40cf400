import { Channel, PROPOSAL_STAGES, ProposalType, RegionCode } from '@siks/contracts';
import { ValidationProblem } from '@siks/service-kit';
import { z } from 'zod';

/** Stages a proposal is counted under (DOMAIN.md lifecycle); see projections/proposals/evolve.ts. */
export const STAGES = PROPOSAL_STAGES;
export const PROPOSAL_TYPES = ProposalType.options;
export const CHANNELS = Channel.options.filter((channel) => channel !== 'system');
export const HOUSEHOLD_STATUSES = ['active', 'inactive'] as const;

export const Counts = z.record(z.string(), z.number().int());

export const RegionSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  level: z.enum(['national', 'province', 'regency', 'district', 'village']),
});

/** A region code in a path: any level, or `national`. */
export const RegionParam = z.union([RegionCode.refine((code) => code !== ''), z.literal('national')]);

/** A calendar date `YYYY-MM-DD` in the reports' time zone. */
export const LocalDate = z.iso.date();

export const ErrorCodes = {
  rangeOrder: 'range.order',
  rangeTooLong: 'range.too_long',
  cursor: 'cursor.invalid',
} as const;

/** Field messages of the reporting service (merged over service-kit's). */
export const reportMessages = {
  fields: {
    [ErrorCodes.rangeOrder]: { id: 'tanggal awal harus sebelum tanggal akhir', en: 'must not be after the end' },
    [ErrorCodes.rangeTooLong]: {
      id: 'rentang terlalu panjang untuk interval ini',
      en: 'spans too many intervals',
    },
    [ErrorCodes.cursor]: { id: 'kursor tidak valid', en: 'is not a valid cursor' },
  },
};

/** A 400 naming one field and a code of `reportMessages`. */
export const validation = (path: string, code: string): ValidationProblem => new ValidationProblem([{ path, code }]);
