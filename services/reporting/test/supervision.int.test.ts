import { uuidv7 } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { createTokenVerifier, loadConfig } from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { loadRegions } from '@siks/wilayah';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { startWorkers, type Workers } from '../src/workers.ts';
import { GERUNG, LENENG, PRAYA } from './support/scenario.ts';
import { settle, startRelays } from './support/settle.ts';
import { people, Story, type StoryProposal } from './support/story.ts';
import { tokenMaker } from './support/tokens.ts';

const url = await useTestDatabase('reporting_supervision');
const platform = await createTestPlatform(url, 'reporting-supervision');
await migrate(platform.pool, [migrations]);
const tokens = await tokenMaker();
const config = loadConfig(configSchema, {
  DATABASE_URL: url,
  JWT_PUBLIC_KEY: tokens.publicKey,
  LOG_LEVEL: 'silent',
  REPORTS_TIME_ZONE: 'Asia/Makassar',
  // Lombok Tengah closes its additions window on the 21st: the 20th and 21st are "near the deadline".
  PROPOSAL_WINDOWS: JSON.stringify({
    default: { additions: { fromDay: 15, toDay: 22 }, pbiJk: { fromDay: 1, toDay: 7 } },
    regencies: { '52.02': { additions: { fromDay: 14, toDay: 21 } } },
  }),
});
const app = build({
  config,
  pool: platform.pool,
  bus: platform.bus,
  regions: await loadRegions(),
  verifier: await createTokenVerifier({ publicKey: tokens.publicKey }),
  now: () => new Date('2025-06-25T04:00:00Z'),
});
const relays = startRelays(platform);
let workers: Workers;
const story = new Story(platform);
const amender = people.operator(PRAYA, 'op-amender');
const careful = people.operator(PRAYA, 'op-careful');
const verifier = people.verifikator('52.02', 'ver-over');
const MEETING = uuidv7();
const IMPORT = uuidv7();
const meetingRows: StoryProposal[] = [];
let handEntered: StoryProposal;

/** A proposal of the meeting's imported list, row `row`, as an import drafts it. */
async function fromMeeting(row: number): Promise<StoryProposal> {
  const proposal: StoryProposal = {
    proposalId: uuidv7(),
    village: PRAYA,
    type: 'new_household',
    channel: 'musdes',
    operator: amender,
  };
  await story.proposalEvent(
    proposal,
    'ProposalDrafted',
    {
      proposalType: 'new_household',
      regionCode: PRAYA,
      channel: 'musdes',
      createdBy: amender,
      source: { importId: IMPORT, rows: [row], meetingId: MEETING },
      content: await story.newHouseholdContent(proposal.proposalId, PRAYA, '5202011203800001'),
    },
    amender,
  );
  return proposal;
}

beforeAll(async () => {
  workers = await startWorkers({ pool: platform.pool, bus: platform.bus, checkIntervalMs: 100 });
  for (const row of [2, 4, 6, 8]) meetingRows.push(await fromMeeting(row));
  // After the meeting, the operator changes two of its rows and adds one by hand.
  await story.amend(meetingRows[0]!, 'data diperbarui');
  await story.amend(meetingRows[0]!, 'data diperbarui lagi');
  await story.amend(meetingRows[2]!, 'alamat diganti');
  handEntered = await story.draft({ village: PRAYA, operator: amender });
  // Another operator: two by hand, a photo that also backs another proposal.
  const own = await story.draft({ village: PRAYA, operator: careful });
  await story.draft({ village: PRAYA, operator: careful });
  const photo = await story.upload(own);
  await story.append(
    `document-${photo}`,
    'DocumentDuplicateFound',
    {
      documentId: photo,
      proposalId: own.proposalId,
      regionCode: PRAYA,
      kind: 'foto_rumah',
      sha256: 'a'.repeat(64),
      matches: [
        { documentId: uuidv7(), proposalId: handEntered.proposalId, regionCode: PRAYA, match: 'sha256', distance: 0 },
      ],
    },
    people.system('document-service'),
  );
  // Verification: one verified over a failed check (with the reason), one plainly, one returned.
  for (const proposal of [meetingRows[1]!, meetingRows[3]!, handEntered])
    await story.openCase(proposal, [{ check: 'evidence_completeness', result: 'fail', reason: 'missing_documents' }]);
  await story.caseEvent(
    meetingRows[1]!,
    'CaseVerified',
    { overrides: ['evidence_completeness'], reason: 'berita acara diserahkan langsung' },
    verifier,
    'berita acara diserahkan langsung',
  );
  await story.caseEvent(meetingRows[3]!, 'CaseVerified', {}, verifier);
  await story.decide(handEntered, 'return', { by: verifier });
  // A third operator enters ten households by hand on the 20th, the day before the window closes.
  const late = new Story(platform, '2025-06-20T01:00:00.000Z');
  for (let n = 0; n < 10; n++) await late.draft({ village: LENENG, operator: people.operator(LENENG, 'op-late') });
  await settle(relays, platform.pool, platform.bus);
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await Promise.all(relays.map((relay) => relay.stop()));
  await app.close();
  await platform.close();
});

