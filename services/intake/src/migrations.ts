import type { MigrationSet } from '@siks/pg';

/**
 * The intake service's own tables live in the `intake` schema (DESIGN.md §3: one schema per
 * service). None holds personal data in clear: the event log keeps it sealed; these tables keep
 * ids, codes, counts and masked NIKs only.
 */
const tables = `
-- Idempotency-Key answers, per user (DESIGN.md §8): same key and body, same answer.
CREATE TABLE intake.idempotency (
  user_id       text        NOT NULL,
  key           text        NOT NULL,
  request_hash  text        NOT NULL,
  status_code   integer     NOT NULL,
  response      jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- Read model of proposals (kept by the intake.read-model subscription; rebuildable from the log).
CREATE TABLE intake.proposals (
  proposal_id      uuid        PRIMARY KEY,
  region_code      text        NOT NULL,
  proposal_type    text        NOT NULL,
  channel          text        NOT NULL,
  status           text        NOT NULL,
  revision         integer     NOT NULL,
  created_by       text        NOT NULL,
  created_role     text        NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  client_id        text,
  import_id        uuid,
  deferred_until   date,
  amendments       integer     NOT NULL DEFAULT 0,
  member_count     integer,
  head_nik_masked  text
);
CREATE INDEX proposals_by_region ON intake.proposals (region_code text_pattern_ops, created_at DESC, proposal_id DESC);
CREATE INDEX proposals_by_time ON intake.proposals (created_at DESC, proposal_id DESC);

-- Complaints as leads for the village operator (same subscription).
CREATE TABLE intake.complaints (
  complaint_id  uuid        PRIMARY KEY,
  region_code   text        NOT NULL,
  category      text        NOT NULL,
  status        text        NOT NULL,
  received_at   timestamptz NOT NULL
);
CREATE INDEX complaints_by_region ON intake.complaints (region_code text_pattern_ops, received_at DESC, complaint_id DESC);

-- BNBA imports: one per file (SHA-256) and region; rows answered one by one.
CREATE TABLE intake.imports (
  import_id          uuid        PRIMARY KEY,
  region_code        text        NOT NULL,
  sha256             text        NOT NULL,
  channel            text        NOT NULL,
  format             text        NOT NULL,
  submit             boolean     NOT NULL,
  status             text        NOT NULL,
  created_by         text        NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  lease_until        timestamptz,
  row_count          integer     NOT NULL,
  rows_rejected      integer     NOT NULL,
  proposals_total    integer     NOT NULL,
  proposals_created  integer     NOT NULL DEFAULT 0,
  references_total   integer     NOT NULL DEFAULT 0,
  warnings           jsonb       NOT NULL DEFAULT '[]',
  failure            text,
  CONSTRAINT imports_file_region_key UNIQUE (sha256, region_code)
);
CREATE TABLE intake.import_rows (
  import_id    uuid    NOT NULL REFERENCES intake.imports (import_id),
  row          integer NOT NULL,
  status       text    NOT NULL,
  proposal_id  uuid,
  errors       jsonb,
  warnings     jsonb,
  PRIMARY KEY (import_id, row)
);
CREATE INDEX import_rows_by_proposal ON intake.import_rows (import_id, proposal_id);

-- Who opened whose personal data (DESIGN.md §6: a full NIK shown is itself recorded).
CREATE TABLE intake.personal_data_reads (
  id           bigserial   PRIMARY KEY,
  user_id      text        NOT NULL,
  role         text        NOT NULL,
  subject      text        NOT NULL,
  purpose      text        NOT NULL,
  request_id   text        NOT NULL,
  read_at      timestamptz NOT NULL
);
`;

