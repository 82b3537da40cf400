import type { MigrationSet } from '@siks/pg';

const tables = `
-- The latest content of every proposal seen on intake.proposals.v1 (sealed, as intake stored it).
CREATE TABLE registry.proposal_contents (
  proposal_id      uuid        PRIMARY KEY,
  proposal_type    text        NOT NULL,
  region_code      text        NOT NULL,
  channel          text        NOT NULL,
  created_by       jsonb       NOT NULL,
  content          jsonb       NOT NULL,
  content_event_id uuid        NOT NULL,
  updated_at       timestamptz NOT NULL
);

-- What became of each approved proposal: applied, nothing to change, or refused by a rule.
CREATE TABLE registry.applications (
  proposal_id       uuid        PRIMARY KEY,
  approval_event_id uuid        NOT NULL,
  outcome           text        NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'not_applied')),
  rule              text,
  household_ids     uuid[]      NOT NULL,
  decided_at        timestamptz NOT NULL
);

-- Read models (rebuildable from the household- and cutoff- streams).
CREATE TABLE registry.households (
  household_id  uuid        PRIMARY KEY,
  region_code   text        NOT NULL,
  status        text        NOT NULL,
  kk_index      text,
  member_count  integer     NOT NULL,
  state         jsonb       NOT NULL,
  revision      bigint      NOT NULL,
  registered_at timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX households_region ON registry.households (region_code text_pattern_ops, household_id);
CREATE INDEX households_kk ON registry.households (kk_index) WHERE kk_index IS NOT NULL;

CREATE TABLE registry.members (
  nik_index    text NOT NULL,
  household_id uuid NOT NULL,
  region_code  text NOT NULL,
  status       text NOT NULL,
  relationship text NOT NULL,
  PRIMARY KEY (nik_index, household_id)
);
CREATE INDEX members_household ON registry.members (household_id);

CREATE TABLE registry.history (
  household_id uuid           NOT NULL,
  revision     bigint         NOT NULL,
  event_id     uuid           NOT NULL UNIQUE,
  type         text           NOT NULL,
  region_code  text           NOT NULL,
  proposal_id  uuid           NOT NULL,
  log_major    numeric(20, 0) NOT NULL,
  log_minor    numeric(20, 0) NOT NULL,
  recorded_at  timestamptz    NOT NULL,
  metadata     jsonb          NOT NULL,
  data         jsonb          NOT NULL,
  PRIMARY KEY (household_id, revision)
);
CREATE INDEX history_region_position ON registry.history (region_code text_pattern_ops, household_id);
CREATE INDEX history_proposal ON registry.history (proposal_id);

CREATE TABLE registry.cutoffs (
  cutoff_id     uuid        PRIMARY KEY,
  regency_code  text        NOT NULL,
  period        text        NOT NULL,
  log_position  text        NOT NULL,
  fixed_at      timestamptz NOT NULL,
  fixed_by      jsonb       NOT NULL,
  UNIQUE (regency_code, period)
);
`;

/** The registry service's own tables live in the `registry` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'registry',
  migrations: [
    { id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS registry' },
    { id: '002_tables', sql: tables },
    {
      // The public status check (src/public): the stage of every proposal as the public sees it
      // and the people each one names (blind index and the sealed member data, for the KTP name).
      id: '003_public_status',
      sql: `
        CREATE TABLE registry.public_proposals (
          proposal_id   uuid        PRIMARY KEY,
          region_code   text        NOT NULL,
          household_id  uuid,
          stage         text        NOT NULL,
          updated_at    timestamptz NOT NULL
        );
        CREATE INDEX public_proposals_household ON registry.public_proposals (household_id) WHERE household_id IS NOT NULL;
        CREATE TABLE registry.public_people (
          nik_index    text  NOT NULL,
          proposal_id  uuid  NOT NULL,
          personal     jsonb NOT NULL,
          PRIMARY KEY (nik_index, proposal_id)
        );
        CREATE INDEX public_people_proposal ON registry.public_people (proposal_id);
      `,
    },
    {
      // The hand-off above the regency (src/handoff): where each cut-off stands and the
      // ministry's latest answer per household (read models of the cutoff- streams).
      id: '004_cutoff_handoff',
      sql: `
        ALTER TABLE registry.cutoffs
          ADD COLUMN stage text NOT NULL DEFAULT 'fixed',
          ADD COLUMN stage_reason text,
          ADD COLUMN stage_at timestamptz;
        CREATE TABLE registry.cutoff_answers (
          cutoff_id    uuid        NOT NULL,
          household_id uuid        NOT NULL,
          proposal_id  uuid        NOT NULL,
          region_code  text        NOT NULL,
          status       text        NOT NULL,
          reason       text,
          answered_at  timestamptz NOT NULL,
          PRIMARY KEY (cutoff_id, household_id)
        );
      `,
    },
  ],
};
