import type { MigrationSet } from '@siks/pg';

/**
 * The verification service's read models, in the `verification` schema (DESIGN.md §3). All
 * are kept by idempotent consumers and can be dropped and rebuilt from the topics:
 * - `proposals`, `proposal_people`: every proposal's latest stored content (personal fields
 *   sealed), status and the blind indexes of the people it names (intake.proposals.v1);
 * - `evidence`, `evidence_links`, `photo_matches`: documents, the proposals they back (many to
 *   many: one meeting record may back several proposals of its village; 003 replaced the
 *   single `evidence.proposal_id`), and the document service's duplicate-photo findings
 *   (document.evidence.v1);
 * - `population_reference`: adminduk reference lines by NIK blind index (intake.proposals.v1);
 * - `households`, `household_members`: the registry's households with their NIK/KK indexes
 *   (registry.households.v1);
 * - `cases`, `field_validations`: the work queue, folded from the case streams.
 */
const readModels = `
CREATE TABLE verification.proposals (
  proposal_id uuid PRIMARY KEY,
  region_code text NOT NULL,
  proposal_type text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  household_id uuid,
  kk_index text,
  content jsonb NOT NULL,
  window_kind text,
  first_submitted_at timestamptz,
  last_submitted_at timestamptz,
  applied boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);
CREATE INDEX proposals_household_idx ON verification.proposals (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX proposals_kk_idx ON verification.proposals (kk_index) WHERE kk_index IS NOT NULL;

CREATE TABLE verification.proposal_people (
  proposal_id uuid NOT NULL REFERENCES verification.proposals ON DELETE CASCADE,
  nik_index text NOT NULL,
  role text NOT NULL CHECK (role IN ('member', 'subject')),
  PRIMARY KEY (proposal_id, nik_index, role)
);
CREATE INDEX proposal_people_nik_idx ON verification.proposal_people (nik_index);

CREATE TABLE verification.evidence (
  document_id uuid PRIMARY KEY,
  proposal_id uuid,
  kind text,
  media_type text,
  sha256 text,
  perceptual_hash text,
  geotag jsonb,
  region_code text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'rejected')),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX evidence_proposal_idx ON verification.evidence (proposal_id);
CREATE INDEX evidence_sha256_idx ON verification.evidence (sha256);
CREATE INDEX evidence_phash_idx ON verification.evidence (perceptual_hash) WHERE perceptual_hash IS NOT NULL;

CREATE TABLE verification.photo_matches (
  document_id uuid NOT NULL,
  proposal_id uuid NOT NULL,
  other_document_id uuid NOT NULL,
  other_proposal_id uuid NOT NULL,
  region_code text NOT NULL,
  match text NOT NULL,
  distance integer NOT NULL,
  PRIMARY KEY (document_id, proposal_id, other_document_id, other_proposal_id)
);
CREATE INDEX photo_matches_proposal_idx ON verification.photo_matches (proposal_id);

CREATE TABLE verification.population_reference (
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  event text NOT NULL,
  event_date date NOT NULL,
  region_code text NOT NULL,
  destination_region_code text,
  nik_index text NOT NULL,
  new_nik_index text,
  personal jsonb NOT NULL,
  PRIMARY KEY (import_id, row_number)
);
CREATE INDEX population_reference_nik_idx ON verification.population_reference (nik_index);
CREATE INDEX population_reference_new_nik_idx ON verification.population_reference (new_nik_index)
  WHERE new_nik_index IS NOT NULL;

CREATE TABLE verification.households (
  household_id uuid PRIMARY KEY,
  region_code text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'inactive')),
  kk_index text,
  personal jsonb
);
CREATE INDEX households_kk_idx ON verification.households (kk_index) WHERE kk_index IS NOT NULL;

CREATE TABLE verification.household_members (
  household_id uuid NOT NULL REFERENCES verification.households ON DELETE CASCADE,
  nik_index text NOT NULL,
  PRIMARY KEY (household_id, nik_index)
);
CREATE INDEX household_members_nik_idx ON verification.household_members (nik_index);

CREATE TABLE verification.cases (
  seq bigserial UNIQUE,
  proposal_id uuid PRIMARY KEY,
  region_code text NOT NULL,
  proposal_type text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  revision integer NOT NULL,
  round integer NOT NULL,
  fail_count integer NOT NULL,
  warn_count integer NOT NULL,
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX cases_region_idx ON verification.cases (region_code text_pattern_ops, seq);
CREATE INDEX cases_status_idx ON verification.cases (status, seq);

CREATE TABLE verification.field_validations (
  field_validation_id uuid PRIMARY KEY,
  proposal_id uuid NOT NULL,
  region_code text NOT NULL,
  status text NOT NULL
);
`;

/**
 * Evidence links many to many: a document (a village meeting's minutes, its attendance list)
 * may back several proposals, and each `DocumentLinked` adds one. Existing single links are
 * carried over before `evidence.proposal_id` (and its index) goes.
 */
const evidenceLinks = `
CREATE TABLE verification.evidence_links (
  document_id uuid NOT NULL REFERENCES verification.evidence ON DELETE CASCADE,
  proposal_id uuid NOT NULL,
  linked_at timestamptz NOT NULL,
  PRIMARY KEY (document_id, proposal_id)
);
CREATE INDEX evidence_links_proposal_idx ON verification.evidence_links (proposal_id, document_id);
INSERT INTO verification.evidence_links (document_id, proposal_id, linked_at)
  SELECT document_id, proposal_id, recorded_at FROM verification.evidence WHERE proposal_id IS NOT NULL;
ALTER TABLE verification.evidence DROP COLUMN proposal_id;
`;

/** Who was shown whose personal data in clear (DESIGN.md §6): the approval list names heads of household. */
const personalDataReads = `
CREATE TABLE verification.personal_data_reads (
  id         bigserial   PRIMARY KEY,
  user_id    text        NOT NULL,
  role       text        NOT NULL,
  subject    text        NOT NULL,
  purpose    text        NOT NULL,
  request_id text        NOT NULL,
  read_at    timestamptz NOT NULL
);
`;

export const migrations: MigrationSet = {
  component: 'verification',
  migrations: [
    { id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS verification' },
    { id: '002_read_models', sql: readModels },
    { id: '003_evidence_links', sql: evidenceLinks },
    { id: '004_personal_data_reads', sql: personalDataReads },
  ],
};
