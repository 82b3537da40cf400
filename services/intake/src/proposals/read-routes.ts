import { Channel, ProposalStatus, ProposalType, RegionCode, StreamChainReport, type Sealed } from '@siks/contracts';
import { streamChainReport } from '@siks/eventstore';
import { maskNik } from '@siks/pii';
import { assertInScope, notFound } from '@siks/service-kit';
import { disclosureOf, recordFields } from '@siks/service-kit/access';
import { z } from 'zod';
import type { IntakeContext } from '../context.ts';
import { decodeCursor, encodeCursor, regionFilter } from '../http/cursor.ts';
import type { IntakeApp } from '../http/types.ts';
import { buildHistory } from './history.ts';
import { loadProposal, proposalStream, withContent } from './repository.ts';
import type { PersonalDataOpener } from './seal.ts';
import { detailView, etagOf, revisionOfEtag } from './views.ts';

export const ProposalParams = z.object({ id: z.uuid() }).strict();

const ListQuery = z
  .object({
    region: RegionCode.optional(),
    status: ProposalStatus.optional(),
    type: ProposalType.optional(),
    channel: Channel.optional(),
    /** The start of a proposal id as pages show it (8 characters) or the whole id. */
    idPrefix: z
      .string()
      .regex(/^[0-9a-fA-F-]{4,36}$/, { error: 'id_prefix.format' })
      .transform((value) => value.toLowerCase())
      .optional(),
    cursor: z.string().max(300).optional(),
    /** At most 100 a page: every row's name is opened (and the read recorded). */
    limit: z.coerce.number().int().min(1).max(100).default(50),
    /** `false`: ids and codes only, no name opened (a search by id needs none). */
    names: z.enum(['true', 'false']).default('true'),
  })
  .strict();

interface ListRow {
  proposal_id: string;
  region_code: string;
  proposal_type: string;
  channel: string;
  status: string;
  revision: number;
  created_by: string;
  created_role: string;
  created_at: Date;
  updated_at: Date;
  client_id: string | null;
  import_id: string | null;
  deferred_until: string | null;
  amendments: number;
  member_count: number | null;
  head_nik_masked: string | null;
  head_personal: Sealed | null;
}

