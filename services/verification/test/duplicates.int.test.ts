import { caseStreamId, type CheckOutcome } from '@siks/contracts';
import { ID_NUMBER } from '@siks/testing';
import { describe, expect, it } from 'vitest';
import { eventually, family, registerHousehold, startHarness, submitNewHousehold, verifyOver } from './support.ts';

/**
 * Issue 16, "one person registered twice": a proposal naming a person and a KK already active
 * in another household must not be verified over its failing checks with one click, nor be
 * approved without saying how the duplicate is resolved.
 */
const h = await startHarness('verification_duplicates');
const { app, platform } = h;
const village = '52.02.01.1001'; // Lombok Tengah (52.02)
const verifikator = await h.token('verifikator_kabkota', '52.02');
const admin = await h.token('admin_kabkota', '52.02');

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const getCase = (proposalId: string) =>
  app.inject({ url: `/v1/verification/cases/${proposalId}`, headers: auth(verifikator) });
const decide = (proposalId: string, etag: string, payload: object, language?: string) =>
  app.inject({
    method: 'POST',
    url: `/v1/verification/cases/${proposalId}/decisions`,
    headers: { ...auth(verifikator), 'if-match': etag, ...(language ? { 'accept-language': language } : {}) },
    payload,
  });
const approve = (payload: object) =>
  app.inject({ method: 'POST', url: '/v1/verification/approvals', headers: auth(admin), payload });

let kkSerial = 100;
/** A household registered in `registeredIn`, and a proposal of `village` naming its head and its KK again. */
async function duplicateOf(registeredIn: string) {
  kkSerial += 1;
  const kkNumber = `52020115031${String(kkSerial).padStart(5, '0')}`;
  const registered = family(registeredIn, { kkNumber });
  await registerHousehold(platform, registered);
  const proposal = family(village, { kkNumber });
  proposal.members[0] = { ...registered.members[0]! };
  const proposalId = await submitNewHousehold(platform, proposal);
  const opened = await eventually(async () => {
    const response = await getCase(proposalId);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const failing = (body.checks?.results ?? []).filter((r: CheckOutcome) => r.result === 'fail');
    expect(failing.map((r: CheckOutcome) => r.check)).toEqual(
      expect.arrayContaining(['duplicate_nik', 'duplicate_kk']),
    );
    return { body, etag: String(response.headers.etag) };
  });
  return { proposalId, ...opened };
}

describe('one person registered twice', () => {
  it('refuses to verify over failing checks unless each is named with a reason, and records them', async () => {
    const { proposalId, body, etag } = await duplicateOf('52.02.01.1002');
    const failing = (body.checks.results as CheckOutcome[])
      .filter((r) => r.result === 'fail')
      .map((r) => r.check)
      .sort();
    expect(failing.length).toBeGreaterThanOrEqual(2);

    const silent = await decide(proposalId, etag, { decision: 'verify' });
    expect(silent.statusCode).toBe(422);
    expect(silent.headers['content-type']).toContain('application/problem+json');
    const problem = silent.json();
    expect(problem).toMatchObject({ status: 422, code: 'case.override_required', failing, missing: failing });
    expect(problem.errors).toEqual([
      { path: 'overrides', code: 'override.missing', message: expect.stringContaining('duplicate_nik') },
      { path: 'reason', code: 'override.reason_required', message: expect.stringContaining('Alasan minimal 10') },
    ]);

    const partly = await decide(
      proposalId,
      etag,
      { decision: 'verify', overrides: ['duplicate_nik'], reason: 'pendek' },
      'en',
    );
    expect(partly.statusCode).toBe(422);
    expect(partly.json().errors).toEqual([
      {
        path: 'overrides',
        code: 'override.missing',
        message: `Failing checks not overridden: ${failing.filter((c) => c !== 'duplicate_nik').join(', ')}.`,
      },
      {
        path: 'reason',
        code: 'override.reason_required',
        message: 'A reason of at least 10 characters is required to verify over failing checks.',
      },
    ]);
    // Refusals change nothing.
    expect((await getCase(proposalId)).json()).toMatchObject({ status: 'checks_done', revision: body.revision });

    const reason = 'Sudah dicek ke Dukcapil: KK lama tidak berlaku lagi';
    const verified = await decide(proposalId, etag, { decision: 'verify', overrides: failing, reason });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().status).toBe('verified');
    const stream = await platform.store.readStream(caseStreamId(proposalId));
    expect(stream.at(-1)).toMatchObject({
      type: 'CaseVerified',
      data: { proposalId, reason, overrides: failing },
      metadata: { reason },
    });
    const detail = (await getCase(proposalId)).json();
    expect(detail.decisions).toEqual([
      expect.objectContaining({ decision: 'verify', reason, overrides: failing, by: expect.any(Object) }),
    ]);
  });

  it('answers duplicate_active at approval, and approves with a resolution carried by CaseApproved', async () => {
    const { proposalId, body, etag } = await duplicateOf('52.02.01.1002');
    expect((await decide(proposalId, etag, verifyOver(body.checks.results))).statusCode).toBe(200);

    const refused = await approve({ proposalIds: [proposalId] });
    expect(refused.statusCode).toBe(200);
    // Head and KK are in one other household: counted once.
    expect(refused.json().results).toEqual([
      { proposalId, status: 'duplicate_active', revision: expect.any(Number), households: 1 },
    ]);
    expect((await getCase(proposalId)).json().status).toBe('verified');

    const short = await approve({
      proposalIds: [proposalId],
      resolutions: { [proposalId]: { kind: 'deactivate_other', reason: 'ganda' } },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0]).toMatchObject({ code: 'resolution.reason_too_short' });

    const resolution = { kind: 'deactivate_other', reason: 'Rumah tangga lama sudah pindah ke KK baru' };
    const approved = await approve({ proposalIds: [proposalId], resolutions: { [proposalId]: resolution } });
    expect(approved.json().results).toEqual([{ proposalId, status: 'approved', revision: expect.any(Number) }]);
    const stream = await platform.store.readStream(caseStreamId(proposalId));
    expect(stream.at(-1)).toMatchObject({
      type: 'CaseApproved',
      data: { proposalId, resolution },
      metadata: { reason: resolution.reason, actor: { role: 'admin_kabkota' } },
    });
    expect((await getCase(proposalId)).json().decisions.at(-1)).toMatchObject({ decision: 'approve', resolution });
  });

  it('counts a duplicate in another regency without telling where it lies', async () => {
    const { proposalId, body, etag } = await duplicateOf('52.03.01.2001');
    expect((await decide(proposalId, etag, verifyOver(body.checks.results))).statusCode).toBe(200);
    const refused = await approve({ proposalIds: [proposalId] });
    expect(refused.json().results).toEqual([
      { proposalId, status: 'duplicate_active', revision: expect.any(Number), households: 1 },
    ]);
    expect(refused.body).not.toContain('52.03');
    expect(refused.body).not.toMatch(ID_NUMBER);
  });
});