const get = async (token: string, query = '') =>
  app.inject({ url: `/v1/reports/supervision${query}`, headers: { authorization: `Bearer ${token}` } });

describe('GET /v1/reports/supervision', () => {
  it('counts per operator and village, flags amending a meeting’s rows, and lists the proposals behind each figure', async () => {
    const response = await get(await tokens.token('admin_kabkota', '52.02'));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.region).toMatchObject({ code: '52.02' });
    const amenderRow = body.operators.find((row: { userId: string }) => row.userId === 'op-amender');
    expect(amenderRow).toMatchObject({
      regionCode: PRAYA,
      drafted: { meeting: 4, hand: 1, field: 0, complaint: 0, other: 0 },
      amendedAfterMeeting: 2,
      amendmentsAfterMeeting: 3,
      rowsChangedFromList: 2,
      returned: 1,
      rejected: 0,
      reusedPhotos: 0,
      flags: [{ rule: 'amended_after_meeting', params: { count: 2, rows: 4, percent: 50 } }],
    });
    expect([...amenderRow.proposals.amendedAfterMeeting].sort()).toEqual(
      [meetingRows[0]!.proposalId, meetingRows[2]!.proposalId].sort(),
    );
    expect(amenderRow.proposals.returned).toEqual([handEntered.proposalId]);
    // The most flagged come first.
    expect(body.operators.map((row: { userId: string }) => row.userId)).toEqual([
      'op-late',
      'op-amender',
      'op-careful',
    ]);
    expect(body.operators[0]).toMatchObject({
      regionCode: LENENG,
      drafted: { hand: 10 },
      nearDeadline: 10,
      peakHour: 10,
      flags: [
        { rule: 'mostly_hand_entered', params: { count: 10, others: 0 } },
        { rule: 'deadline_burst', params: { count: 10, percent: 100, days: 2 } },
      ],
    });
    expect(body.deadlineDays).toEqual([21, 22]);

    const carefulRow = body.operators.find((row: { userId: string }) => row.userId === 'op-careful');
    expect(carefulRow).toMatchObject({ drafted: { hand: 2 }, amendedAfterMeeting: 0, reusedPhotos: 1 });
    expect(carefulRow.flags.map((flag: { rule: string }) => flag.rule)).toEqual(['reused_photos']);

    expect(body.verifiers).toEqual([
      {
        userId: 'ver-over',
        role: 'verifikator_kabkota',
        verified: 2,
        overrides: 1,
        checks: { evidence_completeness: 1 },
        cases: [
          {
            proposalId: meetingRows[1]!.proposalId,
            checks: ['evidence_completeness'],
            reason: 'berita acara diserahkan langsung',
            at: expect.any(String),
          },
        ],
        flags: [],
      },
    ]);
  });

  it('is for supervisors in scope: an operator is refused, another regency sees none of it', async () => {
    expect((await get(await tokens.token('operator_desa', PRAYA))).statusCode).toBe(403);
    expect((await get(await tokens.token('admin_kabkota', '52.01'), `?region=${PRAYA}`)).statusCode).toBe(404);
    const other = (await get(await tokens.token('admin_provinsi', '52'), `?region=${GERUNG.slice(0, 5)}`)).json();
    expect(other.operators).toEqual([]);
    // A range before anything happened counts nothing.
    const empty = (await get(await tokens.token('admin_provinsi', '52'), '?from=2025-01-01&to=2025-01-31')).json();
    expect(empty).toMatchObject({ operators: [], verifiers: [] });
  });
});