/** Reading proposals: one (personal data opened, the read recorded), a page of a list (NIK masked), a history. */
export function registerReadRoutes(app: IntakeApp, context: IntakeContext): void {
  const { pool, store, keyring, clock } = context;

  app.get(
    '/v1/intake/proposals/:id',
    {
      schema: {
        summary: 'One proposal with its data (ETag = revision)',
        tags: ['proposals'],
        params: ProposalParams,
      },
    },
    async (request, reply) => {
      const loaded = await loadProposal(store, request.params.id);
      if (loaded.state.status === 'none') throw notFound();
      assertInScope(request.actor, loaded.state.regionCode);
      const etag = etagOf(loaded.state.revision);
      reply.header('etag', etag).header('cache-control', 'private, no-store');
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch !== undefined && revisionOfEtag(ifNoneMatch) === loaded.state.revision)
        return reply.code(304).send();
      const state = await withContent(loaded, keyring);
      const disclosure = disclosureOf(request.actor.role);
      if (state.content !== null)
        await context.reads.record(request, {
          purpose: 'intake.proposal.detail',
          subjects: [{ kind: 'proposal', id: state.proposalId }],
          fields: recordFields(disclosure),
          regions: [state.regionCode],
        });
      return detailView(state, loaded.recorded, disclosure);
    },
  );

  app.get(
    '/v1/intake/proposals/:id/history',
    {
      schema: {
        summary: 'Every event of a proposal: who, when, channel, reason, changed fields',
        tags: ['proposals'],
        params: ProposalParams,
      },
    },
    async (request, reply) => {
      const loaded = await loadProposal(store, request.params.id);
      if (loaded.state.status === 'none') throw notFound();
      assertInScope(request.actor, loaded.state.regionCode);
      const disclosure = disclosureOf(request.actor.role);
      const { entries, openedPersonal } = await buildHistory(loaded.recorded, keyring, disclosure);
      if (openedPersonal)
        await context.reads.record(request, {
          purpose: 'intake.proposal.history',
          subjects: [{ kind: 'proposal', id: loaded.state.proposalId }],
          // Identity numbers are masked in a history for every role.
          fields: recordFields(disclosure).map((field) =>
            field === 'nik' ? 'nik_masked' : field === 'kk' ? 'kk_masked' : field,
          ),
          regions: [loaded.state.regionCode],
        });
      reply.header('etag', etagOf(loaded.state.revision)).header('cache-control', 'private, no-store');
      return { proposalId: loaded.state.proposalId, revision: loaded.state.revision, events: entries };
    },
  );

  app.get(
    '/v1/intake/proposals/:id/chain',
    {
      schema: {
        summary: 'Whether the proposal’s event stream still verifies: every hash recomputed from the stored events',
        tags: ['proposals'],
        params: ProposalParams,
        response: { 200: StreamChainReport },
      },
    },
    async (request, reply) => {
      const loaded = await loadProposal(store, request.params.id);
      if (loaded.state.status === 'none') throw notFound();
      assertInScope(request.actor, loaded.state.regionCode);
      reply.header('cache-control', 'private, no-store');
      return streamChainReport(store, proposalStream(loaded.state.proposalId), clock());
    },
  );

  app.get(
    '/v1/intake/proposals',
    {
      schema: {
        summary:
          'Proposals in the caller’s scope, newest first (cursor pagination; the head’s name opened and the read recorded; NIK masked)',
        tags: ['proposals'],
        querystring: ListQuery,
      },
    },
    async (request) => {
      const query = request.query;
      const region = query.region ?? request.actor.regionCode;
      assertInScope(request.actor, region);
      const conditions: string[] = [];
      const values: unknown[] = [];
      const add = (sql: (parameter: number) => string, value: unknown): void => {
        values.push(value);
        conditions.push(sql(values.length));
      };
      if (region !== '') {
        const filter = regionFilter('region_code', region);
        add(filter.sql, filter.value);
      }
      if (query.status) add((n) => `status = $${n}`, query.status);
      if (query.type) add((n) => `proposal_type = $${n}`, query.type);
      if (query.channel) add((n) => `channel = $${n}`, query.channel);
      if (query.idPrefix) add((n) => `proposal_id::text LIKE $${n}`, `${query.idPrefix}%`);
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor);
        values.push(cursor.at, cursor.id);
        conditions.push(`(created_at, proposal_id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
      }
      const wantsNames = query.names === 'true';
      // A page that names heads of household counts against the reader's daily budget.
      const pageSize = wantsNames ? await context.reads.openList(request.actor, query.limit) : query.limit;
      values.push(pageSize + 1);
      const { rows } = await pool.query<ListRow>(
        `SELECT proposal_id, region_code, proposal_type, channel, status, revision, created_by, created_role,
           created_at, updated_at, client_id, import_id, deferred_until::text AS deferred_until, amendments,
           member_count, head_nik_masked, head_personal
         FROM intake.proposals ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY created_at DESC, proposal_id DESC LIMIT $${values.length}`,
        values,
      );
      const page = rows.slice(0, pageSize);
      const last = page.at(-1);
      const names = wantsNames ? await openHeadNames(keyring, page) : new Map<string, string>();
      if (names.size > 0)
        await context.reads.record(request, {
          purpose: 'intake.proposals.list',
          subjects: [...names.keys()].map((id) => ({ kind: 'proposal', id })),
          fields: ['name', 'nik_masked'],
          regions: page.filter((row) => names.has(row.proposal_id)).map((row) => row.region_code),
          rows: names.size,
        });
      return {
        items: page.map((row) => listItem(row, names.get(row.proposal_id))),
        ...(rows.length > pageSize && last
          ? { nextCursor: encodeCursor({ at: last.created_at.toISOString(), id: last.proposal_id }) }
          : {}),
      };
    },
  );
}

/**
 * The head's name of each row whose sealed data still opens (an erased person's does not), by
 * proposal id. Only the name leaves this function; the rest of the opened data is dropped.
 */
async function openHeadNames(opener: PersonalDataOpener, rows: readonly ListRow[]): Promise<Map<string, string>> {
  const opened = await Promise.all(
    rows.map(async (row) => {
      if (row.head_personal === null) return undefined;
      const value = (await opener.open(row.head_personal).catch(() => undefined)) as { name?: unknown } | undefined;
      return typeof value?.name === 'string' && value.name !== ''
        ? ([row.proposal_id, value.name] as const)
        : undefined;
    }),
  );
  return new Map(opened.filter((entry) => entry !== undefined));
}

function listItem(row: ListRow, headName: string | undefined) {
  return {
    proposalId: row.proposal_id,
    proposalType: row.proposal_type,
    regionCode: row.region_code,
    channel: row.channel,
    status: row.status,
    revision: row.revision,
    createdBy: { userId: row.created_by, role: row.created_role },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    amendments: row.amendments,
    ...(row.client_id !== null ? { clientId: row.client_id } : {}),
    ...(row.import_id !== null ? { importId: row.import_id } : {}),
    ...(row.deferred_until !== null ? { deferredUntil: row.deferred_until } : {}),
    ...(row.member_count !== null ? { memberCount: row.member_count } : {}),
    ...(headName !== undefined ? { headName } : {}),
    // Stored masked already; masked again so a full number could never slip through.
    ...(row.head_nik_masked !== null
      ? { headNik: row.head_nik_masked.includes('•') ? row.head_nik_masked : maskNik(row.head_nik_masked) }
      : {}),
  };
}
