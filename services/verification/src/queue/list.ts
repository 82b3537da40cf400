import type { CaseStatus } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

export interface CaseListItem {
  proposalId: string;
  regionCode: string;
  proposalType: string;
  channel: string;
  status: CaseStatus;
  revision: number;
  round: number;
  failCount: number;
  warnCount: number;
  openedAt: string;
  updatedAt: string;
}

export interface CaseListFilter {
  /** The caller's scope ('' = national). */
  scope: string;
  region?: string | undefined;
  status?: CaseStatus | undefined;
  cursor?: string | undefined;
  limit: number;
}

interface Row {
  seq: string;
  proposal_id: string;
  region_code: string;
  proposal_type: string;
  channel: string;
  status: CaseStatus;
  revision: number;
  round: number;
  fail_count: number;
  warn_count: number;
  opened_at: Date;
  updated_at: Date;
}

/** Cursor = the last row's queue position, base64url; opaque to clients. */
export const encodeCursor = (seq: string): string => Buffer.from(seq, 'utf8').toString('base64url');
export function decodeCursor(cursor: string): string | undefined {
  const seq = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^\d{1,19}$/.test(seq) ? seq : undefined;
}

/**
 * The work queue: cases within the caller's scope (and `region`, prefix semantics), oldest
 * first, keyset-paginated. A page of `limit` rows has a `nextCursor` when more may follow.
 */
export async function listCases(
  db: Queryable,
  filter: CaseListFilter,
): Promise<{ items: CaseListItem[]; nextCursor: string | undefined } | undefined> {
  const after = filter.cursor === undefined ? '0' : decodeCursor(filter.cursor);
  if (after === undefined) return undefined;
  const conditions = ['seq > $1'];
  const values: unknown[] = [after];
  const within = (code: string): void => {
    if (code === '') return;
    values.push(code, `${code}.%`);
    conditions.push(`(region_code = $${values.length - 1} OR region_code LIKE $${values.length})`);
  };
  within(filter.scope);
  if (filter.region !== undefined) within(filter.region);
  if (filter.status !== undefined) {
    values.push(filter.status);
    conditions.push(`status = $${values.length}`);
  }
  values.push(filter.limit + 1);
  const { rows } = await db.query<Row>(
    `SELECT * FROM verification.cases WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      proposalId: row.proposal_id,
      regionCode: row.region_code,
      proposalType: row.proposal_type,
      channel: row.channel,
      status: row.status,
      revision: row.revision,
      round: row.round,
      failCount: row.fail_count,
      warnCount: row.warn_count,
      openedAt: row.opened_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.seq) : undefined,
  };
}
