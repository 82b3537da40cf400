import { compareLogPositions, parseLogPosition, type EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { maskNik } from '@siks/pii';
import { ProblemError } from '@siks/service-kit';
import { householdAtPosition } from '../households/queries.ts';
import { isHead } from '../households/state.ts';
import { readModelPosition } from '../read-model/project.ts';
import { withinRegionSql } from '../read-model/queries.ts';
import { openMember, type Opener } from '../views/open.ts';
import type { Cutoff } from './fix.ts';

/** One line of the approval list: an approved proposal as it changed one household. */
export interface ApprovalLine {
  proposalId: string;
  householdId: string;
  /** The village of the household when the change was applied. */
  regionCode: string;
  proposalType: string;
  /** The household events the proposal appended to this household, in log order. */
  eventTypes: string[];
  /** Why a deactivated household left the registry (`HouseholdDeactivated.reason`). */
  deactivationReason?: string;
  /** The head's name and NIK as at the cut-off; absent when the person was forgotten. */
  head?: { name: string; nik: string };
}

export interface ApprovalList {
  /** The previous cut-off of the regency whose changes this one follows (absent: the first). */
  since?: { period: string; logPosition: string };
  lines: ApprovalLine[];
}

interface HistoryRow {
  proposal_id: string;
  household_id: string;
  region_code: string;
  type: string;
  reason: string | null;
  proposal_type: string | null;
}

/**
 * The proposals approved for a regency's cut-off: the household changes recorded after the
 * regency's previous cut-off (the latest of an earlier period) up to this one's log position,
 * one line per proposal and household, in the order they were applied. An approved proposal the
 * registry did not apply (nothing to change, or refused by a rule) changed no household and is
 * not on the list: what the Bupati/Walikota signs is what the registry now holds.
 * `nik`: `full` opens the head's whole NIK (the signed list must identify each person), `masked`
 * shows `5202••••••••0001` (an auditor, or a list to post in public).
 */
export async function approvalList(
  deps: { store: EventStore; db: Queryable; keyring: Opener },
  cutoff: Cutoff,
  nik: 'full' | 'masked',
): Promise<ApprovalList> {
  const readUpTo = await readModelPosition(deps.db);
  if (readUpTo === '' || compareLogPositions(readUpTo, cutoff.logPosition) < 0) {
    throw new ProblemError({ status: 503, code: 'cutoff_not_ready', headers: { 'retry-after': '1' } });
  }
  const previous = await deps.db.query<{ period: string; log_position: string }>(
    `SELECT period, log_position FROM registry.cutoffs
      WHERE regency_code = $1 AND period < $2 ORDER BY period DESC LIMIT 1`,
    [cutoff.regencyCode, cutoff.period],
  );
  const since = previous.rows[0];
  const to = parseLogPosition(cutoff.logPosition);
  const from = since ? parseLogPosition(since.log_position) : { major: -1n, minor: -1n };
  const { rows } = await deps.db.query<HistoryRow>(
    `SELECT h.proposal_id, h.household_id, h.region_code, h.type, h.data->>'reason' AS reason, p.proposal_type
       FROM registry.history h
       LEFT JOIN registry.proposal_contents p ON p.proposal_id = h.proposal_id
      WHERE ${withinRegionSql('h.region_code', '$1')}
        AND (h.log_major, h.log_minor) > ($2::numeric, $3::numeric)
        AND (h.log_major, h.log_minor) <= ($4::numeric, $5::numeric)
      ORDER BY h.log_major, h.log_minor`,
    [cutoff.regencyCode, from.major.toString(), from.minor.toString(), to.major.toString(), to.minor.toString()],
  );
  const lines = new Map<string, ApprovalLine>();
  for (const row of rows) {
    const key = `${row.proposal_id}:${row.household_id}`;
    const line = lines.get(key);
    if (line) {
      line.eventTypes.push(row.type);
      if (row.type === 'HouseholdDeactivated' && row.reason !== null) line.deactivationReason = row.reason;
      continue;
    }
    lines.set(key, {
      proposalId: row.proposal_id,
      householdId: row.household_id,
      regionCode: row.region_code,
      proposalType: row.proposal_type ?? 'update',
      eventTypes: [row.type],
      ...(row.type === 'HouseholdDeactivated' && row.reason !== null ? { deactivationReason: row.reason } : {}),
    });
  }
  // One fold per household (a household changed by several proposals is read once).
  const heads = new Map<string, Promise<ApprovalLine['head']>>();
  const headOf = (householdId: string): Promise<ApprovalLine['head']> => {
    let head = heads.get(householdId);
    if (!head) {
      head = (async () => {
        const folded = await householdAtPosition(deps.store, householdId, cutoff.logPosition);
        const member = folded?.state.doc.members.find(isHead) ?? folded?.state.doc.members[0];
        const secrets = member ? await openMember(deps.keyring, member) : undefined;
        if (!secrets) return undefined;
        return { name: secrets.name, nik: nik === 'full' ? secrets.nik : maskNik(secrets.nik) };
      })();
      heads.set(householdId, head);
    }
    return head;
  };
  const result = [...lines.values()];
  await Promise.all(
    result.map(async (line) => {
      const head = await headOf(line.householdId);
      if (head) line.head = head;
    }),
  );
  return {
    ...(since ? { since: { period: since.period, logPosition: since.log_position } } : {}),
    lines: result,
  };
}
