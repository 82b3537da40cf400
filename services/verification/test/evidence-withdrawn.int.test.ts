import type { CheckOutcome } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import {
  eventually,
  family,
  nearGeotag,
  startHarness,
  submitNewHousehold,
  unlinkDocument,
  uploadDocument,
} from './support.ts';

// A document the village withdrew from a proposal (`DocumentUnlinked`) is no longer its
// evidence: the checks and the case view stop counting it.
const h = await startHarness('verification_evidence_withdrawn');
const { app, platform } = h;
const village = '52.02.01.1001';
const verifikator = await h.token('verifikator_kabkota', '52.02');
const resultOf = (results: CheckOutcome[], check: string) => results.find((result) => result.check === check);
const caseOf = async (proposalId: string) => {
  const response = await app.inject({
    url: `/v1/verification/cases/${proposalId}`,
    headers: { authorization: `Bearer ${verifikator}` },
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ checks: { results: CheckOutcome[] }; evidence: { documentId: string }[] }>();
};

describe('withdrawn evidence', () => {
  it('stops counting for the proposal it was withdrawn from', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    for (const kind of ['berita_acara', 'daftar_hadir', 'stpjm'])
      await uploadDocument(platform, { proposalId, regionCode: village, kind });
    const photo = await uploadDocument(platform, {
      proposalId,
      regionCode: village,
      kind: 'foto_rumah',
      geotag: nearGeotag,
    });
    await eventually(async () => {
      const view = await caseOf(proposalId);
      expect(resultOf(view.checks.results, 'evidence_completeness')).toMatchObject({ result: 'pass' });
      expect(view.evidence.map((item) => item.documentId)).toContain(photo);
    });

    await unlinkDocument(platform, { documentId: photo, proposalId, regionCode: village, reason: 'Salah foto' });
    await eventually(async () => {
      const view = await caseOf(proposalId);
      expect(resultOf(view.checks.results, 'evidence_completeness')).toMatchObject({
        result: 'fail',
        details: { missing: ['foto_rumah_geotagged'] },
      });
      expect(view.evidence.map((item) => item.documentId)).not.toContain(photo);
    });
    const { rows } = await platform.pool.query(
      'SELECT count(*)::int AS n FROM verification.evidence_links WHERE proposal_id = $1',
      [proposalId],
    );
    expect(rows[0].n).toBe(3);
  });
});