export const migrations: MigrationSet = {
  component: 'intake',
  migrations: [
    { id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS intake' },
    { id: '002_tables', sql: tables },
    {
      id: '003_expiry_and_deferrals',
      sql: `
        CREATE INDEX idempotency_by_age ON intake.idempotency (created_at);
        CREATE INDEX proposals_deferred ON intake.proposals (deferred_until) WHERE deferred_until IS NOT NULL;
      `,
    },
    {
      // Attempts of the public complaint form per client (keyed hash of the address) and window,
      // shared by every intake process; windows that ended are swept.
      id: '004_complaint_attempts',
      sql: `
        CREATE TABLE intake.complaint_attempts (
          client_key   text        NOT NULL,
          window_start timestamptz NOT NULL,
          attempts     integer     NOT NULL,
          PRIMARY KEY (client_key, window_start)
        );
        CREATE INDEX complaint_attempts_by_window ON intake.complaint_attempts (window_start);
      `,
    },
    {
      // Finding a proposal by the 8 characters every page shows (the audit explorer, the lists).
      id: '005_proposals_by_id_prefix',
      sql: 'CREATE INDEX proposals_by_id_text ON intake.proposals ((proposal_id::text) text_pattern_ops)',
    },
    {
      // The head's (or the named person's) personal data as the event log keeps it, SEALED, so a
      // list can name the family: opened per page with the read recorded, shredded with the
      // person's key like the log itself. The read model is rebuilt from the log so existing rows
      // get it too (the subscription starts again from the beginning; rows are idempotent).
      id: '006_proposals_head_personal',
      sql: `
        ALTER TABLE intake.proposals ADD COLUMN head_personal jsonb;
        TRUNCATE intake.proposals;
        DO $$ BEGIN
          IF to_regclass('public.eventstore_checkpoints') IS NOT NULL THEN
            DELETE FROM public.eventstore_checkpoints WHERE subscription_id = 'intake.read-model';
          END IF;
        END $$;
      `,
    },
    {
      // Village meetings (kept by the intake.meetings subscription) and the meeting a musdes list belongs to.
      id: '007_meetings',
      sql: `
        CREATE TABLE intake.meetings (
          meeting_id      uuid        PRIMARY KEY,
          region_code     text        NOT NULL,
          kind            text        NOT NULL,
          date            date        NOT NULL,
          number          text        NOT NULL,
          place           text        NOT NULL,
          attendee_count  integer     NOT NULL,
          recorded_by     text        NOT NULL,
          recorded_at     timestamptz NOT NULL,
          documents       integer     NOT NULL
        );
        CREATE INDEX meetings_by_region ON intake.meetings (region_code text_pattern_ops, date DESC);
        ALTER TABLE intake.imports ADD COLUMN meeting_id uuid;
        CREATE INDEX imports_by_meeting ON intake.imports (meeting_id) WHERE meeting_id IS NOT NULL;
      `,
    },
    {
      // Who each proposal names (NIK blind index; whether they head the household), so a request
      // to forget a person finds their proposals (erasure/people.ts). Filled from the log: the
      // read model's subscription starts over (its writes are idempotent, so a replay changes
      // nothing else). PersonForgotten deletes the person's rows.
      id: '008_proposal_people',
      sql: `
        CREATE TABLE intake.proposal_people (
          proposal_id uuid    NOT NULL,
          nik_index   text    NOT NULL,
          head        boolean NOT NULL,
          PRIMARY KEY (nik_index, proposal_id)
        );
        DO $$ BEGIN
          IF to_regclass('public.eventstore_checkpoints') IS NOT NULL THEN
            DELETE FROM public.eventstore_checkpoints WHERE subscription_id = 'intake.read-model';
          END IF;
        END $$;
      `,
    },
    {
      // The complaint lifecycle (src/complaints): stage and when it began (for the time limits),
      // the tracking code's hash, what triage linked, the outcome; photos sealed beside the log.
      id: '009_complaint_lifecycle',
      sql: `
        ALTER TABLE intake.complaints
          ADD COLUMN stage          text        NOT NULL DEFAULT 'received',
          ADD COLUMN stage_at       timestamptz,
          ADD COLUMN tracking_index text,
          ADD COLUMN founded        boolean,
          ADD COLUMN upheld         boolean,
          ADD COLUMN household_id   uuid,
          ADD COLUMN proposal_id    uuid,
          ADD COLUMN answered_at    timestamptz,
          ADD COLUMN closed_at      timestamptz;
        UPDATE intake.complaints SET stage_at = received_at;
        ALTER TABLE intake.complaints ALTER COLUMN stage_at SET NOT NULL;
        CREATE UNIQUE INDEX complaints_by_tracking ON intake.complaints (tracking_index) WHERE tracking_index IS NOT NULL;
        CREATE INDEX complaints_open_by_stage ON intake.complaints (stage, stage_at) WHERE stage <> 'closed';
        CREATE TABLE intake.complaint_photos (
          complaint_id uuid  PRIMARY KEY,
          sha256       text  NOT NULL,
          media_type   text  NOT NULL,
          sealed       jsonb NOT NULL
        );
      `,
    },
    {
      // Whom a complaint is about (the NIK's blind index, as its event carries it), so forgetting
      // that person finds the complaint (erasure/forget.ts). Complaints received before this
      // migration get theirs from the log when the event store lives in the same database (the
      // embedded default); elsewhere only complaints received from now on are found.
      id: '010_complaint_subject',
      sql: `
        ALTER TABLE intake.complaints ADD COLUMN subject_nik_index text;
        CREATE INDEX complaints_by_subject ON intake.complaints (subject_nik_index) WHERE subject_nik_index IS NOT NULL;
        DO $$ BEGIN
          IF to_regclass('eventstore.events') IS NOT NULL THEN
            UPDATE intake.complaints c SET subject_nik_index = e.data->>'subjectNikIndex'
              FROM eventstore.events e
             WHERE e.stream_id = 'complaint-' || c.complaint_id AND e.type = 'ComplaintReceived'
               AND e.data ? 'subjectNikIndex';
          END IF;
        END $$;
      `,
    },
  ],
};
