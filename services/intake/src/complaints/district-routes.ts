import { RegionCode } from '@siks/contracts';
import { assertInScope } from '@siks/service-kit';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { IntakeContext } from '../context.ts';
import { regionFilter } from '../http/cursor.ts';
import type { IntakeApp } from '../http/types.ts';

const Query = z.object({ region: RegionCode.optional() }).strict();

/** A village stands out when at least this many of its complaints were decided… */
export const STANDOUT_MIN_DECIDED = 3;
/** …and at least this share of them were upheld (the village's list is often wrong). */
export const STANDOUT_UPHELD_SHARE = 0.5;

/** Hours a complaint may stay in each open stage (configuration), as SQL parameters in stage order. */
export function stageHours(config: Config): number[] {
  return [
    config.INTAKE_COMPLAINT_RECEIVED_HOURS,
    config.INTAKE_COMPLAINT_TRIAGED_HOURS,
    config.INTAKE_COMPLAINT_ROUTED_HOURS,
    config.INTAKE_COMPLAINT_ANSWERED_HOURS,
  ];
}

/** When a row's stage is due, given parameters $n..$n+3 (the hours of received…answered). */
const dueAt = (n: number) => `stage_at + make_interval(hours => CASE stage
    WHEN 'received' THEN $${n}::int WHEN 'triaged' THEN $${n + 1}::int
    WHEN 'routed' THEN $${n + 2}::int WHEN 'answered' THEN $${n + 3}::int END)`;

interface VillageRow {
  region_code: string;
  total: number;
  received: number;
  triaged: number;
  routed: number;
  answered: number;
  closed: number;
  upheld: number;
  not_upheld: number;
  unfounded: number;
  overdue: number;
  open_under_3d: number;
  open_3_to_14d: number;
  open_over_14d: number;
}

/**
 * The district's view of complaints: `GET /v1/intake/complaints/overdue` (open complaints past
 * their stage's time limit, oldest first) and `GET /v1/intake/complaints/summary` (per village:
 * by stage, by age of the open ones, by outcome; a village whose complaints are often upheld is
 * marked `standsOut`). Both in the caller's scope.
 */
export function registerComplaintDistrictRoutes(app: IntakeApp, context: IntakeContext): void {
  const { pool, clock, config } = context;

  app.get(
    '/v1/intake/complaints/overdue',
    {
      schema: {
        summary: 'Open complaints past the time limit of their stage, in the caller’s scope',
        tags: ['complaints'],
        querystring: Query,
      },
    },
    async (request) => {
      const region = request.query.region ?? request.actor.regionCode;
      assertInScope(request.actor, region);
      const values: unknown[] = [clock(), ...stageHours(config)];
      const conditions = [`stage <> 'closed'`, `${dueAt(2)} < $1`];
      if (region !== '') {
        const filter = regionFilter('region_code', region);
        values.push(filter.value);
        conditions.push(filter.sql(values.length));
      }
      const { rows } = await pool.query<{
        complaint_id: string;
        region_code: string;
        category: string;
        stage: string;
        stage_at: Date;
        due_at: Date;
      }>(
        `SELECT complaint_id, region_code, category, stage, stage_at, ${dueAt(2)} AS due_at
           FROM intake.complaints WHERE ${conditions.join(' AND ')} ORDER BY due_at, complaint_id LIMIT 500`,
        values,
      );
      return {
        items: rows.map((row) => ({
          complaintId: row.complaint_id,
          regionCode: row.region_code,
          category: row.category,
          stage: row.stage,
          stageAt: row.stage_at.toISOString(),
          dueAt: row.due_at.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/v1/intake/complaints/summary',
    {
      schema: {
        summary: 'Complaints per village by stage, age and outcome; villages often upheld stand out',
        tags: ['complaints'],
        querystring: Query,
      },
    },
    async (request) => {
      const region = request.query.region ?? request.actor.regionCode;
      assertInScope(request.actor, region);
      const values: unknown[] = [clock(), ...stageHours(config)];
      let where = '';
      if (region !== '') {
        const filter = regionFilter('region_code', region);
        values.push(filter.value);
        where = `WHERE ${filter.sql(values.length)}`;
      }
      const open = `stage <> 'closed'`;
      const { rows } = await pool.query<VillageRow>(
        `SELECT region_code, count(*)::int AS total,
           count(*) FILTER (WHERE stage = 'received')::int AS received,
           count(*) FILTER (WHERE stage = 'triaged')::int AS triaged,
           count(*) FILTER (WHERE stage = 'routed')::int AS routed,
           count(*) FILTER (WHERE stage = 'answered')::int AS answered,
           count(*) FILTER (WHERE stage = 'closed')::int AS closed,
           count(*) FILTER (WHERE upheld)::int AS upheld,
           count(*) FILTER (WHERE upheld = false AND founded)::int AS not_upheld,
           count(*) FILTER (WHERE founded = false)::int AS unfounded,
           count(*) FILTER (WHERE ${open} AND ${dueAt(2)} < $1)::int AS overdue,
           count(*) FILTER (WHERE ${open} AND received_at > $1 - interval '3 days')::int AS open_under_3d,
           count(*) FILTER (WHERE ${open} AND received_at <= $1 - interval '3 days'
                                   AND received_at > $1 - interval '14 days')::int AS open_3_to_14d,
           count(*) FILTER (WHERE ${open} AND received_at <= $1 - interval '14 days')::int AS open_over_14d
         FROM intake.complaints ${where} GROUP BY region_code ORDER BY region_code`,
        values,
      );
      return {
        villages: rows.map((row) => {
          const decided = row.upheld + row.not_upheld + row.unfounded;
          const upheldShare = decided === 0 ? null : row.upheld / decided;
          return {
            regionCode: row.region_code,
            total: row.total,
            byStage: {
              received: row.received,
              triaged: row.triaged,
              routed: row.routed,
              answered: row.answered,
              closed: row.closed,
            },
            openByAge: {
              under3Days: row.open_under_3d,
              from3To14Days: row.open_3_to_14d,
              over14Days: row.open_over_14d,
            },
            outcomes: { upheld: row.upheld, notUpheld: row.not_upheld, unfounded: row.unfounded },
            overdue: row.overdue,
            upheldShare,
            standsOut: decided >= STANDOUT_MIN_DECIDED && (upheldShare ?? 0) >= STANDOUT_UPHELD_SHARE,
          };
        }),
      };
    },
  );
}
