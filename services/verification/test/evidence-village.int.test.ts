import type { CheckOutcome } from '@siks/contracts';
import { describe, expect, it } from 'vitest';
import {
  eventually,
  family,
  linkDocument,
  nearGeotag,
  startHarness,
  submitNewHousehold,
  uploadDocument,
} from './support.ts';

// Defence in depth behind the document service's own refusal: a document of one village
// linked to a proposal of another never counts as that proposal's evidence.
const h = await startHarness('verification_evidence_village');
const { app, platform } = h;
const village = '52.02.01.1001'; // Praya
const elsewhere = '52.02.01.1002'; // another village of the same regency
const verifikator = await h.token('verifikator_kabkota', '52.02');
const resultOf = (results: CheckOutcome[], check: string) => results.find((result) => result.check === check);

describe('evidence from another village', () => {
  it('is ignored by the evidence check, uploaded or linked', async () => {
    const proposalId = await submitNewHousehold(platform, family(village));
    // Every kind of evidence, but of another village: uploaded naming the proposal, and linked.
    await uploadDocument(platform, { proposalId, regionCode: elsewhere, kind: 'berita_acara' });
    await uploadDocument(platform, { proposalId, regionCode: elsewhere, kind: 'daftar_hadir' });
    const other = await submitNewHousehold(platform, family(elsewhere));
    const photo = await uploadDocument(platform, {
      proposalId: other,
      regionCode: elsewhere,
      kind: 'foto_rumah',
      geotag: nearGeotag,
    });
    await linkDocument(platform, { documentId: photo, proposalId, regionCode: elsewhere });
    // The village's own STPJM: meeting documents are then complete, the photo is not.
    await uploadDocument(platform, { proposalId, regionCode: village, kind: 'stpjm' });
    await eventually(async () => {
      const { rows } = await platform.pool.query(
        'SELECT count(*)::int AS n FROM verification.evidence_links WHERE proposal_id = $1',
        [proposalId],
      );
      expect(rows[0].n).toBe(4);
    });
    await eventually(async () => {
      const response = await app.inject({
        url: `/v1/verification/cases/${proposalId}`,
        headers: { authorization: `Bearer ${verifikator}` },
      });
      expect(response.statusCode).toBe(200);
      expect(resultOf(response.json().checks.results, 'evidence_completeness')).toMatchObject({
        result: 'fail',
        details: { missing: ['foto_rumah_geotagged'] },
      });
    });
  });
});
