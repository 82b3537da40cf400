import { timingSafeEqual } from 'node:crypto';
import { PublicStatusAnswer, PublicStatusBody, type Actor, type PublicProposalStage } from '@siks/contracts';
import { currentTraceparent, type ServiceApp } from '@siks/service-kit';
import type { RouteDeps } from '../http/deps.ts';
import type { MemberState } from '../households/state.ts';
import { openMember } from '../views/open.ts';
import { normaliseKtpName } from './name.ts';

/** Who a public check is recorded as (no account). */
const PUBLIC_ACTOR: Actor = { userId: 'public', role: 'system', regionCode: '' };
const SHOWN: ReadonlySet<string> = new Set<PublicProposalStage>([
  'submitted',
  'in_verification',
  'returned',
  'approved',
  'rejected',
]);

export interface PublicStatusOptions {
  /** Checks per client address per minute (0 = no limit of its own). */
  perMinute: number;
  /** Every answer takes at least this long, found or not, so time tells nothing. */
  answerMs: number;
  /** Told when a check took longer than `answerMs` (its time could then differ); no personal data. */
  onSlow?: (tookMs: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `POST /v1/registry/public/status` (the gateway's `/v1/public/status`): the citizens' status
 * check. The name is compared after opening the sealed member data inside the service: both
 * names are normalised (name.ts), turned into blind indexes under the service's HMAC key and
 * compared with `timingSafeEqual`; no name is stored for it. A wrong name, an unknown NIK and
 * a NIK of another village answer alike (`not_found`, same body), and every answer waits for
 * the same floor. Every check is an access event (the NIK as its blind index only).
 */
export function publicStatusRoute(app: ServiceApp, deps: RouteDeps, options: PublicStatusOptions): void {
  app.post(
    '/v1/registry/public/status',
    {
      config: {
        public: true,
        ...(options.perMinute > 0 ? { rateLimit: { max: options.perMinute, timeWindow: 60_000 } } : {}),
      },
      schema: {
        summary: 'Public status check (Cek Bansos): NIK, the name as on the KTP and the village; recorded',
        description:
          'No account. The answer never holds another person’s data; a wrong name answers as an unknown NIK.',
        tags: ['public'],
        body: PublicStatusBody,
        response: { 200: PublicStatusAnswer },
      },
    },
    async (request) => {
      const started = performance.now();
      const { nik, name, villageCode } = request.body;
      const nikIndex = await deps.keyring.identityIndex('nik', nik);
      const asked = Buffer.from(deps.keyring.blindIndex('ktp_name', normaliseKtpName(name)), 'hex');
      const sameName = async (sealed: MemberState): Promise<boolean> => {
        const opened = await openMember(deps.keyring, sealed);
        const stored = Buffer.from(
          deps.keyring.blindIndex('ktp_name', normaliseKtpName(opened?.name ?? '\u0000forgotten')),
          'hex',
        );
        return timingSafeEqual(asked, stored) && opened !== undefined;
      };

      const households = await deps.pool.query<{ household_id: string; status: string; members: MemberState[] }>(
        `SELECT h.household_id, h.status, h.state->'doc'->'members' AS members
           FROM registry.members m JOIN registry.households h USING (household_id)
          WHERE m.nik_index = $1 AND h.region_code = $2 ORDER BY h.updated_at DESC LIMIT 5`,
        [nikIndex, villageCode],
      );
      const matched: { householdId: string; status: string }[] = [];
      for (const row of households.rows) {
        const member = row.members.find((candidate) => candidate.nikIndex === nikIndex);
        if (member !== undefined && (await sameName(member)))
          matched.push({ householdId: row.household_id, status: row.status });
      }
      const people = await deps.pool.query<{ proposal_id: string; personal: MemberState['personal'] }>(
        `SELECT p.proposal_id, p.personal FROM registry.public_people p
           JOIN registry.public_proposals r USING (proposal_id)
          WHERE p.nik_index = $1 AND r.region_code = $2 LIMIT 10`,
        [nikIndex, villageCode],
      );
      const proposalIds = new Set<string>();
      for (const row of people.rows)
        if (await sameName({ nikIndex, personal: row.personal } as MemberState)) proposalIds.add(row.proposal_id);

      const householdIds = matched.map((found) => found.householdId);
      const stages =
        proposalIds.size + householdIds.length === 0
          ? []
          : (
              await deps.pool.query<{ stage: string; updated_at: Date }>(
                `SELECT stage, updated_at FROM registry.public_proposals
                  WHERE (proposal_id = ANY($1::uuid[]) OR household_id = ANY($2::uuid[])) AND region_code = $3
                  ORDER BY updated_at DESC LIMIT 20`,
                [[...proposalIds], householdIds, villageCode],
              )
            ).rows;
      const found = matched.length > 0 || proposalIds.size > 0;
      const answer: PublicStatusAnswer = {
        villageCode,
        registry: matched.some((row) => row.status === 'active')
          ? 'active'
          : matched.length > 0
            ? 'inactive'
            : 'not_found',
        proposals: found
          ? stages
              .filter((row) => SHOWN.has(row.stage))
              .slice(0, 5)
              .map((row) => ({
                stage: row.stage as PublicProposalStage,
                updatedOn: row.updated_at.toISOString().slice(0, 10),
              }))
          : [],
      };
      const traceparent = currentTraceparent();
      await deps.access.record(
        'PublicStatusChecked',
        { nikIndex, matched: found, householdIds, regionCode: villageCode },
        {
          actor: PUBLIC_ACTOR,
          correlationId: request.id,
          channel: 'complaint',
          ...(traceparent !== undefined ? { traceparent } : {}),
        },
      );
      const took = performance.now() - started;
      if (took > options.answerMs) options.onSlow?.(took);
      else await sleep(options.answerMs - took);
      return answer;
    },
  );
}
