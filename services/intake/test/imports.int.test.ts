import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ID_NUMBER } from '@siks/testing';
import { sampleHouseholdRows, toCsv, toXlsx } from '../src/imports/sample-data.ts';
import { XLSX_MEDIA_TYPE } from '../src/imports/upload.ts';
import { multipart, OTHER_VILLAGE, startIntake } from './support.ts';

const intake = await startIntake({ INTAKE_IMPORT_MAX_BYTES: String(4 * 1_048_576) });
const { app, platform } = intake;
const operator = await intake.auth();
const samples = join(import.meta.dirname, '..', 'samples');

const upload = (channel: string, file: { name: string; type: string; content: Buffer | string }, fields = {}) => {
  const form = multipart({ channel, ...fields }, file);
  return app.inject({
    method: 'POST',
    url: '/v1/intake/imports',
    headers: { ...operator, ...form.headers },
    payload: form.payload,
  });
};
const csvFile = (content: string, name = 'bnba.csv') => ({ name, type: 'text/csv', content });

async function finished(importId: string, query = '', timeoutMs?: number) {
  return intake.eventually(
    async () => {
      const view = (await app.inject({ url: `/v1/intake/imports/${importId}${query}`, headers: operator })).json();
      return view.status !== 'processing' && view;
    },
    `import ${importId}`,
    timeoutMs,
  );
}

const count = async (sql: string, values: unknown[] = []): Promise<number> =>
  Number((await platform.pool.query<{ count: string }>(sql, values)).rows[0]?.count ?? 0);
const importedEvents = (importId: string) =>
  count(
    `SELECT count(*) AS count FROM eventstore.events WHERE data->'source'->>'importId' = $1 OR data->>'importId' = $1`,
    [importId],
  );

