import type { ProposalContent } from '@siks/contracts';
import type { FileIssue } from './rows.ts';

/** A failed rule of one row: the column (`field`) and the rule's code. */
export interface RowIssue {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

export type RowResult =
  | { row: number; status: 'accepted'; warnings?: RowIssue[] }
  | { row: number; status: 'rejected'; errors: RowIssue[] };

/** A proposal made from one household (musdes/rtrw) or one event row (adminduk). */
export interface ImportedProposal {
  /** The file's household key (may be a KK number: treat as personal), or the row number for adminduk. */
  ref: string;
  rows: number[];
  content: ProposalContent;
}

/** One adminduk row, the reference for verification's Dukcapil match (personal: seal it). */
export interface PopulationReference {
  row: number;
  event: 'meninggal' | 'pindah' | 'koreksi_nik';
  eventDate: string;
  regionCode: string;
  destinationRegionCode?: string;
  nik: string;
  name: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  kkNumber?: string;
  newNik?: string;
}

export type ImportOutcome =
  | { ok: false; errors: FileIssue[]; warnings: FileIssue[] }
  | {
      ok: true;
      /** Data rows read (blank rows not counted). */
      rowCount: number;
      /** One per data row, in file order. */
      rows: RowResult[];
      proposals: ImportedProposal[];
      references: PopulationReference[];
      warnings: FileIssue[];
    };
