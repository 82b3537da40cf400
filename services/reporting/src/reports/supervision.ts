import { defaultWindowConfig, RegionCode, type WindowConfig } from '@siks/contracts';
import { requireRole, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import type { ReportDeps } from './deps.ts';
import { queryRegion, withinSql } from './regions.ts';
import { ErrorCodes, LocalDate, RegionSchema, validation } from './schemas.ts';
import { DEADLINE_DAYS, operatorFlags, verifierFlags, type Flag, type OperatorFigures } from './supervision-rules.ts';

export const SupervisionQuery = z
  .object({
    region: RegionCode.refine((code) => code !== '').optional(),
    /** First and last day (inclusive, REPORTS_TIME_ZONE); all time when absent. */
    from: LocalDate.optional(),
    to: LocalDate.optional(),
  })
  .strict();

/** Figures whose proposals the view can list (drill-down). */
export const FIGURES = [
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
type Figure = (typeof FIGURES)[number];

/** Proposal ids listed per figure, newest first, at most this many. */
const MAX_IDS = 100;

const FlagSchema = z.object({ rule: z.string(), params: z.record(z.string(), z.number()) });

const OperatorRow = z.object({
  userId: z.string(),
  role: z.string(),
  regionCode: z.string(),
  drafted: z.object({
    meeting: z.number(),
    hand: z.number(),
    field: z.number(),
    complaint: z.number(),
    other: z.number(),
  }),
  amendedAfterMeeting: z.number(),
  amendmentsAfterMeeting: z.number(),
  rowsChangedFromList: z.number(),
  nearDeadline: z.number(),
  peakHour: z.number(),
  reusedPhotos: z.number(),
  returned: z.number(),
  rejected: z.number(),
  proposals: z.record(z.string(), z.array(z.string())),
  flags: z.array(FlagSchema),
});
type OperatorRow = z.infer<typeof OperatorRow>;

const VerifierRow = z.object({
  userId: z.string(),
  role: z.string(),
  verified: z.number(),
  overrides: z.number(),
  checks: z.record(z.string(), z.number()),
  cases: z.array(
    z.object({ proposalId: z.string(), checks: z.array(z.string()), reason: z.string().nullable(), at: z.string() }),
  ),
  flags: z.array(FlagSchema),
});
type VerifierRow = z.infer<typeof VerifierRow>;

export const SupervisionResponse = z.object({
  region: RegionSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Which days of the month count as "near the deadline" (end of the default additions window; a regency may differ). */
  deadlineDays: z.array(z.number()),
  operators: z.array(OperatorRow),
  verifiers: z.array(VerifierRow),
});
export type SupervisionResponse = z.infer<typeof SupervisionResponse>;

const BUCKETS: Readonly<Record<string, keyof OperatorFigures['drafted']>> = {
  musdes: 'meeting',
  operator: 'hand',
  field: 'field',
  complaint: 'complaint',
};

interface Filter {
  /** `WHERE` conditions on alias `e` (scope and time range). */
  sql: string;
  params: unknown[];
}

function filterOf(deps: ReportDeps, code: string, from?: string, to?: string): Filter {
  const params: unknown[] = [];
  const where = [withinSql('e.region_code', code, params)];
  if (from) {
    params.push(from, deps.timeZone);
    where.push(`e.occurred_at >= ($${params.length - 1}::date::timestamp AT TIME ZONE $${params.length})`);
  }
  if (to) {
    params.push(to, deps.timeZone);
    where.push(`e.occurred_at < (($${params.length - 1}::date + 1)::timestamp AT TIME ZONE $${params.length})`);
  }
  return { sql: where.join(' AND '), params };
}

/**
 * The supervisor view (issue "accountability"): per operator and village, proposals by channel,
 * changes to a meeting's list after the meeting, bursts near the deadline, reused photos, returns
 * and rejections; per verifikator, verifications over failed checks with the reasons given. Read
 * from the audit trail (`audit_events`), so every figure is a set of events one can open.
 */
export async function supervision(
  deps: ReportDeps,
  code: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<Pick<SupervisionResponse, 'deadlineDays' | 'operators' | 'verifiers'>> {
  const { sql, params } = filterOf(deps, code, range.from, range.to);
  const q = <R extends object>(text: string, extra: unknown[] = []) =>
    deps.pool.query<R>(text, [...params, ...extra]).then((result) => result.rows);
  const windows = deps.windows ?? defaultWindowConfig;
  const deadlineDays = lastDays(windows, '');
  const n = params.length;

  const [drafted, amended, peaks, photos, sentBack, verified] = await Promise.all([
    q<{ actor_id: string; actor_role: string; region_code: string; channel: string; day: number; ids: string[] }>(
      `SELECT e.actor_id, e.actor_role, e.region_code, coalesce(e.details->>'channel', e.channel) AS channel,
              extract(day FROM e.occurred_at AT TIME ZONE $${n + 1})::int AS day,
              array_agg(e.proposal_id::text ORDER BY e.occurred_at DESC) AS ids
         FROM reporting.audit_events e
        WHERE e.event_type = 'ProposalDrafted' AND e.actor_role <> 'system' AND e.region_code IS NOT NULL AND ${sql}
        GROUP BY 1, 2, 3, 4, 5`,
      [deps.timeZone],
    ),
    q<{ actor_id: string; actor_role: string; region_code: string; channel: string; events: number; ids: string[] }>(
      `SELECT e.actor_id, e.actor_role, e.region_code, d.details->>'channel' AS channel, count(*)::int AS events,
              array_agg(DISTINCT e.proposal_id::text) AS ids
         FROM reporting.audit_events e
         JOIN reporting.audit_events d ON d.proposal_id = e.proposal_id AND d.event_type = 'ProposalDrafted'
        WHERE e.event_type = 'ProposalAmended' AND e.actor_role <> 'system' AND e.region_code IS NOT NULL
          AND (d.details->>'channel' IN ('musdes', 'rtrw') OR d.details ? 'importId') AND ${sql}
        GROUP BY 1, 2, 3, 4`,
    ),
    q<{ actor_id: string; region_code: string; peak: number }>(
      `SELECT actor_id, region_code, max(n)::int AS peak FROM (
         SELECT e.actor_id, e.region_code, date_trunc('hour', e.occurred_at), count(*) AS n
           FROM reporting.audit_events e
          WHERE e.event_type = 'ProposalDrafted' AND e.actor_role <> 'system' AND e.region_code IS NOT NULL AND ${sql}
          GROUP BY 1, 2, 3) hours
        GROUP BY 1, 2`,
    ),
    q<{ actor_id: string; actor_role: string; region_code: string; photos: number; ids: string[] }>(
      `SELECT u.actor_id, u.actor_role, e.region_code, count(DISTINCT e.document_id)::int AS photos,
              array_agg(DISTINCT e.proposal_id::text) AS ids
         FROM reporting.audit_events e
         JOIN reporting.audit_events u ON u.document_id = e.document_id AND u.event_type = 'DocumentUploaded'
        WHERE e.event_type = 'DocumentDuplicateFound' AND e.region_code IS NOT NULL AND ${sql}
        GROUP BY 1, 2, 3`,
    ),
    q<{ actor_id: string; actor_role: string; region_code: string; event_type: string; ids: string[] }>(
      `SELECT d.actor_id, d.actor_role, e.region_code, e.event_type, array_agg(DISTINCT e.proposal_id::text) AS ids
         FROM reporting.audit_events e
         JOIN reporting.audit_events d ON d.proposal_id = e.proposal_id AND d.event_type = 'ProposalDrafted'
        WHERE e.event_type IN ('CaseReturned', 'CaseRejected') AND e.region_code IS NOT NULL AND ${sql}
        GROUP BY 1, 2, 3, 4`,
    ),
    q<{
      actor_id: string;
      actor_role: string;
      proposal_id: string;
      overrides: string[] | null;
      reason: string | null;
      at: Date;
    }>(
      `SELECT e.actor_id, e.actor_role, e.proposal_id::text AS proposal_id, e.details->'overrides' AS overrides,
              e.reason, e.occurred_at AS at
         FROM reporting.audit_events e
        WHERE e.event_type = 'CaseVerified' AND e.actor_role <> 'system' AND ${sql}
        ORDER BY e.occurred_at DESC`,
    ),
  ]);

  const operators = new Map<string, OperatorRow & { lists: Map<Figure, Set<string>> }>();
  const row = (userId: string, role: string, regionCode: string) => {
    const key = `${userId}\u0000${regionCode}`;
    let found = operators.get(key);
    if (!found) {
      found = {
        userId,
        role,
        regionCode,
        drafted: { meeting: 0, hand: 0, field: 0, complaint: 0, other: 0 },
        amendedAfterMeeting: 0,
        amendmentsAfterMeeting: 0,
        rowsChangedFromList: 0,
        nearDeadline: 0,
        peakHour: 0,
        reusedPhotos: 0,
        returned: 0,
        rejected: 0,
        proposals: {},
        flags: [],
        lists: new Map(),
      };
      operators.set(key, found);
    }
    return found;
  };
  const add = (target: { lists: Map<Figure, Set<string>> }, figure: Figure, ids: readonly string[]) => {
    const list = target.lists.get(figure) ?? new Set<string>();
    for (const id of ids) list.add(id);
    target.lists.set(figure, list);
  };
  const meetingRows = new Map<string, number>();

  for (const group of drafted) {
    const target = row(group.actor_id, group.actor_role, group.region_code);
    const bucket = BUCKETS[group.channel] ?? 'other';
    target.drafted[bucket] += group.ids.length;
    if (bucket !== 'other') add(target, bucket, group.ids);
    if (bucket === 'meeting')
      meetingRows.set(group.region_code, (meetingRows.get(group.region_code) ?? 0) + group.ids.length);
    if (lastDays(windows, group.region_code.slice(0, 5)).includes(group.day)) {
      target.nearDeadline += group.ids.length;
      add(target, 'nearDeadline', group.ids);
    }
  }
  for (const group of amended) {
    const target = row(group.actor_id, group.actor_role, group.region_code);
    add(target, 'rowsChangedFromList', group.ids);
    if (group.channel === 'musdes') {
      target.amendmentsAfterMeeting += group.events;
      add(target, 'amendedAfterMeeting', group.ids);
    }
  }
  for (const peak of peaks) {
    const target = operators.get(`${peak.actor_id}\u0000${peak.region_code}`);
    if (target) target.peakHour = peak.peak;
  }
  for (const group of photos) {
    const target = row(group.actor_id, group.actor_role, group.region_code);
    target.reusedPhotos += group.photos;
    add(target, 'reusedPhotos', group.ids);
  }
  for (const group of sentBack) {
    const target = row(group.actor_id, group.actor_role, group.region_code);
    const figure = group.event_type === 'CaseReturned' ? 'returned' : 'rejected';
    add(target, figure, group.ids);
  }

  const operatorRows: OperatorRow[] = [...operators.values()].map(({ lists, ...target }) => {
    target.amendedAfterMeeting = lists.get('amendedAfterMeeting')?.size ?? 0;
    target.rowsChangedFromList = lists.get('rowsChangedFromList')?.size ?? 0;
    target.returned = lists.get('returned')?.size ?? 0;
    target.rejected = lists.get('rejected')?.size ?? 0;
    target.proposals = Object.fromEntries([...lists].map(([figure, ids]) => [figure, [...ids].slice(0, MAX_IDS)]));
    target.flags = operatorFlags(target, meetingRows.get(target.regionCode) ?? 0);
    return target;
  });
  operatorRows.sort(
    (a, b) =>
      b.flags.length - a.flags.length || a.regionCode.localeCompare(b.regionCode) || a.userId.localeCompare(b.userId),
  );

  const verifiers = new Map<string, VerifierRow>();
  for (const decision of verified) {
    let target = verifiers.get(decision.actor_id);
    if (!target) {
      target = {
        userId: decision.actor_id,
        role: decision.actor_role,
        verified: 0,
        overrides: 0,
        checks: {},
        cases: [],
        flags: [],
      };
      verifiers.set(decision.actor_id, target);
    }
    target.verified += 1;
    const checks = Array.isArray(decision.overrides) ? decision.overrides : [];
    if (checks.length === 0) continue;
    target.overrides += 1;
    for (const check of checks) target.checks[check] = (target.checks[check] ?? 0) + 1;
    if (target.cases.length < MAX_IDS)
      target.cases.push({
        proposalId: decision.proposal_id,
        checks,
        reason: decision.reason,
        at: decision.at.toISOString(),
      });
  }
  const verifierRows = [...verifiers.values()].map(
    (target): VerifierRow => ({
      ...target,
      flags: verifierFlags(target.verified, target.overrides) satisfies Flag[],
    }),
  );
  verifierRows.sort((a, b) => b.overrides - a.overrides || a.userId.localeCompare(b.userId));
  return { deadlineDays, operators: operatorRows, verifiers: verifierRows };
}

/** The last `DEADLINE_DAYS` days of a regency's additions window (the default window for ''). */
function lastDays(windows: WindowConfig, regency: string): number[] {
  const toDay = (windows.regencies[regency]?.additions ?? windows.default.additions).toDay;
  return Array.from({ length: DEADLINE_DAYS }, (_, index) => toDay - DEADLINE_DAYS + 1 + index);
}

export function registerSupervisionRoute(app: ServiceApp, deps: ReportDeps): void {
  app.get(
    '/v1/reports/supervision',
    {
      // Supervisors only: district and province officers, the centre and auditors; not operators.
      preHandler: requireRole('verifikator_kabkota', 'admin_kabkota', 'admin_provinsi', 'pusdatin', 'auditor'),
      schema: {
        summary:
          'Per operator and village: proposals by channel, changes after the meeting, deadline bursts, reused photos, returns; per verifikator: verifications over failed checks; with flags',
        tags: ['reports'],
        querystring: SupervisionQuery,
        response: { 200: SupervisionResponse },
      },
    },
    async (request) => {
      const region = queryRegion(deps.regions, request.actor, request.query.region);
      const { from, to } = request.query;
      if (from && to && from > to) throw validation('query.from', ErrorCodes.rangeOrder);
      return { region, from: from ?? null, to: to ?? null, ...(await supervision(deps, region.code, { from, to })) };
    },
  );
}
