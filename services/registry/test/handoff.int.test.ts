import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { deterministicId, type ContentRecord } from '@siks/contracts';
import { verifyFileSignature } from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutoffStream } from '../src/cutoffs/fix.ts';
import { ANSWER_COLUMNS, EXPORT_COLUMNS, EXPORT_LAYOUT, rowProblems } from '../src/handoff/layout.ts';
import {
  appendProposal,
  approvedProposal,
  household,
  member,
  nik,
  sealHousehold,
  VILLAGE_A,
  VILLAGE_B,
} from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const url = await useTestDatabase('registry_handoff');
const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let h: Harness;
beforeAll(async () => {
  h = await startHarness(url, { EXPORT_SIGNING_KEY: signingKey });
});
afterAll(() => h.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function registerHousehold(
  village: string,
  serials: number[],
): Promise<{ householdId: string; proposalId: string }> {
  const proposalId = deterministicId('handoff-test', `${village}:${serials.join(',')}`);
  const members = serials.map((serial, i) =>
    member(nik(serial, i === 1), {
      relationship: i === 0 ? 'kepala_keluarga' : 'istri_suami',
      sex: i === 1 ? 'female' : 'male',
      name: `Warga ${serial}`,
    }),
  );
  const content: ContentRecord = {
    type: 'new_household',
    household: await sealHousehold(h.platform.keyring, proposalId, household(village, members)),
  };
  await appendProposal(
    h.platform.store,
    approvedProposal({ proposalId, type: 'new_household', regionCode: village, content }),
  );
  expect((await h.applied(proposalId)).outcome).toBe('applied');
  return { householdId: deterministicId(proposalId, 'household'), proposalId };
}

/** The column table of docs/cutoff-export.md under a heading, as [name, type, required]. */
async function documentedColumns(heading: string): Promise<string[][]> {
  const doc = await readFile(new URL('../../../docs/cutoff-export.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf(heading));
  const table = section.slice(section.indexOf('| column |'));
  const lines = table.split('\n').slice(2);
  const rows = lines.slice(
    0,
    lines.findIndex((line) => !line.startsWith('|')),
  );
  return rows.map((line) =>
    line
      .split('|')
      .slice(1, 4)
      .map((cell) => cell.trim().replace(/`/g, '')),
  );
}

describe('the cut-off above the regency', () => {
  let cutoffId: string;
  let a: { householdId: string; proposalId: string };
  let b: { householdId: string; proposalId: string };
  let exported: { content: string; signature: string; sha256: string; fileName: string; rows: number };

  it('goes from the regency to the province, which returns it with a reason, then forwards it', async () => {
    a = await registerHousehold(VILLAGE_A, [301, 302]);
    b = await registerHousehold(VILLAGE_B, [303]);
    await h.readModelCaughtUp();
    const regency = await h.token('admin_kabkota', '52.02');
    const province = await h.token('admin_provinsi', '52');
    const fixed = await h.app.inject({
      method: 'POST',
      url: '/v1/registry/cutoffs',
      headers: auth(regency),
      payload: { regencyCode: '52.02', period: '2025-05' },
    });
    cutoffId = fixed.json().cutoffId;
    const step = (token: string, path: string, payload?: object) =>
      h.app.inject({
        method: 'POST',
        url: `/v1/registry/cutoffs/${cutoffId}/${path}`,
        headers: auth(token),
        ...(payload ? { payload } : {}),
      });

    expect((await step(province, 'review', { decision: 'forward' })).json()).toMatchObject({
      code: 'cutoff_wrong_stage',
      stage: 'fixed',
    });
    expect((await step(await h.token('verifikator_kabkota', '52.02'), 'submission')).statusCode).toBe(403);
    expect((await step(await h.token('admin_kabkota', '52.03'), 'submission')).statusCode).toBe(404);
    const submitted = await step(regency, 'submission');
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ stage: 'submitted' });

    expect((await step(await h.token('admin_provinsi', '51'), 'review', { decision: 'forward' })).statusCode).toBe(404);
    expect((await step(province, 'review', { decision: 'return' })).statusCode).toBe(400);
    const returned = await step(province, 'review', { decision: 'return', reason: 'Berita acara belum lengkap' });
    expect(returned.json()).toMatchObject({ stage: 'returned', returnReason: 'Berita acara belum lengkap' });
    expect((await step(province, 'export')).json()).toMatchObject({ code: 'cutoff_wrong_stage', stage: 'returned' });
    expect((await step(regency, 'submission')).json()).toMatchObject({ stage: 'submitted' });
    expect((await step(province, 'review', { decision: 'forward' })).json()).toMatchObject({ stage: 'forwarded' });

    await h.readModelCaughtUp();
    const listed = await h.app.inject({ url: '/v1/registry/cutoffs?stage=forwarded', headers: auth(province) });
    expect(listed.json().items).toEqual([expect.objectContaining({ cutoffId, stage: 'forwarded' })]);
  });

  it('exports a file that fits its documented layout, with a checksum its signature verifies', async () => {
    const province = await h.token('admin_provinsi', '52', 'prov-exporter');
    const export_ = (token: string) =>
      h.app.inject({ method: 'POST', url: `/v1/registry/cutoffs/${cutoffId}/export`, headers: auth(token) });
    expect((await export_(await h.token('admin_kabkota', '52.02'))).statusCode).toBe(403);
    expect((await export_(await h.token('auditor', '52'))).statusCode).toBe(403);
    const response = await export_(province);
    expect(response.statusCode).toBe(200);
    exported = response.json();
    expect(exported).toMatchObject({
      layout: EXPORT_LAYOUT,
      fileName: 'dtks-5202-2025-05.csv',
      rows: 3,
      households: 2,
    });

    // The documented table and the code's columns agree, and every row fits them.
    const documented = await documentedColumns('## The export file');
    expect(documented).toEqual(EXPORT_COLUMNS.map((c) => [c.name, c.type, c.optional ? 'no' : 'yes']));
    const answerDoc = await documentedColumns('### The answer file');
    expect(answerDoc.map(([name, type]) => [name, type])).toEqual(ANSWER_COLUMNS.map((c) => [c.name, c.type]));
    expect(exported.content.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parse(exported.content) as string[][];
    expect(header).toEqual(EXPORT_COLUMNS.map((c) => c.name));
    const records = rows.map((values) => Object.fromEntries(header!.map((name, i) => [name, values[i] ?? ''])));
    expect(records.flatMap((row) => rowProblems(EXPORT_COLUMNS, row))).toEqual([]);
    expect(records.map((row) => [row['household_id'], row['member_no'], row['nik'], row['sex']]).sort()).toEqual(
      [
        [a.householdId, '1', nik(301), 'male'],
        [a.householdId, '2', nik(302, true), 'female'],
        [b.householdId, '1', nik(303), 'male'],
      ].sort(),
    );
    expect(records.find((row) => row['household_id'] === b.householdId)).toMatchObject({
      proposal_id: b.proposalId,
      village_code: VILLAGE_B,
      period: '2025-05',
      regency_code: '52.02',
    });

    const jwks = (await h.app.inject({ url: '/v1/registry/export-keys' })).json();
    const verdict = await verifyFileSignature(Buffer.from(exported.content, 'utf8'), exported.signature, jwks);
    expect(verdict).toMatchObject({
      valid: true,
      payload: { sha256: exported.sha256, rows: 3, layout: EXPORT_LAYOUT },
    });
    const tampered = exported.content.replace(nik(303), nik(304));
    expect(await verifyFileSignature(Buffer.from(tampered), exported.signature, jwks)).toMatchObject({
      valid: false,
      why: 'checksum_mismatch',
    });
    const foreign = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    expect(
      await verifyFileSignature(Buffer.from(exported.content), exported.signature, {
        keys: [{ ...foreign, kid: verdict.valid ? verdict.keyId : '' }],
      }),
    ).toMatchObject({
      valid: false,
      why: 'bad_signature',
    });

    // Recorded: the read of every household's personal data, and the export with its checksum.
    const reads = await h.platform.store.readAll({ streamPrefixes: ['reads-registry-'] });
    const read = reads.find((event) => event.data['purpose'] === 'registry.cutoff.export');
    expect(read?.metadata.actor.userId).toBe('prov-exporter');
    expect(read?.data).toMatchObject({ fields: ['name', 'nik', 'kk', 'birth'], rows: 0 });
    expect((read?.data['subjects'] as { id: string }[]).map((s) => s.id).sort()).toEqual(
      [a.householdId, b.householdId].sort(),
    );
    expect(JSON.stringify(reads)).not.toContain(nik(301));
    const stream = await h.platform.store.readStream(cutoffStream(cutoffId));
    expect(stream.find((event) => event.type === 'CutoffExported')?.data).toMatchObject({
      sha256: exported.sha256,
      rows: 3,
    });
  });

  it('records the ministry’s answer file per household, once; a returned household names its proposal', async () => {
    const province = await h.token('admin_provinsi', '52');
    const [header, ...rows] = exported.content.trimEnd().split('\r\n');
    const answer = [
      `${header},status,reason`,
      ...rows.map((row) =>
        row.includes(b.householdId) ? `${row},returned,"NIK tidak padan, periksa ulang"` : `${row},accepted,`,
      ),
    ].join('\r\n');
    const upload = (body: string) =>
      h.app.inject({
        method: 'POST',
        url: `/v1/registry/cutoffs/${cutoffId}/answers/file`,
        headers: { ...auth(province), 'content-type': 'text/csv' },
        payload: body,
      });
    const first = await upload(answer);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      recorded: 2,
      unchanged: 0,
      returned: 1,
      handoff: {
        answers: { accepted: 1, returned: 1 },
        returned: [
          {
            householdId: b.householdId,
            proposalId: b.proposalId,
            regionCode: VILLAGE_B,
            reason: 'NIK tidak padan, periksa ulang',
          },
        ],
      },
    });
    expect((await upload(answer)).json()).toMatchObject({ recorded: 0, unchanged: 2 });
    const answered = (await h.platform.store.readStream(cutoffStream(cutoffId))).filter(
      (event) => event.type === 'CutoffRowAnswered',
    );
    expect(answered.map((event) => event.data['status']).sort()).toEqual(['accepted', 'returned']);

    // A bad file names the line and column, never the value.
    const bad = await upload(answer.replace(',returned,', ',maybe,'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/^rows\.\d+\.status$/) }),
    ]);
    expect(bad.body).not.toContain(nik(303));
    expect((await upload('household_id,status\r\n')).json().errors[0]).toMatchObject({ path: 'file' });

    // Per row: a household outside the cut-off is refused; a village operator sees only its own returned rows.
    const unknown = await h.app.inject({
      method: 'POST',
      url: `/v1/registry/cutoffs/${cutoffId}/answers`,
      headers: auth(province),
      payload: { answers: [{ householdId: deterministicId('none', 'x'), status: 'accepted' }] },
    });
    expect(unknown.statusCode).toBe(400);
    const village = await h.app.inject({
      url: `/v1/registry/cutoffs/${cutoffId}/handoff`,
      headers: auth(await h.token('operator_desa', VILLAGE_A)),
    });
    expect(village.json()).toMatchObject({ stage: 'forwarded', returned: [] });
  });
});
