import type { MigrationSet } from '@siks/pg';

/** Bookkeeping every projection has: the last revision applied per stream, and progress. */
const bookkeeping = (name: string): string => `
CREATE TABLE reporting.${name}_streams (
  stream_id text PRIMARY KEY,
  revision integer NOT NULL
);
CREATE TABLE reporting.${name}_progress (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  events bigint NOT NULL DEFAULT 0,
  last_event_id uuid,
  last_log_position text,
  last_event_at timestamptz,
  last_applied_at timestamptz
);`;

/** Where region-less events learn their village (see projections/region-keys.ts). */
const regionKeys = (table: string): string => `
CREATE TABLE reporting.${table} (
  key text PRIMARY KEY,
  region_code text COLLATE "C" NOT NULL
);`;

/**
 * The reporting service's tables live in the `reporting` schema (DESIGN.md §3). Region codes
 * are `COLLATE "C"` so a plain b-tree serves the prefix searches of the scope filter
 * (`region_code LIKE '52.02.%'`). A rebuild copies each projection's tables with
 * `LIKE … INCLUDING ALL` and swaps them in, so these statements are the one schema source.
 */
export const migrations: MigrationSet = {
  component: 'reporting',
  migrations: [
    { id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS reporting' },
    {
      id: '002_projections',
      sql: `
CREATE TABLE reporting.projections (
  name text PRIMARY KEY,
  -- The live generation: its tables are the ones without suffix; its consumer group is reporting.<name>.g<generation>.
  generation integer NOT NULL,
  -- The generation being rebuilt into the __next tables, if any.
  building integer,
  last_generation integer NOT NULL,
  swapped_at timestamptz
);
INSERT INTO reporting.projections (name, generation, last_generation)
SELECT unnest(ARRAY['proposals', 'households', 'decisions', 'operators', 'quality', 'audit']), 1, 1;

CREATE TABLE reporting.projection_lag (
  name text PRIMARY KEY,
  generation integer NOT NULL,
  lag_events bigint NOT NULL,
  -- Since when the lag has been above zero (the last sample that saw none before it).
  behind_since timestamptz,
  sampled_at timestamptz NOT NULL
);

CREATE TABLE reporting.proposals (
  proposal_id uuid PRIMARY KEY,
  region_code text COLLATE "C",
  proposal_type text,
  channel text,
  status text,
  created_by text,
  drafted_at timestamptz,
  first_submitted_at timestamptz,
  last_submitted_at timestamptz,
  decided_at timestamptz,
  approved_at timestamptz,
  withdrawn_at timestamptz,
  returns integer NOT NULL DEFAULT 0,
  case_status text,
  applied_at timestamptz
);
CREATE INDEX proposals_region ON reporting.proposals (region_code);
CREATE TABLE reporting.proposal_counts (
  region_code text COLLATE "C" NOT NULL,
  proposal_type text NOT NULL,
  channel text NOT NULL,
  stage text NOT NULL,
  applied boolean NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (region_code, proposal_type, channel, stage, applied)
);
${bookkeeping('proposals')}

CREATE TABLE reporting.households (
  household_id uuid PRIMARY KEY,
  region_code text COLLATE "C",
  status text,
  status_reason text,
  status_since timestamptz,
  registered_at timestamptz,
  proposal_id uuid
);
CREATE INDEX households_region ON reporting.households (region_code);
CREATE TABLE reporting.household_counts (
  region_code text COLLATE "C" NOT NULL,
  status text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (region_code, status)
);
CREATE TABLE reporting.household_changes (
  event_id uuid PRIMARY KEY,
  household_id uuid NOT NULL,
  region_code text COLLATE "C",
  change text NOT NULL,
  status text,
  reason text,
  proposal_id uuid,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX household_changes_region ON reporting.household_changes (region_code, occurred_at);
${bookkeeping('households')}

CREATE TABLE reporting.decision_rounds (
  proposal_id uuid PRIMARY KEY,
  region_code text COLLATE "C",
  proposal_type text,
  channel text,
  round integer NOT NULL,
  submitted_at timestamptz
);
CREATE TABLE reporting.decisions (
  event_id uuid PRIMARY KEY,
  proposal_id uuid NOT NULL,
  region_code text COLLATE "C",
  proposal_type text,
  channel text,
  round integer NOT NULL,
  decision text NOT NULL,
  reason text,
  fields jsonb,
  submitted_at timestamptz,
  decided_at timestamptz NOT NULL
);
CREATE INDEX decisions_region ON reporting.decisions (region_code, decided_at);
${bookkeeping('decisions')}

CREATE TABLE reporting.operator_actions (
  event_id uuid PRIMARY KEY,
  actor_id text NOT NULL,
  actor_role text NOT NULL,
  action text NOT NULL,
  proposal_id uuid,
  region_code text COLLATE "C",
  region_key text,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX operator_actions_region ON reporting.operator_actions (region_code, occurred_at);
CREATE INDEX operator_actions_pending ON reporting.operator_actions (region_key) WHERE region_key IS NOT NULL;
${regionKeys('operators_regions')}
${bookkeeping('operators')}

CREATE TABLE reporting.quality_findings (
  proposal_id uuid NOT NULL,
  check_name text NOT NULL,
  round integer NOT NULL,
  result text NOT NULL,
  reason text,
  region_code text COLLATE "C",
  region_key text,
  checked_at timestamptz NOT NULL,
  PRIMARY KEY (proposal_id, check_name)
);
CREATE INDEX quality_findings_region ON reporting.quality_findings (region_code, checked_at);
CREATE INDEX quality_findings_pending ON reporting.quality_findings (region_key) WHERE region_key IS NOT NULL;
${regionKeys('quality_regions')}
${bookkeeping('quality')}

CREATE TABLE reporting.audit_events (
  event_id uuid PRIMARY KEY,
  event_type text NOT NULL,
  stream_id text NOT NULL,
  revision integer NOT NULL,
  log_position text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_role text NOT NULL,
  actor_region text NOT NULL,
  channel text NOT NULL,
  reason text,
  changes jsonb,
  fields jsonb,
  details jsonb,
  proposal_id uuid,
  household_id uuid,
  document_id uuid,
  region_code text COLLATE "C",
  region_key text,
  correlation_id text,
  causation_id text
);
CREATE INDEX audit_events_time ON reporting.audit_events (occurred_at, event_id);
CREATE INDEX audit_events_proposal ON reporting.audit_events (proposal_id, occurred_at, event_id) WHERE proposal_id IS NOT NULL;
CREATE INDEX audit_events_household ON reporting.audit_events (household_id, occurred_at, event_id) WHERE household_id IS NOT NULL;
CREATE INDEX audit_events_actor ON reporting.audit_events (actor_id, occurred_at, event_id);
CREATE INDEX audit_events_region ON reporting.audit_events (region_code);
CREATE INDEX audit_events_pending ON reporting.audit_events (region_key) WHERE region_key IS NOT NULL;
${regionKeys('audit_regions')}
${bookkeeping('audit')}
`,
    },
    {
      // The supervisor view finds who uploaded a photo reported as reused (reports/supervision.ts).
      id: '003_audit_by_document',
      sql: 'CREATE INDEX audit_events_document ON reporting.audit_events (document_id) WHERE document_id IS NOT NULL',
    },
    {
      // The submissions time series of a province or regency reads every proposal in the range:
      // with the region in the index it is an index-only scan, no heap visit per proposal
      // (10,000 proposals: 147 -> 58 ms; docs/scale.md). Still linear in the proposals.
      id: '004_proposals_submitted_time',
      sql: 'CREATE INDEX proposals_submitted ON reporting.proposals (first_submitted_at) INCLUDE (region_code)',
    },
    {
      // Proposals per regency and local day in each of Indonesia's zones (projections/proposals/days.ts):
      // a province's or regency's series of drafted, submitted or applied proposals sums at most
      // regencies × days rows, whatever the number of proposals. Filled here from the live rows; a
      // rebuild under way when this runs lacks the shadow table: rebuild again after the upgrade.
      id: '005_proposal_days',
      sql: `
CREATE TABLE reporting.proposal_days (
  metric text NOT NULL,
  utc_offset integer NOT NULL,
  day date NOT NULL,
  region_code text COLLATE "C" NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (metric, utc_offset, day, region_code)
);
INSERT INTO reporting.proposal_days (metric, utc_offset, day, region_code, n)
SELECT m.metric, o.h, ((m.at AT TIME ZONE 'UTC') + make_interval(hours => o.h))::date,
       substring(p.region_code from 1 for 5), count(*)
  FROM reporting.proposals p
 CROSS JOIN LATERAL (VALUES ('drafted', p.drafted_at), ('submitted', p.first_submitted_at), ('applied', p.applied_at)) m(metric, at)
 CROSS JOIN unnest(ARRAY[7, 8, 9]) o(h)
 WHERE m.at IS NOT NULL AND p.region_code IS NOT NULL
 GROUP BY 1, 2, 3, 4`,
    },
  ],
};
