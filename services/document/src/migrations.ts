import type { MigrationSet } from '@siks/pg';

/** The document service's own tables live in the `document` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'document',
  migrations: [
    { id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS document' },
    {
      // The read model of accepted documents, kept by the `document.documents` subscription;
      // disposable: `resetDocumentProjection` empties it and the subscription rebuilds it from the log.
      id: '002_documents',
      sql: `
        CREATE TABLE document.documents (
          document_id uuid PRIMARY KEY,
          sha256 text NOT NULL,
          kind text NOT NULL,
          media_type text NOT NULL,
          size bigint NOT NULL,
          region_code text NOT NULL,
          proposal_ids uuid[] NOT NULL DEFAULT '{}',
          geotag jsonb,
          perceptual_hash bigint,
          uploaded_by text NOT NULL,
          uploaded_at timestamptz NOT NULL,
          duplicate_matches jsonb NOT NULL DEFAULT '[]'::jsonb,
          revision integer NOT NULL
        );
        CREATE INDEX documents_sha256 ON document.documents (sha256);
        CREATE INDEX documents_proposal_ids ON document.documents USING gin (proposal_ids);
        CREATE INDEX documents_region ON document.documents (region_code text_pattern_ops);
      `,
    },
    {
      // The village of each proposal, from intake's `ProposalDrafted` (a proposal's village never
      // changes): a link or an upload naming a proposal is refused unless the proposal lies in
      // the document's own village. Disposable like the documents table (replayed from the topic).
      id: '003_proposals',
      sql: `
        CREATE TABLE document.proposals (
          proposal_id uuid PRIMARY KEY,
          region_code text NOT NULL
        );
      `,
    },
    {
      // Where each proposal stands (intake's lifecycle events): evidence may be withdrawn from a
      // draft or a returned proposal only. Rows of proposals seen before this column stay NULL
      // (unknown) and are treated as closed until their next lifecycle event.
      id: '004_proposal_status',
      sql: 'ALTER TABLE document.proposals ADD COLUMN status text',
    },
    {
      // Which documents and which proposals each village meeting has (read-model/meeting-links.ts):
      // every pair is linked. Disposable, replayed from intake's topic like document.proposals.
      id: '005_meetings',
      sql: `
        CREATE TABLE document.meeting_documents (
          meeting_id uuid NOT NULL,
          document_id uuid NOT NULL,
          region_code text NOT NULL,
          kind text NOT NULL,
          PRIMARY KEY (meeting_id, document_id)
        );
        CREATE TABLE document.meeting_proposals (
          meeting_id uuid NOT NULL,
          proposal_id uuid NOT NULL,
          region_code text NOT NULL,
          PRIMARY KEY (meeting_id, proposal_id)
        );
      `,
    },
  ],
};
