import type { FieldIssue } from '@siks/contracts';
import { validateProposalInput, type ValidationDeps } from '../proposals/validate.ts';
import { columnFor, setPath, type ConvertedRow } from './convert.ts';
import { HOUSEHOLD_COLUMNS } from './layout.ts';
import type { ImportedProposal, RowIssue, RowResult } from './results.ts';

const REF = 'ref_keluarga';
const byLevel = (level: 'household' | 'member') =>
  new Map(HOUSEHOLD_COLUMNS.filter((c) => c.level === level).map((c) => [c.target, c.name] as const));
const HOUSEHOLD_TARGETS = byLevel('household');
const MEMBER_TARGETS = byLevel('member');
const HOUSEHOLD_COLUMN_NAMES = [...HOUSEHOLD_TARGETS.values()];

/**
 * Groups member rows (`musdes`, `rtrw`) into households by `ref_keluarga` and turns each
 * household into a proposal (`new_household`, or `update` when `id_keluarga` is given),
 * checked by the contract and the domain rules. A household with any bad row is rejected
 * whole (its other rows say so); other households are not affected.
 */
export class HouseholdGrouper {
  readonly #groups = new Map<string, ConvertedRow[]>();
  readonly #results: RowResult[] = [];

  constructor(private readonly deps: ValidationDeps) {}

  add(row: ConvertedRow): void {
    const ref = row.values.get(REF);
    if (typeof ref !== 'string') {
      this.#results.push({
        row: row.row,
        status: 'rejected',
        errors: [...row.errors, { field: REF, code: 'required' }],
      });
      return;
    }
    const group = this.#groups.get(ref);
    if (group) group.push(row);
    else this.#groups.set(ref, [row]);
  }

  finish(): { rows: RowResult[]; proposals: ImportedProposal[] } {
    const proposals: ImportedProposal[] = [];
    const nikOwner = new Map<string, string>();
    for (const [ref, rows] of this.#groups) {
      const errors = new Map<number, RowIssue[]>(rows.map((row) => [row.row, [...row.errors]]));
      const push = (row: number, issue: RowIssue) => {
        const list = errors.get(row);
        if (list && !list.some((known) => known.field === issue.field && known.code === issue.code)) list.push(issue);
      };
      const first = rows[0]!;
      for (const row of rows.slice(1))
        for (const name of HOUSEHOLD_COLUMN_NAMES) {
          const value = row.values.get(name);
          if (value !== undefined && JSON.stringify(value) !== JSON.stringify(first.values.get(name)))
            push(row.row, { field: name, code: 'import.household_value_conflict', params: { row: first.row } });
        }
      for (const row of rows) {
        const nik = row.values.get('nik');
        if (typeof nik !== 'string') continue;
        const owner = nikOwner.get(nik);
        if (owner !== undefined && owner !== ref) push(row.row, { field: 'nik', code: 'import.nik_repeated' });
        else nikOwner.set(nik, ref);
      }
      const warnings = new Map<number, RowIssue[]>();
      if ([...errors.values()].every((list) => list.length === 0)) {
        const outcome = validateProposalInput(buildContent(rows), this.deps);
        if (!outcome.ok) for (const issue of outcome.errors) push(...locate(issue, rows));
        for (const issue of outcome.warnings) {
          const [row, rowIssue] = locate(issue, rows);
          warnings.set(row, [...(warnings.get(row) ?? []), rowIssue]);
        }
        if (outcome.ok) proposals.push({ ref, rows: rows.map((row) => row.row), content: outcome.content });
      }
      const failed = rows.filter((row) => (errors.get(row.row) ?? []).length > 0).map((row) => row.row);
      for (const row of rows) {
        const own = errors.get(row.row) ?? [];
        if (failed.length === 0) {
          const rowWarnings = warnings.get(row.row);
          this.#results.push({ row: row.row, status: 'accepted', ...(rowWarnings ? { warnings: rowWarnings } : {}) });
        } else if (own.length > 0) this.#results.push({ row: row.row, status: 'rejected', errors: own });
        else
          this.#results.push({
            row: row.row,
            status: 'rejected',
            errors: [{ field: REF, code: 'import.household_rejected', params: { rows: failed.join(', ') } }],
          });
      }
    }
    this.#results.sort((a, b) => a.row - b.row);
    return { rows: this.#results, proposals };
  }
}

function buildContent(rows: readonly ConvertedRow[]): unknown {
  const first = rows[0]!;
  const household: Record<string, unknown> = { programmes: [] };
  for (const [target, name] of HOUSEHOLD_TARGETS) {
    const value = first.values.get(name);
    if (value !== undefined && target !== 'householdId') setPath(household, target, value);
  }
  household['members'] = rows.map((row) => {
    const member: Record<string, unknown> = { disability: 'tidak_ada' };
    for (const [target, name] of MEMBER_TARGETS) {
      const value = row.values.get(name);
      if (value !== undefined) member[target] = value;
    }
    return member;
  });
  const householdId = first.values.get('id_keluarga');
  return householdId === undefined
    ? { type: 'new_household', household }
    : { type: 'update', householdId, regionCode: household['regionCode'], household };
}

/** A proposal field issue → the row and column it came from. */
function locate(issue: FieldIssue, rows: readonly ConvertedRow[]): [number, RowIssue] {
  const firstRow = rows[0]!.row;
  const path = issue.path.replace(/^household\./, '');
  const extra = issue.params ? { params: issue.params } : {};
  const member = /^members\.(\d+)(?:\.(.+))?$/.exec(path);
  if (member) {
    const row = rows[Number(member[1])]?.row ?? firstRow;
    const field = member[2] ? (columnFor(member[2], MEMBER_TARGETS) ?? 'nik') : 'nik';
    return [row, { field, code: issue.code, ...extra }];
  }
  if (path === 'members')
    return [
      firstRow,
      { field: issue.code.startsWith('household.head') ? 'hubungan' : REF, code: issue.code, ...extra },
    ];
  return [firstRow, { field: columnFor(path, HOUSEHOLD_TARGETS) ?? REF, code: issue.code, ...extra }];
}
