import { randomBytes } from 'node:crypto';
import { uuidv7, type NewEvent } from '@siks/contracts';

/** A proposal-like event of about 650 bytes of JSON (data + metadata); no real personal data. */
export function benchEvent(sequence: number): NewEvent {
  const eventId = uuidv7();
  return {
    eventId,
    type: 'ProposalSubmitted',
    schemaVersion: 1,
    data: {
      proposalId: `prop-${sequence}`,
      householdRef: randomBytes(16).toString('hex'),
      regionCode: '52.02.01.2001',
      members: [
        { ref: randomBytes(8).toString('hex'), relation: 'head', sex: 'F', ageBand: '35-44' },
        { ref: randomBytes(8).toString('hex'), relation: 'child', sex: 'M', ageBand: '5-9' },
      ],
      housing: { floor: 'earth', wall: 'bamboo', roof: 'thatch', water: 'well', lighting: 'none' },
    },
    metadata: {
      actor: { userId: 'operator-5202012001', role: 'operator_desa', regionCode: '52.02.01.2001' },
      channel: 'musdes',
      occurredAt: new Date().toISOString(),
      correlationId: eventId,
      causationId: null,
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    },
  };
}

export const RAW_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS public.raw_events (
  position        bigserial   PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  revision        bigint      NOT NULL CHECK (revision >= 0),
  event_id        uuid        NOT NULL UNIQUE,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  hash            bytea       NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS raw_events_global_order ON public.raw_events (transaction_id, position);
-- The store's category index too (migration 005): an index of the events table, not store logic.
CREATE INDEX IF NOT EXISTS raw_events_category_order ON public.raw_events ((split_part(stream_id, '-', 1)), transaction_id, position);
CREATE TABLE IF NOT EXISTS public.bench_read_model (
  event_id   uuid   PRIMARY KEY,
  stream_id  text   NOT NULL,
  revision   bigint NOT NULL,
  type       text   NOT NULL,
  region     text   NOT NULL
);`;
