import { caseStreamId, Topics, type CheckOutcome, type RecordedEvent } from '@siks/contracts';
import { relayMessage } from '@siks/bus';
import { describe, expect, it } from 'vitest';
import { handleInputEvent } from '../src/consumers/inputs.ts';
import { checkConfigOf } from '../src/config.ts';
import { defaultWindowConfig } from '../src/checks/window.ts';
import {
  appendToProposal,
  eventually,
  family,
  linkDocument,
  nearGeotag,
  recordReference,
  registerHousehold,
  startHarness,
  submitDeactivationByNik,
  submitNewHousehold,
  uploadDocument,
} from './support.ts';

const h = await startHarness('verification_checks');
const { app, platform } = h;
const lombokTengah = '52.02.01.1001'; // regency 52.02 (NTB)
const garut = '32.04.01.2001'; // regency 32.04 (Jawa Barat)
const tokens = {
  '52.02': await h.token('verifikator_kabkota', '52.02'),
  '32.04': await h.token('verifikator_kabkota', '32.04'),
  national: await h.token('pusdatin', ''),
};

type CaseBody = {
  revision: number;
  rounds: { round: number; trigger: string; results: CheckOutcome[] }[];
  checks: { results: CheckOutcome[]; trigger: string };
};
const caseOf = async (proposalId: string, token = tokens.national): Promise<CaseBody> => {
  const response = await app.inject({
    url: `/v1/verification/cases/${proposalId}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
};
const finding = (body: CaseBody, check: string) => body.checks.results.find((result) => result.check === check);

describe('automated checks through the pipeline', () => {
  it('finds the same NIK proposed in two villages of different regencies, on both cases', async () => {
    const first = family(lombokTengah);
    const shared = first.members[1];
    if (!shared) throw new Error('fixture');
    const firstId = await submitNewHousehold(platform, first);
    await eventually(async () => expect(finding(await caseOf(firstId), 'duplicate_nik')?.reason).toBe('unique'));

    const second = family(garut);
    second.members[1] = { ...shared, relationship: 'istri_suami' };
    const secondId = await submitNewHousehold(platform, second);
    const later = await eventually(async () => {
      const body = await caseOf(secondId, tokens['32.04']);
      expect(finding(body, 'duplicate_nik')?.result).toBe('fail');
      return body;
    });
    // Garut's verifikator learns that the NIK is proposed elsewhere, not where.
    expect(finding(later, 'duplicate_nik')).toEqual({
      check: 'duplicate_nik',
      result: 'fail',
      reason: 'in_other_pending_proposal',
      details: {
        paths: ['household.members.1'],
        regions: [],
        outsideScope: true,
        activeHouseholds: 0,
        pendingProposals: 1,
      },
    });
    // A national reader sees the other village.
    expect(finding(await caseOf(secondId), 'duplicate_nik')?.details?.['regions']).toEqual([lombokTengah]);
    // The first case gets a new round naming the other village.
    const earlier = await eventually(async () => {
      const body = await caseOf(firstId, tokens['52.02']);
      expect(finding(body, 'duplicate_nik')?.result).toBe('fail');
      return body;
    });
    expect(earlier.checks.trigger).toBe('related_proposal');
    expect(finding(earlier, 'duplicate_nik')?.details).toMatchObject({ regions: [], outsideScope: true });
    expect(finding(await caseOf(firstId), 'duplicate_nik')?.details?.['regions']).toEqual([garut]);

    // Withdrawing the second closes its case and clears the finding on the first.
    await appendToProposal(
      platform,
      secondId,
      'ProposalWithdrawn',
      { proposalId: secondId, reason: 'salah desa' },
      garut,
    );
    await eventually(async () => {
      expect(finding(await caseOf(firstId), 'duplicate_nik')?.result).toBe('pass');
      const withdrawn = await app.inject({
        url: `/v1/verification/cases/${secondId}`,
        headers: { authorization: `Bearer ${tokens.national}` },
      });
      expect(withdrawn.json().status).toBe('withdrawn');
    });
  });

  it('finds a NIK and a KK number active in a registry household', async () => {
    const registered = family('52.02.01.1002', { kkNumber: '5202011503100001' });
    await registerHousehold(platform, registered);
    const proposal = family(garut, { kkNumber: '5202011503100001' });
    proposal.members[0] = { ...registered.members[0]! };
    const proposalId = await submitNewHousehold(platform, proposal);
    const body = await eventually(async () => {
      const current = await caseOf(proposalId);
      expect(finding(current, 'duplicate_nik')?.result).toBe('fail');
      expect(finding(current, 'duplicate_kk')?.result).toBe('fail');
      return current;
    });
    expect(finding(body, 'duplicate_nik')).toMatchObject({
      reason: 'active_in_other_household',
      details: { paths: ['household.members.0'], regions: ['52.02.01.1002'] },
    });
    expect(finding(body, 'duplicate_kk')?.reason).toBe('active_in_other_household');
  });

  it('resolves a deactivation’s person only in its own village: no distance to a house elsewhere', async () => {
    // A registered household of Lombok Timur, and a Praya operator naming its head by NIK with a
    // photo taken near that house: the case must not tell how far the photo is from it.
    const lombokTimur = '52.03.01.2001';
    const registered = family(lombokTimur);
    const head = registered.members[0]!;
    await registerHousehold(platform, registered);
    const elsewhere = await submitDeactivationByNik(platform, lombokTengah, head);
    await uploadDocument(platform, {
      proposalId: elsewhere,
      regionCode: lombokTengah,
      kind: 'foto_rumah',
      geotag: nearGeotag,
    });
    const foreign = await eventually(async () => {
      const body = await caseOf(elsewhere);
      expect(finding(body, 'geotag')?.details?.['photos']).toBe(1);
      return body;
    });
    expect(finding(foreign, 'identity')).toMatchObject({ result: 'fail', reason: 'target_not_found' });
    expect(finding(foreign, 'geotag')?.details ?? {}).not.toHaveProperty('distanceM');
    expect(finding(foreign, 'geotag')?.reason).toBe('no_household_location');

    // The same proposal in the household's own village finds it, and the distance is the check's to give.
    const own = await submitDeactivationByNik(platform, lombokTimur, head);
    await uploadDocument(platform, {
      proposalId: own,
      regionCode: lombokTimur,
      kind: 'foto_rumah',
      geotag: nearGeotag,
    });
    const body = await eventually(async () => {
      const current = await caseOf(own);
      expect(finding(current, 'geotag')?.details?.['photos']).toBe(1);
      return current;
    });
    expect(finding(body, 'identity')?.result).not.toBe('fail');
    expect(finding(body, 'geotag')?.details?.['distanceM']).toEqual(expect.any(Number));
  });

  it('matches against the population reference, also when the reference arrives later', async () => {
    const input = family(lombokTengah);
    const head = input.members[0]!;
    await recordReference(platform, {
      nik: head.nik,
      name: 'Budi Santosa',
      event: 'pindah',
      regionCode: '52.01.01.2001',
    });
    const proposalId = await submitNewHousehold(platform, input);
    await eventually(async () =>
      expect(finding(await caseOf(proposalId), 'dukcapil_match')).toMatchObject({
        result: 'fail',
        reason: 'name_mismatch',
        details: { findings: expect.arrayContaining(['household.members.0:name_mismatch']) },
      }),
    );
    // The wife is recorded as deceased after the case opened: a new round says so.
    const wife = input.members[1]!;
    await recordReference(platform, { nik: wife.nik, name: wife.name, event: 'meninggal', regionCode: lombokTengah });
    const body = await eventually(async () => {
      const current = await caseOf(proposalId);
      expect(finding(current, 'dukcapil_match')?.reason).toBe('recorded_deceased');
      return current;
    });
    expect(body.checks.trigger).toBe('reference');
    expect(finding(body, 'dukcapil_match')?.details?.['findings']).toEqual([
      'household.members.0:name_mismatch',
      'household.members.1:recorded_deceased',
    ]);
  });

  /** A geotagged house photo with the bytes `sha256` for a proposal, as the document service sends it. */
  const uploadHousePhoto = (proposalId: string, regionCode: string, sha256: string) =>
    uploadDocument(platform, { proposalId, regionCode, kind: 'foto_rumah', sha256, geotag: nearGeotag });

  it('fails a house photo reused for another household', async () => {
    const sha256 = 'ab'.repeat(32);
    const firstId = await submitNewHousehold(platform, family(lombokTengah));
    await uploadHousePhoto(firstId, lombokTengah, sha256);
    const secondId = await submitNewHousehold(platform, family('52.02.01.1002'));
    await uploadHousePhoto(secondId, '52.02.01.1002', sha256);
    await eventually(async () =>
      expect(finding(await caseOf(secondId), 'photo_reuse')).toMatchObject({
        result: 'fail',
        reason: 'same_file_elsewhere',
        details: { regions: [lombokTengah] },
      }),
    );
  });

  it('fails a reused house photo whichever upload is consumed first', async () => {
    const sha256 = 'cd'.repeat(32);
    const firstId = await submitNewHousehold(platform, family(lombokTengah));
    const secondId = await submitNewHousehold(platform, family('52.02.01.1002'));
    // The second household's photo is consumed first: on its own it is unique.
    await uploadHousePhoto(secondId, '52.02.01.1002', sha256);
    await eventually(async () =>
      expect(finding(await caseOf(secondId), 'photo_reuse')).toMatchObject({ result: 'pass', reason: 'unique' }),
    );
    // The same bytes arrive for the first household: both cases now find the other.
    await uploadHousePhoto(firstId, lombokTengah, sha256);
    await eventually(async () => {
      expect(finding(await caseOf(secondId), 'photo_reuse')).toMatchObject({
        result: 'fail',
        reason: 'same_file_elsewhere',
        details: { regions: [lombokTengah] },
      });
      expect(finding(await caseOf(firstId), 'photo_reuse')).toMatchObject({
        result: 'fail',
        details: { regions: ['52.02.01.1002'] },
      });
    });
  });

  it('fails a house photo linked to a proposal about another household', async () => {
    const firstId = await submitNewHousehold(platform, family(lombokTengah));
    const photo = await uploadDocument(platform, {
      proposalId: firstId,
      regionCode: lombokTengah,
      kind: 'foto_rumah',
      geotag: nearGeotag,
    });
    const secondId = await submitNewHousehold(platform, family(lombokTengah));
    await eventually(async () => expect((await caseOf(secondId)).rounds).toHaveLength(1));
    await linkDocument(platform, { documentId: photo, proposalId: secondId, regionCode: lombokTengah });
    await eventually(async () =>
      expect(finding(await caseOf(secondId), 'photo_reuse')).toMatchObject({
        result: 'fail',
        reason: 'same_file_elsewhere',
      }),
    );
  });

  it('appends nothing twice when an event is delivered again', async () => {
    const proposalId = await submitNewHousehold(platform, family(lombokTengah));
    await eventually(async () => expect((await caseOf(proposalId)).rounds).toHaveLength(1));
    const before = await platform.store.readStream(caseStreamId(proposalId));
    const submitted = (await platform.store.readStream(`proposal-${proposalId}`)).find(
      (event) => event.type === 'ProposalSubmitted',
    ) as RecordedEvent;

    // Redelivered through the bus: the inbox skips it.
    await platform.bus.publish(Topics.intakeProposals, [relayMessage(submitted, ['proposal-'])]);
    // Handled again as if the first transaction had rolled back after appending, and with other
    // inputs meanwhile (a document in the read model): the reaction's ids derive from the
    // submission's id, so the store takes nothing new.
    const deps = {
      store: platform.store,
      opener: platform.keyring,
      checks: checkConfigOf({
        GEOTAG_MAX_DISTANCE_M: 200,
        GEOTAG_MAX_AGE_DAYS: 90,
        PROPOSAL_WINDOWS: defaultWindowConfig,
      }),
      now: () => new Date(),
    };
    const client = await platform.pool.connect();
    try {
      await client.query('BEGIN');
      const documentId = '01950000-0000-7000-8000-0000000000d1';
      await client.query(
        `INSERT INTO verification.evidence (document_id, kind, region_code, status, recorded_at)
         VALUES ($1, 'stpjm', $2, 'active', now())`,
        [documentId, lombokTengah],
      );
      await client.query(
        'INSERT INTO verification.evidence_links (document_id, proposal_id, linked_at) VALUES ($1, $2, now())',
        [documentId, proposalId],
      );
      await handleInputEvent(client, deps, submitted);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    // A later marker event on the same partition shows the redelivered message was consumed.
    const marker = await appendToProposal(
      platform,
      proposalId,
      'ProposalVerified',
      {
        proposalId,
        verificationCaseId: proposalId,
      },
      lombokTengah,
    );
    await eventually(async () => {
      const { rows } = await platform.pool.query('SELECT 1 FROM bus.inbox WHERE consumer = $1 AND event_id = $2', [
        'verification.inputs',
        marker.eventId,
      ]);
      expect(rows).toHaveLength(1);
    });
    const after = await platform.store.readStream(caseStreamId(proposalId));
    expect(after.map((event) => event.eventId)).toEqual(before.map((event) => event.eventId));
    const { rows } = await platform.pool.query(
      "SELECT count(*)::int AS n FROM bus.inbox WHERE consumer = 'verification.inputs' AND event_id = $1",
      [submitted.eventId],
    );
    expect(rows[0].n).toBe(1);
  });
});
