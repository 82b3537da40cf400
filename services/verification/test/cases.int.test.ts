import { caseStreamId, type CheckOutcome } from '@siks/contracts';
import { ID_NUMBER } from '@siks/testing';
import { describe, expect, it } from 'vitest';
import {
  appendToProposal,
  eventually,
  family,
  linkDocument,
  nearGeotag,
  startHarness,
  submitNewHousehold,
  uploadDocument,
  verifyOver,
} from './support.ts';

const h = await startHarness('verification_cases');
const { app, platform } = h;
const village = '52.02.01.1001'; // Lombok Tengah (52.02)
const verifikator = await h.token('verifikator_kabkota', '52.02');
const otherVerifikator = await h.token('verifikator_kabkota', '52.01');
const admin = await h.token('admin_kabkota', '52.02');
const operatorToken = await h.token('operator_desa', village);

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const getCase = (proposalId: string, token = verifikator) =>
  app.inject({ url: `/v1/verification/cases/${proposalId}`, headers: auth(token) });
const resultOf = (results: CheckOutcome[], check: string) => results.find((result) => result.check === check);

async function openCase(proposalId: string, rounds = 1) {
  return eventually(async () => {
    const response = await getCase(proposalId);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.rounds.length).toBeGreaterThanOrEqual(rounds);
    return { body, etag: String(response.headers.etag) };
  });
}