describe('POST /v1/intake/imports', () => {
  it('imports the musdes sample: 202, progress, a result per row, one proposal per household', async () => {
    const text = readFileSync(join(samples, 'bnba-musdes.csv'), 'utf8');
    const response = await upload('musdes', csvFile(text), { submit: 'true' });
    expect(response.statusCode).toBe(202);
    const { importId, status } = response.json();
    expect(status).toBe('processing');
    expect(response.headers['location']).toBe(`/v1/intake/imports/${importId}`);
    const view = await finished(importId);
    const households = new Set(
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).size;
    expect(view).toMatchObject({
      status: 'completed',
      channel: 'musdes',
      progress: { rowsRejected: 0, rowsPending: 0, proposals: households, proposalsCreated: households, percent: 100 },
    });
    expect(
      view.rows.every((row: { status: string; proposalId?: string }) => row.status === 'accepted' && row.proposalId),
    ).toBe(true);
    const list = await intake.eventually(async () => {
      const items = (await app.inject({ url: '/v1/intake/proposals?channel=musdes', headers: operator })).json().items;
      return items.length === households && items;
    }, 'the read model');
    expect(
      list.every(
        (item: { status: string; importId: string }) => item.status === 'submitted' && item.importId === importId,
      ),
    ).toBe(true);
  });

  it('imports a 10,000-row file without loss; the same file again creates nothing twice', async () => {
    const rows = sampleHouseholdRows({ rows: 10_000, seed: 7 });
    const csv = toCsv(rows);
    const started = Date.now();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/intake/imports?channel=rtrw',
      headers: { ...operator, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(response.statusCode).toBe(202);
    const { importId } = response.json();
    const view = await finished(importId, '?limit=10000', 280_000);
    const seconds = (Date.now() - started) / 1000;
    const households = new Set(rows.slice(1).map((row) => row[0])).size;
    expect(view.progress).toMatchObject({
      rows: rows.length - 1,
      rowsAccepted: rows.length - 1,
      rowsRejected: 0,
      proposals: households,
      proposalsCreated: households,
    });
    const answered = [...view.rows];
    for (let after = view.nextAfterRow; after !== undefined; ) {
      const page = (
        await app.inject({ url: `/v1/intake/imports/${importId}?limit=10000&afterRow=${after}`, headers: operator })
      ).json();
      answered.push(...page.rows);
      after = page.nextAfterRow;
    }
    expect(answered).toHaveLength(rows.length - 1);
    expect(answered.every((row: { status: string }) => row.status === 'accepted')).toBe(true);
    expect(await importedEvents(importId)).toBe(households);
    const members = await count(
      `SELECT sum(jsonb_array_length(data->'content'->'household'->'members')) AS count FROM eventstore.events
       WHERE type = 'ProposalDrafted' AND data->'source'->>'importId' = $1`,
      [importId],
    );
    expect(members).toBe(rows.length - 1);
    console.info(JSON.stringify({ import: '10k rows', rows: rows.length - 1, households, seconds }));

    const again = await upload('rtrw', csvFile(csv));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ importId, status: 'completed' });
    expect(await importedEvents(importId)).toBe(households);
  }, 300_000);

  it('turns an adminduk extract into deactivations, NIK corrections and population references', async () => {
    const text = readFileSync(join(samples, 'adminduk.csv'), 'utf8');
    const response = await upload('adminduk', csvFile(text, 'adminduk.csv'));
    expect(response.statusCode).toBe(202);
    const { importId } = response.json();
    const view = await finished(importId);
    const lines = text.trim().split('\n').slice(1);
    expect(view.progress).toMatchObject({ rowsAccepted: lines.length, populationReferences: lines.length });
    const types = await platform.pool.query<{ type: string; kind: string; count: string }>(
      `SELECT type, coalesce(data->>'proposalType', data->>'event') AS kind, count(*) AS count FROM eventstore.events
       WHERE data->'source'->>'importId' = $1 OR stream_id = $2 GROUP BY 1, 2 ORDER BY 1, 2`,
      [importId, `popref-${importId}`],
    );
    const deaths = lines.filter((line) => line.startsWith('meninggal')).length;
    const moves = lines.filter((line) => line.startsWith('pindah')).length;
    const corrections = lines.filter((line) => line.startsWith('koreksi_nik')).length;
    expect(types.rows.map((row) => [row.type, row.kind, Number(row.count)])).toEqual(
      [
        ['PopulationReferenceRecorded', 'koreksi_nik', corrections],
        ['PopulationReferenceRecorded', 'meninggal', deaths],
        ['PopulationReferenceRecorded', 'pindah', moves],
        ['ProposalDrafted', 'deactivate', deaths + moves],
        ['ProposalDrafted', 'update', corrections],
      ].filter((row) => row[2] !== 0),
    );
    const reference = await platform.pool.query(`SELECT data FROM eventstore.events WHERE stream_id = $1 LIMIT 1`, [
      `popref-${importId}`,
    ]);
    expect(JSON.stringify(reference.rows[0])).not.toMatch(ID_NUMBER);
  });

  it('answers per row with the column and rule, and rejects rows of another village', async () => {
    const rows = sampleHouseholdRows({ rows: 8, seed: 3 });
    const nik = rows[0]!.indexOf('nik');
    const village = rows[0]!.indexOf('kode_desa');
    rows[1]![nik] = rows[1]![nik]!.slice(0, 15);
    const last = rows.at(-1)![0];
    for (const row of rows.slice(1)) if (row[0] === last) row[village] = OTHER_VILLAGE;
    const response = await upload('musdes', csvFile(toCsv(rows)), {});
    const view = await finished(response.json().importId, '?status=rejected');
    expect(view.rows[0]).toMatchObject({
      row: 2,
      status: 'rejected',
      errors: [{ field: 'nik', code: 'nik.length', message: 'NIK harus terdiri dari 16 digit.' }],
    });
    expect(view.rows.at(-1)).toMatchObject({
      status: 'rejected',
      errors: [{ field: 'kode_desa', code: 'region.out_of_scope' }],
    });
    expect(view.progress.rowsAccepted).toBeGreaterThan(0);
  });

  it('refuses a whole file for a missing column, a broken quote, a bad channel or an oversized body; nothing is recorded', async () => {
    const imports = () => count('SELECT count(*) AS count FROM intake.imports');
    const before = await imports();
    const rows = sampleHouseholdRows({ rows: 5 });
    const withoutNik = rows.map((row) => row.filter((_, index) => index !== rows[0]!.indexOf('nik')));
    const xlsx = await upload('musdes', {
      name: 'bnba.xlsx',
      type: XLSX_MEDIA_TYPE,
      content: await toXlsx(withoutNik),
    });
    expect(xlsx.statusCode).toBe(422);
    expect(xlsx.headers['content-type']).toContain('application/problem+json');
    expect(xlsx.json()).toMatchObject({
      code: 'import_rejected',
      errors: [{ path: 'file', code: 'import.missing_column', message: 'Kolom wajib "nik" tidak ada.' }],
    });
    const lines = toCsv(rows).split('\n');
    lines[3] = lines[3]!.replace('Jl. Raya', '"Jl. Raya');
    const quote = await upload('musdes', csvFile(lines.join('\n')));
    expect(quote.statusCode).toBe(422);
    expect(quote.json().errors).toMatchObject([{ path: 'file', code: 'import.csv_quote' }]);
    const channel = await upload('operator', csvFile(toCsv(rows)));
    expect(channel.statusCode).toBe(400);
    expect(channel.json().errors).toMatchObject([{ path: 'channel', code: 'invalid_value' }]);
    const huge = await upload('musdes', csvFile('x'.repeat(4 * 1_048_576 + 10)));
    expect(huge.statusCode).toBe(413);
    const wrongType = await app.inject({
      method: 'POST',
      url: '/v1/intake/imports?channel=musdes',
      headers: { ...operator, 'content-type': 'image/png' },
      payload: Buffer.from('not a csv'),
    });
    expect(wrongType.statusCode).toBe(415);
    const reader = await app.inject({
      method: 'POST',
      url: '/v1/intake/imports?channel=musdes',
      headers: { ...(await intake.auth('auditor', '52.02')), 'content-type': 'text/csv' },
      payload: toCsv(rows),
    });
    expect(reader.statusCode).toBe(403);
    expect(await imports()).toBe(before);
  });

  it('shows an import only within the uploader’s scope', async () => {
    const response = await upload('rtrw', csvFile(toCsv(sampleHouseholdRows({ rows: 4, seed: 99 }))));
    const { importId } = response.json();
    await finished(importId);
    const foreign = await app.inject({
      url: `/v1/intake/imports/${importId}`,
      headers: await intake.auth('operator_desa', OTHER_VILLAGE),
    });
    expect(foreign.statusCode).toBe(404);
    const district = await app.inject({
      url: `/v1/intake/imports/${importId}`,
      headers: await intake.auth('verifikator_kabkota', '52.02'),
    });
    expect(district.statusCode).toBe(200);
  });
});
