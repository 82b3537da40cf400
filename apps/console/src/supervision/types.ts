/** `GET /v1/reports/supervision` (services/reporting/src/reports/supervision.ts). */
export interface Flag {
  rule: string;
  params: Record<string, number>;
}

export const DRILL_FIGURES = [
  'meeting',
  'hand',
  'field',
  'complaint',
  'amendedAfterMeeting',
  'rowsChangedFromList',
  'nearDeadline',
  'reusedPhotos',
  'returned',
  'rejected',
] as const;
export type Figure = (typeof DRILL_FIGURES)[number];

export interface OperatorRow {
  userId: string;
  role: string;
  regionCode: string;
  drafted: { meeting: number; hand: number; field: number; complaint: number; other: number };
  amendedAfterMeeting: number;
  amendmentsAfterMeeting: number;
  rowsChangedFromList: number;
  nearDeadline: number;
  peakHour: number;
  reusedPhotos: number;
  returned: number;
  rejected: number;
  proposals: Partial<Record<Figure, string[]>>;
  flags: Flag[];
}

export interface VerifierRow {
  userId: string;
  role: string;
  verified: number;
  overrides: number;
  checks: Record<string, number>;
  cases: { proposalId: string; checks: string[]; reason: string | null; at: string }[];
  flags: Flag[];
}

export interface Supervision {
  region: { code: string; name: string | null; level: string };
  from: string | null;
  to: string | null;
  deadlineDays: number[];
  operators: OperatorRow[];
  verifiers: VerifierRow[];
}

/** The number a figure shows for an operator. */
export function figureValue(row: OperatorRow, figure: Figure): number {
  switch (figure) {
    case 'meeting':
    case 'hand':
    case 'field':
    case 'complaint':
      return row.drafted[figure];
    default:
      return row[figure];
  }
}
