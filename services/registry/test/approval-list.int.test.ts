import { deterministicId, uuidv7, type ContentRecord } from '@siks/contracts';
import { pdfText } from '@siks/print/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendProposal,
  approvedProposal,
  household,
  member,
  nik,
  sealHousehold,
  VILLAGE_A,
  VILLAGE_B,
  VILLAGE_OTHER_REGENCY,
} from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const url = await useTestDatabase('registry_approval_list');
let h: Harness;
beforeAll(async () => {
  h = await startHarness(url);
});
afterAll(() => h.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function register(village: string, serial: number): Promise<string> {
  const proposalId = deterministicId('approval-list', String(serial));
  const content: ContentRecord = {
    type: 'new_household',
    household: await sealHousehold(
      h.platform.keyring,
      proposalId,
      household(village, [member(nik(serial), { relationship: 'kepala_keluarga', name: `Kepala Keluarga ${serial}` })]),
    ),
  };
  await appendProposal(
    h.platform.store,
    approvedProposal({ proposalId, type: 'new_household', regionCode: village, content }),
  );
  expect((await h.applied(proposalId)).outcome).toBe('applied');
  return deterministicId(proposalId, 'household');
}

async function fix(period: string): Promise<string> {
  const admin = await h.token('admin_kabkota', '52.02', 'admin-5202');
  const created = await h.app.inject({
    method: 'POST',
    url: '/v1/registry/cutoffs',
    headers: auth(admin),
    payload: { regencyCode: '52.02', period },
  });
  expect(created.statusCode, created.body).toBe(201);
  await h.readModelCaughtUp();
  return created.json<{ cutoffId: string }>().cutoffId;
}

describe('the approval list of a cut-off (PDF for the Bupati/Walikota to sign)', () => {
  let cutoffId = '';
  let later: string[] = [];

  it('lists the changes since the previous cut-off with names, whole NIKs, villages, decisions and the signature block', async () => {
    await register(VILLAGE_A, 701);
    await fix('2025-04');
    later = [await register(VILLAGE_A, 702), await register(VILLAGE_B, 703)];
    const deactivated = uuidv7();
    await appendProposal(
      h.platform.store,
      approvedProposal({
        proposalId: deactivated,
        type: 'deactivate',
        regionCode: VILLAGE_A,
        content: {
          type: 'deactivate',
          householdId: later[0]!,
          regionCode: VILLAGE_A,
          reason: 'meninggal',
          effectiveDate: '2025-05-02',
        },
      }),
    );
    expect((await h.applied(deactivated)).outcome).toBe('applied');
    await register(VILLAGE_OTHER_REGENCY, 704);
    cutoffId = await fix('2025-05');

    const admin = await h.token('admin_kabkota', '52.02', 'admin-5202');
    const query = new URLSearchParams({
      place: 'Praya',
      date: '2025-06-03',
      name: 'H. Lalu Pathul Bahri',
    });
    const response = await h.app.inject({
      url: `/v1/registry/cutoffs/${cutoffId}/approval-list?${query}`,
      headers: auth(admin),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="daftar-penetapan-52.02-2025-05.pdf"');
    expect(response.headers['cache-control']).toBe('private, no-store');
    const { text } = await pdfText(response.rawPayload);
    expect(text).toContain('KABUPATEN LOMBOK TENGAH');
    expect(text).toContain('Mei 2025');
    // The two new households and the deactivation since April's cut-off, numbered; not April's, not another regency's.
    expect(text).toMatch(/1 Kepala Keluarga 702 \d{16}/);
    expect(text).toContain(`Kepala Keluarga 702 ${nik(702)}`);
    expect(text).toContain(`Kepala Keluarga 703 ${nik(703)}`);
    expect(text).toContain('Ditetapkan masuk DTKS');
    expect(text).toContain('Dikeluarkan dari DTKS (meninggal)');
    expect(text).not.toContain('Kepala Keluarga 701');
    expect(text).not.toContain('Kepala Keluarga 704');
    expect(text).toContain('Jumlah usulan : 3');
    expect(text).toContain('sesudah penetapan periode April 2025');
    // The signature block: place and date, the regency's head, the name; a Bupati has no NIP.
    expect(text).toContain('Praya, 3 Juni 2025 BUPATI LOMBOK TENGAH H. Lalu Pathul Bahri');
    expect(text).not.toContain('NIP.');
    expect(text).toContain('RAHASIA');
    expect(text).toContain('Halaman 1 dari 1');

    // Signed on the head's behalf by a civil servant: the title and the NIP as given.
    const onBehalf = await h.app.inject({
      url: `/v1/registry/cutoffs/${cutoffId}/approval-list?${new URLSearchParams({
        title: 'Kepala Dinas Sosial',
        name: 'Baiq Rina',
        nip: '197001012000032001',
      })}`,
      headers: auth(admin),
    });
    expect(onBehalf.statusCode).toBe(200);
    const signed = (await pdfText(onBehalf.rawPayload)).text;
    expect(signed).toContain('KEPALA DINAS SOSIAL Baiq Rina NIP. 197001012000032001');
    expect(signed).toMatch(/\.{10}, \d{1,2} \w+ \d{4}/); // no place given: a line to write it
  });

  it('records each print as a read of personal data, naming households by id and never a name or NIK', async () => {
    const reads = await h.platform.store.readAll({ streamPrefixes: ['reads-registry-'] });
    const prints = reads.filter((event) => event.data['purpose'] === 'registry.cutoff.approval_list');
    expect(prints).toHaveLength(2);
    expect(prints[0]!.data).toMatchObject({ fields: ['name', 'nik'], rows: 3, regionCode: '52.02.01' });
    expect(new Set((prints[0]!.data['subjects'] as { id: string }[]).map((subject) => subject.id))).toEqual(
      new Set(later),
    );
    expect(prints[0]!.metadata.actor).toMatchObject({ userId: 'admin-5202', role: 'admin_kabkota' });
    const text = JSON.stringify(prints);
    expect(text).not.toContain(nik(702));
    expect(text).not.toContain('Kepala Keluarga');
  });

  it('masks NIKs for auditors and on request; refuses village operators (403) and other regencies (404)', async () => {
    const auditor = await h.token('auditor', '52.02', 'auditor-5202');
    const audited = await h.app.inject({
      url: `/v1/registry/cutoffs/${cutoffId}/approval-list`,
      headers: auth(auditor),
    });
    expect(audited.statusCode).toBe(200);
    const auditedText = (await pdfText(audited.rawPayload)).text;
    expect(auditedText).toContain('Kepala Keluarga 702 5202••••••••');
    expect(auditedText).not.toContain(nik(702));
    expect(auditedText).not.toContain('RAHASIA');

    const province = await h.token('admin_provinsi', '52', 'prov-52');
    const posted = await h.app.inject({
      url: `/v1/registry/cutoffs/${cutoffId}/approval-list?nik=masked`,
      headers: auth(province),
    });
    expect(posted.statusCode).toBe(200);
    expect((await pdfText(posted.rawPayload)).text).not.toContain(nik(703));

    const reads = await h.platform.store.readAll({ streamPrefixes: ['reads-registry-'] });
    const masked = reads.filter(
      (event) =>
        event.data['purpose'] === 'registry.cutoff.approval_list' && event.metadata.actor.role !== 'admin_kabkota',
    );
    expect(masked.map((event) => event.data['fields'])).toEqual([
      ['name', 'nik_masked'],
      ['name', 'nik_masked'],
    ]);

    const operator = await h.token('operator_desa', VILLAGE_A);
    expect(
      (await h.app.inject({ url: `/v1/registry/cutoffs/${cutoffId}/approval-list`, headers: auth(operator) }))
        .statusCode,
    ).toBe(403);
    const villageAuditor = await h.token('auditor', VILLAGE_A);
    expect(
      (await h.app.inject({ url: `/v1/registry/cutoffs/${cutoffId}/approval-list`, headers: auth(villageAuditor) }))
        .statusCode,
    ).toBe(403);
    const otherRegency = await h.token('admin_kabkota', '52.03');
    expect(
      (await h.app.inject({ url: `/v1/registry/cutoffs/${cutoffId}/approval-list`, headers: auth(otherRegency) }))
        .statusCode,
    ).toBe(404);
    const otherProvince = await h.token('admin_provinsi', '51');
    expect(
      (await h.app.inject({ url: `/v1/registry/cutoffs/${cutoffId}/approval-list`, headers: auth(otherProvince) }))
        .statusCode,
    ).toBe(404);
    const noReads = await h.platform.store.readAll({ streamPrefixes: ['reads-registry-'] });
    expect(noReads.filter((event) => event.data['purpose'] === 'registry.cutoff.approval_list')).toHaveLength(4);
  });

  it('answers a bad NIP with a field error', async () => {
    const admin = await h.token('admin_kabkota', '52.02', 'admin-5202');
    const response = await h.app.inject({
      url: `/v1/registry/cutoffs/${cutoffId}/approval-list?nip=12345`,
      headers: auth(admin),
    });
    expect(response.statusCode).toBe(400);
  });
});
