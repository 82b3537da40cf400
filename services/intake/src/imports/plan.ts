import { contentRegion, deterministicId, type ProposalContent } from '@siks/contracts';
import type { ImportRowRecord } from './import-store.ts';
import type { ImportOutcome, PopulationReference, RowIssue } from './results.ts';

/** A proposal an import will create; its id derives from the import and its first row. */
export interface PlannedProposal {
  proposalId: string;
  rows: number[];
  content: ProposalContent;
  /** adminduk: the population reference of the proposal's row. */
  reference?: PopulationReference;
}

export interface ImportPlan {
  proposals: PlannedProposal[];
  rows: ImportRowRecord[];
  references: number;
}

/** Same file, same region: same import id, so an upload twice is one import. */
export const importIdOf = (regionCode: string, sha256: string): string =>
  deterministicId('intake.import', `${regionCode}:${sha256}`);

export const importedProposalId = (importId: string, firstRow: number): string =>
  deterministicId(importId, `proposal:${firstRow}`);

/**
 * What an accepted file turns into: one proposal per household (or adminduk row) with a stable
 * id, and an answer per row. Rows of a village outside the uploader's scope are rejected
 * (`kode_desa`, `region.out_of_scope`); nothing else changes the parser's answers.
 */
export function planImport(
  importId: string,
  outcome: Extract<ImportOutcome, { ok: true }>,
  inScope: (regionCode: string) => boolean,
): ImportPlan {
  const references = new Map(outcome.references.map((reference) => [reference.row, reference]));
  const byRow = new Map<number, ImportRowRecord>();
  for (const result of outcome.rows) {
    if (result.status === 'rejected')
      byRow.set(result.row, { row: result.row, status: 'rejected', errors: result.errors });
    else
      byRow.set(result.row, {
        row: result.row,
        status: 'pending',
        ...(result.warnings && result.warnings.length > 0 ? { warnings: result.warnings } : {}),
      });
  }
  const proposals: PlannedProposal[] = [];
  for (const imported of outcome.proposals) {
    const firstRow = imported.rows[0];
    if (firstRow === undefined) continue;
    if (!inScope(contentRegion(imported.content))) {
      const issue: RowIssue = { field: 'kode_desa', code: 'region.out_of_scope' };
      for (const row of imported.rows) byRow.set(row, { row, status: 'rejected', errors: [issue] });
      continue;
    }
    const proposalId = importedProposalId(importId, firstRow);
    for (const row of imported.rows) {
      const known = byRow.get(row);
      byRow.set(row, { ...(known ?? { row, status: 'pending' }), proposalId });
    }
    const reference = references.get(firstRow);
    proposals.push({ proposalId, rows: imported.rows, content: imported.content, ...(reference ? { reference } : {}) });
  }
  return {
    proposals,
    rows: [...byRow.values()].sort((a, b) => a.row - b.row),
    references: proposals.filter((proposal) => proposal.reference).length,
  };
}