describe('verification cases', () => {
  it('opens a case with a round of checks when a proposal is submitted, and queues it', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    await uploadDocument(platform, { proposalId, regionCode: village, kind: 'stpjm' });
    await uploadDocument(platform, { proposalId, regionCode: village, kind: 'foto_rumah', geotag: nearGeotag });
    const { body, etag } = await eventually(async () => {
      const opened = await openCase(proposalId);
      expect(resultOf(opened.body.checks.results, 'evidence_completeness')?.result).toBe('pass');
      // The read model's evidence list commits just after the round is appended.
      expect(opened.body.evidence.map((doc: { kind: string }) => doc.kind).sort()).toEqual(['foto_rumah', 'stpjm']);
      return opened;
    });
    expect(body).toMatchObject({
      proposalId,
      regionCode: village,
      proposalType: 'new_household',
      status: 'checks_done',
    });
    expect(etag).toBe(`"${body.revision}"`);
    expect(body.checks.results.map((result: CheckOutcome) => result.check)).toHaveLength(9);
    expect(resultOf(body.checks.results, 'identity')).toEqual({ check: 'identity', result: 'pass', reason: 'valid' });
    expect(resultOf(body.checks.results, 'duplicate_nik')?.reason).toBe('unique');
    expect(resultOf(body.checks.results, 'geotag')?.result).toBe('pass');
    expect(resultOf(body.checks.results, 'proposal_window')?.reason).toBe('inside_window');
    expect(body.evidence.map((doc: { kind: string }) => doc.kind).sort()).toEqual(['foto_rumah', 'stpjm']);
    // No personal data in the case.
    expect(JSON.stringify(body)).not.toMatch(/Budi|Siti/);
    expect(JSON.stringify(body)).not.toMatch(ID_NUMBER);

    const queue = await eventually(async () => {
      const response = await app.inject({
        url: '/v1/verification/cases?status=checks_done',
        headers: auth(verifikator),
      });
      expect(response.statusCode).toBe(200);
      const items = response.json().items as { proposalId: string }[];
      expect(items.map((item) => item.proposalId)).toContain(proposalId);
      return items;
    });
    expect(queue.find((item) => item.proposalId === proposalId)).toMatchObject({
      status: 'checks_done',
      regionCode: village,
      headName: expect.stringMatching(/Budi/),
    });
    // The queue opened the head's name: each read is recorded, ids only.
    const reads = (await platform.store.readAll({ streamPrefixes: ['reads-verification-'] })).filter(
      (event) =>
        event.data['purpose'] === 'verification.cases.list' &&
        (event.data['subjects'] as { id: string }[]).some((subject) => subject.id === proposalId),
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(JSON.stringify(reads)).not.toMatch(/Budi/);
    const tooMany = await app.inject({ url: '/v1/verification/cases?limit=101', headers: auth(verifikator) });
    expect(tooMany.statusCode).toBe(400);
  });

  it('adds a round when evidence arrives after the submission', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    const first = await openCase(proposalId);
    expect(resultOf(first.body.checks.results, 'evidence_completeness')).toMatchObject({
      result: 'fail',
      details: { missing: ['meeting_documents_or_stpjm', 'foto_rumah_geotagged'] },
    });
    await uploadDocument(platform, { proposalId, regionCode: village, kind: 'berita_acara' });
    await uploadDocument(platform, { proposalId, regionCode: village, kind: 'daftar_hadir' });
    await uploadDocument(platform, { proposalId, regionCode: village, kind: 'foto_rumah', geotag: nearGeotag });
    const later = await eventually(async () => {
      const response = await getCase(proposalId);
      const body = response.json();
      expect(resultOf(body.checks.results, 'evidence_completeness')?.result).toBe('pass');
      return body;
    });
    expect(later.checks.trigger).toBe('evidence');
    expect(later.checks.round).toBeGreaterThan(1);
    expect(later.rounds.map((round: { round: number }) => round.round)).toEqual(
      Array.from({ length: later.rounds.length }, (_, i) => i + 1),
    );
  });

  it('keeps a meeting record linked to a second proposal as evidence of both', async () => {
    const first = await submitNewHousehold(platform, family(village));
    const second = await submitNewHousehold(platform, family(village));
    const minutes = await uploadDocument(platform, { proposalId: first, regionCode: village, kind: 'berita_acara' });
    const missingOf = async (proposalId: string, missing: string[]) =>
      eventually(async () => {
        const body = (await getCase(proposalId)).json();
        expect(resultOf(body.checks.results, 'evidence_completeness')?.details).toEqual({ missing });
        return body;
      });
    await missingOf(first, ['daftar_hadir', 'foto_rumah_geotagged']);
    await missingOf(second, ['meeting_documents_or_stpjm', 'foto_rumah_geotagged']);

    await linkDocument(platform, { documentId: minutes, proposalId: second, regionCode: village });
    const linked = await missingOf(second, ['daftar_hadir', 'foto_rumah_geotagged']);
    expect(linked.checks.trigger).toBe('evidence');
    // The round is appended before the consumer's read-model transaction commits: the evidence
    // list of the view follows a moment later.
    await eventually(async () =>
      expect((await getCase(second)).json().evidence).toEqual([
        expect.objectContaining({ documentId: minutes, kind: 'berita_acara' }),
      ]),
    );

    // The first proposal keeps the record: its next round still counts it.
    await uploadDocument(platform, { proposalId: first, regionCode: village, kind: 'daftar_hadir' });
    await missingOf(first, ['foto_rumah_geotagged']);
    await eventually(async () =>
      expect(
        (await getCase(first))
          .json()
          .evidence.map((doc: { kind: string }) => doc.kind)
          .sort(),
      ).toEqual(['berita_acara', 'daftar_hadir']),
    );
    const { rows } = await platform.pool.query(
      'SELECT proposal_id FROM verification.evidence_links WHERE document_id = $1 ORDER BY proposal_id',
      [minutes],
    );
    expect(rows.map((row: { proposal_id: string }) => row.proposal_id)).toEqual([first, second].sort());
  });

  it('takes decisions with If-Match and a reason; a resubmission runs a new round', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    const { body, etag } = await openCase(proposalId);
    const decide = (payload: object, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: `/v1/verification/cases/${proposalId}/decisions`,
        headers: { ...auth(verifikator), ...headers },
        payload,
      });

    expect((await decide({ decision: 'return', reason: 'lengkapi foto rumah' })).statusCode).toBe(428);
    expect(
      (await decide({ decision: 'return', reason: 'x' }, { 'if-match': `"${body.revision + 5}"` })).statusCode,
    ).toBe(412);
    const noReason = await decide({ decision: 'reject' }, { 'if-match': etag });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ path: 'reason', code: 'reason.required' })]);
    const operatorTry = await app.inject({
      method: 'POST',
      url: `/v1/verification/cases/${proposalId}/decisions`,
      headers: { ...auth(operatorToken), 'if-match': etag },
      payload: { decision: 'verify' },
    });
    expect(operatorTry.statusCode).toBe(403);

    const returned = await decide(
      { decision: 'return', reason: 'lengkapi foto rumah', fields: ['household.address.rt'] },
      { 'if-match': etag },
    );
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ proposalId, status: 'returned', revision: body.revision + 1 });
    expect(returned.headers.etag).toBe(`"${body.revision + 1}"`);
    const stream = await platform.store.readStream(caseStreamId(proposalId));
    const last = stream[stream.length - 1];
    expect(last).toMatchObject({
      type: 'CaseReturned',
      data: { proposalId, reason: 'lengkapi foto rumah', fields: ['household.address.rt'] },
      metadata: { reason: 'lengkapi foto rumah', actor: { role: 'verifikator_kabkota', regionCode: '52.02' } },
    });
    // Decided: a second decision on the old revision is stale, on the new one not allowed.
    expect((await decide({ decision: 'verify' }, { 'if-match': etag })).statusCode).toBe(412);
    expect((await decide({ decision: 'verify' }, { 'if-match': returned.headers.etag as string })).statusCode).toBe(
      409,
    );

    await appendToProposal(
      platform,
      proposalId,
      'ProposalReturned',
      {
        proposalId,
        reason: 'lengkapi foto rumah',
        verificationCaseId: proposalId,
        fields: [],
      },
      village,
    );
    await appendToProposal(platform, proposalId, 'ProposalResubmitted', { proposalId }, village);
    const reopened = await eventually(async () => {
      const response = await getCase(proposalId);
      expect(response.json().status).toBe('checks_done');
      return response;
    });
    expect(reopened.json().checks).toMatchObject({ round: 2, trigger: 'resubmitted' });
  });

  it('orders a field validation, holds verification until its result, then verifies', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    const { etag } = await openCase(proposalId);
    const ordered = await app.inject({
      method: 'POST',
      url: `/v1/verification/cases/${proposalId}/field-validations`,
      headers: { ...auth(verifikator), 'if-match': etag },
      payload: { instructions: 'Kunjungi rumah, cek lantai dan dinding' },
    });
    expect(ordered.statusCode).toBe(201);
    const { fieldValidationId } = ordered.json();
    expect(ordered.headers.location).toBe(`/v1/verification/field-validations/${fieldValidationId}`);
    const afterOrder = ordered.headers.etag as string;

    const early = await app.inject({
      method: 'POST',
      url: `/v1/verification/cases/${proposalId}/decisions`,
      headers: { ...auth(verifikator), 'if-match': afterOrder },
      payload: { decision: 'verify' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('field_validation_pending');

    const recorded = await app.inject({
      method: 'POST',
      url: `/v1/verification/field-validations/${fieldValidationId}/result`,
      headers: { ...auth(verifikator), 'if-match': afterOrder },
      payload: { outcome: 'confirmed', notes: 'Rumah sesuai foto' },
    });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({ status: 'checks_done', fieldValidationId });

    const detail = (await getCase(proposalId)).json();
    expect(detail.fieldValidations).toEqual([
      expect.objectContaining({
        fieldValidationId,
        status: 'recorded',
        outcome: 'confirmed',
        instructions: 'Kunjungi rumah, cek lantai dan dinding',
        notes: 'Rumah sesuai foto',
      }),
    ]);
    // The texts are sealed in the log.
    const stream = await platform.store.readStream(caseStreamId(proposalId));
    expect(JSON.stringify(stream)).not.toContain('Kunjungi rumah');

    const verified = await app.inject({
      method: 'POST',
      url: `/v1/verification/cases/${proposalId}/decisions`,
      headers: { ...auth(verifikator), 'if-match': recorded.headers.etag as string },
      payload: verifyOver(detail.checks.results),
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().status).toBe('verified');
  });

  it('approves verified cases in a batch, answering each id; only admin_kabkota in scope', async () => {
    const verifiedId = await submitNewHousehold(platform, family(village));
    const undecidedId = await submitNewHousehold(platform, family(village));
    const elsewhereId = await submitNewHousehold(platform, family('52.01.01.2001'));
    const { body, etag } = await openCase(verifiedId);
    await openCase(undecidedId);
    await eventually(async () => expect((await getCase(elsewhereId, otherVerifikator)).statusCode).toBe(200));
    const verify = await app.inject({
      method: 'POST',
      url: `/v1/verification/cases/${verifiedId}/decisions`,
      headers: { ...auth(verifikator), 'if-match': etag },
      payload: verifyOver(body.checks.results),
    });
    expect(verify.statusCode).toBe(200);

    const unknownId = '01950000-0000-7000-8000-00000000dead';
    const approve = (token: string, proposalIds: string[]) =>
      app.inject({ method: 'POST', url: '/v1/verification/approvals', headers: auth(token), payload: { proposalIds } });
    expect((await approve(verifikator, [verifiedId])).statusCode).toBe(403);
    const batch = await approve(admin, [verifiedId, undecidedId, unknownId, elsewhereId]);
    expect(batch.statusCode).toBe(200);
    const { batchId, results } = batch.json();
    expect(results).toEqual([
      { proposalId: verifiedId, status: 'approved', revision: expect.any(Number) },
      { proposalId: undecidedId, status: 'not_verified', revision: expect.any(Number) },
      { proposalId: unknownId, status: 'not_found' },
      { proposalId: elsewhereId, status: 'not_found' },
    ]);
    const approved = (await getCase(verifiedId)).json();
    expect(approved.status).toBe('approved');
    expect(approved.decisions.map((d: { decision: string }) => d.decision)).toEqual(['verify', 'approve']);
    expect(approved.decisions[1]).toMatchObject({ batchId, by: { role: 'admin_kabkota' } });
    expect((await approve(admin, [verifiedId])).json().results[0].status).toBe('already_approved');
    expect((await approve(admin, [verifiedId, verifiedId])).statusCode).toBe(400);
  });

  it('hides a case from a verifikator of another regency (404 everywhere)', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    const { etag } = await openCase(proposalId);
    expect((await getCase(proposalId, otherVerifikator)).statusCode).toBe(404);
    const decision = await app.inject({
      method: 'POST',
      url: `/v1/verification/cases/${proposalId}/decisions`,
      headers: { ...auth(otherVerifikator), 'if-match': etag },
      payload: { decision: 'reject', reason: 'bukan wilayah' },
    });
    expect(decision.statusCode).toBe(404);
    const order = await app.inject({
      method: 'POST',
      url: `/v1/verification/cases/${proposalId}/field-validations`,
      headers: { ...auth(otherVerifikator), 'if-match': etag },
      payload: { instructions: 'x' },
    });
    expect(order.statusCode).toBe(404);
    const theirQueue = await app.inject({ url: '/v1/verification/cases', headers: auth(otherVerifikator) });
    expect(theirQueue.json().items.map((item: { regionCode: string }) => item.regionCode.slice(0, 5))).not.toContain(
      '52.02',
    );
    const peek = await app.inject({ url: '/v1/verification/cases?region=52.02', headers: auth(otherVerifikator) });
    expect(peek.statusCode).toBe(404);
    // The operator of the village sees the case of their village; the case is unchanged.
    expect((await getCase(proposalId, operatorToken)).statusCode).toBe(200);
    expect((await getCase(proposalId)).json().status).toBe('checks_done');
  });

  it('pages the work queue with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push(await submitNewHousehold(platform, family('52.02.02.2002')));
    const pages = await eventually(async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let count = 0;
      do {
        const response = await app.inject({
          url: `/v1/verification/cases?region=52.02.02.2002&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: auth(verifikator),
        });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        seen.push(...body.items.map((item: { proposalId: string }) => item.proposalId));
        cursor = body.nextCursor;
        count += 1;
      } while (cursor);
      // Queue order is the order rows entered the queue (consumers of several partitions): compare as sets.
      expect([...seen].sort()).toEqual([...ids].sort());
      return count;
    });
    expect(pages).toBe(2);
    const bad = await app.inject({ url: '/v1/verification/cases?cursor=AAAA', headers: auth(verifikator) });
    expect(bad.statusCode).toBe(400);
  });
});
