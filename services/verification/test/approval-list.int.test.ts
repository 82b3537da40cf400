import { describe, expect, it } from 'vitest';
import { eventually, family, nearGeotag, startHarness, submitNewHousehold, uploadDocument } from './support.ts';

const h = await startHarness('verification_approval_list');
const { app, platform } = h;
const village = '52.02.01.1001'; // Lombok Tengah (52.02)
const verifikator = await h.token('verifikator_kabkota', '52.02');
const admin = await h.token('admin_kabkota', '52.02');
const otherAdmin = await h.token('admin_kabkota', '52.01');
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A complete new household, checked and verified with a note. */
async function verifiedCase(note: string): Promise<{ proposalId: string; headName: string }> {
  const input = family(village);
  const proposalId = await submitNewHousehold(platform, input);
  await uploadDocument(platform, { proposalId, regionCode: village, kind: 'stpjm' });
  await uploadDocument(platform, { proposalId, regionCode: village, kind: 'foto_rumah', geotag: nearGeotag });
  const etag = await eventually(async () => {
    const response = await app.inject({ url: `/v1/verification/cases/${proposalId}`, headers: auth(verifikator) });
    const body = response.json();
    const evidence = body.checks?.results.find((result: { check: string }) => result.check === 'evidence_completeness');
    expect(evidence?.result).toBe('pass');
    return String(response.headers.etag);
  });
  const verify = await app.inject({
    method: 'POST',
    url: `/v1/verification/cases/${proposalId}/decisions`,
    headers: { ...auth(verifikator), 'if-match': etag },
    payload: { decision: 'verify', reason: note },
  });
  expect(verify.statusCode).toBe(200);
  return { proposalId, headName: input.members[0]!.name };
}

describe('the approval list', () => {
  it('names the family, shows the checks and the verifier’s note, and records the read', async () => {
    const { proposalId, headName } = await verifiedCase('Sudah dikunjungi, rumah sesuai foto.');
    const response = await app.inject({ url: '/v1/verification/approvals/pending', headers: auth(admin) });
    expect(response.statusCode).toBe(200);
    const item = response.json().items.find((row: { proposalId: string }) => row.proposalId === proposalId);
    expect(item).toMatchObject({
      regionCode: village,
      proposalType: 'new_household',
      family: { name: headName, memberCount: 2, programmes: ['PKH'] },
      verified: { by: { role: 'verifikator_kabkota' }, note: 'Sudah dikunjungi, rumah sesuai foto.' },
    });
    expect(item.checks).toHaveLength(9);
    expect(item.checks).toContainEqual({ check: 'evidence_completeness', result: 'pass', reason: 'complete' });
    expect(['pass', 'warn']).toContain(item.worst);

    // The read is an event of the log (covered by its hash chains and Merkle proofs), never a name.
    const reads = (await platform.store.readAll({ streamPrefixes: ['reads-verification-'] })).filter((event) =>
      (event.data['subjects'] as { id: string }[]).some((subject) => subject.id === proposalId),
    );
    expect(reads.map((event) => [event.type, event.metadata.actor.role, event.data['purpose']])).toEqual([
      ['PersonalDataRead', 'admin_kabkota', 'verification.approvals.pending'],
    ]);
    expect(reads[0]!.data).toMatchObject({ fields: ['name'], regionCode: expect.stringMatching(/^52\.02/) });
    expect(JSON.stringify(reads[0])).not.toContain(headName);
  });

  it('lists nothing of another regency, and answers a region outside scope with 404', async () => {
    const { proposalId } = await verifiedCase('Catatan verifikator untuk uji.');
    const other = await app.inject({ url: '/v1/verification/approvals/pending', headers: auth(otherAdmin) });
    expect(other.statusCode).toBe(200);
    expect(other.json().items.map((row: { proposalId: string }) => row.proposalId)).not.toContain(proposalId);
    const outside = await app.inject({
      url: '/v1/verification/approvals/pending?region=52.02',
      headers: auth(otherAdmin),
    });
    expect(outside.statusCode).toBe(404);
  });
});
