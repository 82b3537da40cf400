import { describe, expect, it } from 'vitest';
import { makeNik } from '../src/proposals/test-fixtures.ts';
import {
  countProposalEvents,
  newHouseholdBody,
  OTHER_VILLAGE,
  REGENCY,
  startIntake,
  uniqueHousehold,
  VILLAGE,
} from './support.ts';

const intake = await startIntake();
const { app } = intake;
const operator = await intake.auth();

const post = async (body: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/v1/intake/proposals',
    headers: { ...operator, ...headers },
    payload: body as object,
  });

describe('POST /v1/intake/proposals', () => {
  it('keeps a draft, answers its id and revision, and the detail opens the data for the operator', async () => {
    const created = await post(newHouseholdBody(1));
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      proposalType: 'new_household',
      regionCode: VILLAGE,
      channel: 'operator',
      status: 'draft',
      revision: 0,
      warnings: [],
    });
    expect(created.headers['location']).toBe(`/v1/intake/proposals/${body.proposalId}`);
    expect(created.headers['etag']).toBe('"0"');
    expect(created.body).not.toContain(makeNik('1980-03-12', 'male', '0004'));

    const detail = await app.inject({ url: `/v1/intake/proposals/${body.proposalId}`, headers: operator });
    expect(detail.statusCode).toBe(200);
    expect(detail.headers['etag']).toBe('"0"');
    expect(detail.json()).toMatchObject({
      proposalId: body.proposalId,
      status: 'draft',
      createdBy: { userId: 'operator_desa-1', role: 'operator_desa' },
      content: { type: 'new_household', household: uniqueHousehold(1) },
    });
    const reads = (await intake.platform.store.readAll({ streamPrefixes: ['reads-intake-'] })).filter((event) =>
      (event.data['subjects'] as { id: string }[]).some((subject) => subject.id === body.proposalId),
    );
    expect(reads.map((event) => [event.metadata.actor.userId, event.data['purpose']])).toEqual([
      ['operator_desa-1', 'intake.proposal.detail'],
    ]);
    expect(JSON.stringify(reads)).not.toContain(makeNik('1980-03-12', 'male', '0004'));

    const notModified = await app.inject({
      url: `/v1/intake/proposals/${body.proposalId}`,
      headers: { ...operator, 'if-none-match': '"0"' },
    });
    expect(notModified.statusCode).toBe(304);
  });

  it('finds a proposal by the 8 characters pages show, or its whole id, only within scope', async () => {
    const { proposalId } = (await post(newHouseholdBody(2))).json();
    const short = proposalId.slice(0, 8);
    const found = await intake.eventually(async () => {
      const page = await app.inject({ url: `/v1/intake/proposals?idPrefix=${short.toUpperCase()}`, headers: operator });
      const items = page.json().items as { proposalId: string }[];
      return items.some((item) => item.proposalId === proposalId) && items;
    }, 'the proposal listed by its short id');
    expect(found.every((item) => item.proposalId.startsWith(short))).toBe(true);
    const whole = await app.inject({ url: `/v1/intake/proposals?idPrefix=${proposalId}`, headers: operator });
    expect(whole.json().items.map((item: { proposalId: string }) => item.proposalId)).toEqual([proposalId]);
    const elsewhere = await app.inject({
      url: `/v1/intake/proposals?idPrefix=${short}`,
      headers: await intake.auth('operator_desa', OTHER_VILLAGE),
    });
    expect(elsewhere.json().items).toEqual([]);
    expect((await app.inject({ url: '/v1/intake/proposals?idPrefix=x%25', headers: operator })).statusCode).toBe(400);
  });

  it('submits at once inside the window', async () => {
    const created = await post(newHouseholdBody(2, { submit: true, channel: 'program' }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'submitted', revision: 1, channel: 'program' });
  });

  it('honours Idempotency-Key: same key and body, the same answer; another body, 409', async () => {
    const before = await countProposalEvents(intake.platform);
    const key = { 'idempotency-key': 'a7f3c1d2-key-1' };
    const first = await post(newHouseholdBody(3), key);
    const again = await post(newHouseholdBody(3), key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotency-replayed']).toBe('true');
    const other = await post(newHouseholdBody(4), key);
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await countProposalEvents(intake.platform)).toBe(before + 1);
    // The key belongs to its user: another operator may use the same key.
    const colleague = await post(newHouseholdBody(4), {
      ...key,
      ...(await intake.auth('operator_desa', VILLAGE, 'op-2')),
    });
    expect(colleague.statusCode).toBe(201);
    expect(colleague.json().proposalId).not.toBe(first.json().proposalId);
  });
});

describe('bad inputs are answered with problem+json and write nothing', () => {
  const expectProblem = (
    response: Awaited<ReturnType<typeof post>>,
    status: number,
    code: string,
    errors?: { path: string; code: string }[],
  ) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status, code });
    if (errors)
      expect(problem.errors.map((e: { path: string; code: string }) => ({ path: e.path, code: e.code }))).toEqual(
        errors,
      );
    return problem;
  };
  const withMember = (index: number, change: Record<string, unknown>) => {
    const body = newHouseholdBody(40);
    const members = body.proposal.household.members as Record<string, unknown>[];
    members[index] = { ...members[index], ...change };
    return body;
  };

  it('refuses each, in Bahasa Indonesia by default and English on request', async () => {
    const before = await countProposalEvents(intake.platform);
    const raw = (payload: string, contentType: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/intake/proposals',
        headers: { ...operator, 'content-type': contentType },
        payload,
      });
    expectProblem(await raw('{"proposal": {', 'application/json'), 400, 'malformed_json');
    expectProblem(await raw('proposal=1', 'text/plain'), 415, 'unsupported_media_type');
    expectProblem(
      await raw(JSON.stringify({ pad: 'x'.repeat(70 * 1024) }), 'application/json'),
      413,
      'payload_too_large',
    );
    expectProblem(await post({ ...newHouseholdBody(41), owner: 'x' }), 400, 'validation_failed', [
      { path: '', code: 'unrecognized_keys' },
    ]);
    const short = withMember(0, { nik: '520201120380000' });
    const problem = expectProblem(await post(short), 400, 'validation_failed', [
      { path: 'proposal.household.members.0.nik', code: 'nik.length' },
    ]);
    expect(problem.errors[0].message).toBe('NIK harus terdiri dari 16 digit.');
    expect(JSON.stringify(problem)).not.toContain('520201120380000');
    const english = await post(withMember(1, { nik: '52020152078A0002' }), { 'accept-language': 'en' });
    const englishProblem = expectProblem(english, 400, 'validation_failed', [
      { path: 'proposal.household.members.1.nik', code: 'nik.characters' },
    ]);
    expect(englishProblem.errors[0].message).toBe('A NIK may contain digits only.');
    expectProblem(await post(withMember(0, { birthDate: '1980-03-13' })), 400, 'validation_failed', [
      { path: 'proposal.household.members.0.nik', code: 'nik.birthdate_mismatch' },
    ]);
    const unknownVillage = newHouseholdBody(42);
    unknownVillage.proposal.household = { ...unknownVillage.proposal.household, regionCode: '52.02.01.2999' };
    expectProblem(await post(unknownVillage), 400, 'validation_failed', [
      { path: 'proposal.household.regionCode', code: 'region.village_unknown' },
    ]);
    expectProblem(await post(withMember(1, { relationship: 'kepala_keluarga' })), 400, 'validation_failed', [
      { path: 'proposal.household.members.1.relationship', code: 'household.head_multiple' },
    ]);
    expect(await countProposalEvents(intake.platform)).toBe(before);
  });

  it('answers 401 without a token or with an expired one, 403 for a reader, and keeps a village to its own', async () => {
    const before = await countProposalEvents(intake.platform);
    const none = await app.inject({ method: 'POST', url: '/v1/intake/proposals', payload: newHouseholdBody(43) });
    expectProblem(none, 401, 'unauthorized');
    const expired = await post(newHouseholdBody(43), {
      authorization: `Bearer ${await intake.token('operator_desa', VILLAGE, { expired: true })}`,
    });
    expectProblem(expired, 401, 'token_expired');
    const district = await post(newHouseholdBody(43), await intake.auth('verifikator_kabkota', REGENCY));
    expectProblem(district, 403, 'forbidden');
    const elsewhere = await post(newHouseholdBody(43), await intake.auth('operator_desa', OTHER_VILLAGE));
    expectProblem(elsewhere, 403, 'region_out_of_scope', [
      { path: 'proposal.household.regionCode', code: 'region.out_of_scope' },
    ]);
    expect(await countProposalEvents(intake.platform)).toBe(before);

    const mine = (await post(newHouseholdBody(44))).json();
    const foreign = await intake.auth('operator_desa', OTHER_VILLAGE);
    expectProblem(
      await app.inject({ url: `/v1/intake/proposals/${mine.proposalId}`, headers: foreign }),
      404,
      'not_found',
    );
    expectProblem(
      await app.inject({ url: `/v1/intake/proposals/${mine.proposalId}/history`, headers: foreign }),
      404,
      'not_found',
    );
    const readByDistrict = await app.inject({
      url: `/v1/intake/proposals/${mine.proposalId}`,
      headers: await intake.auth('verifikator_kabkota', REGENCY),
    });
    expect(readByDistrict.statusCode).toBe(200);
    const otherRegency = await app.inject({
      url: `/v1/intake/proposals/${mine.proposalId}`,
      headers: await intake.auth('admin_kabkota', '52.03'),
    });
    expect(otherRegency.statusCode).toBe(404);
  });
});

describe('the service', () => {
  it('answers health, readiness, metrics and its OpenAPI document', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.json()).toEqual({ status: 'ready', checks: [{ name: 'database', ok: true }] });
    expect((await app.inject({ url: '/metrics' })).body).toContain('service="intake"');
    const paths = Object.keys((await app.inject({ url: '/docs/openapi.json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/intake/proposals',
        '/v1/intake/proposals/{id}',
        '/v1/intake/proposals/{id}/history',
        '/v1/intake/proposals/{id}/submit',
        '/v1/intake/proposals/{id}/withdraw',
        '/v1/intake/field-batches',
        '/v1/intake/imports',
        '/v1/intake/imports/{id}',
        '/v1/intake/complaints',
      ]),
    );
  });
});
