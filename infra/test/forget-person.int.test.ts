/**
 * Forgetting a person end to end (docs/security.md "How to forget a person"): a household with
 * its evidence (a geotagged house photo, a KK scan, the STPJM) goes through the real flow —
 * intake, document, verification, registry, reporting, every service with its workers on one
 * database and real files — and is approved into the registry. Its head is then forgotten
 * through the admin endpoint; afterwards no table of the database holds the head's NIK, name,
 * address or the photo's geotag in clear, no read model holds their blind index, the blob
 * folder holds none of the household's files, no API answer or export (monthly CSV, audit
 * report) yields them, and `siks audit verify` still passes against a checkpoint signed before.
 * A second person, forgotten with `pnpm siks pii forget` (NIK on standard input), shows the CLI.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORGOTTEN_INDEX, type HouseholdData, type Housing } from '@siks/contracts';
import { createPool } from '@siks/pg';
import { generateHouseholds } from '@siks/testing/generate';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { runPii } from '../src/cli/pii.ts';
import { runCli } from '../src/index.ts';
import { toHouseholdData } from './support/households.ts';
import { call, eventually as eventuallyWithin, uploadForm } from './support/http.ts';
import { ALWAYS_OPEN } from './support/pipeline-flow.ts';
import { SERVICE_NAMES, startSystem } from './support/system.ts';

const VILLAGE = '52.02.01.1001'; // Praya, Lombok Tengah
const REGENCY = '52.02';
/** Waits longer than the default: the suite shares its machine, and this flow crosses five services. */
const eventually = <T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 150_000) =>
  eventuallyWithin(check, what, timeoutMs);
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../services/document/fixtures/${name}`, import.meta.url));

const databaseUrl = await useTestDatabase('forget_person');
const keys = {
  PII_MASTER_KEY: randomBytes(32).toString('base64'),
  PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
};
const windows = { PROPOSAL_WINDOWS: ALWAYS_OPEN };
const system = await startSystem({
  databaseUrl,
  env: Object.fromEntries(SERVICE_NAMES.map((name) => [name, { ...keys, ...windows }])),
});
const dataDir = await mkdtemp(join(tmpdir(), 'siks-forget-'));
const pool = createPool({ url: databaseUrl, max: 2, applicationName: 'forget-test' });
afterAll(async () => {
  await system.close();
  await pool.end();
  await rm(dataDir, { recursive: true, force: true });
});

const { urls } = system;
const blobRoot = system.blobRoot;
const today = new Date().toISOString().slice(0, 10);
/** The BPS criteria with an income band, so the log's copies of it are checked too. */
const HOUSING: Housing = {
  floorAreaPerPersonM2: 6,
  floorType: 'tanah',
  wallType: 'bambu',
  roofType: 'seng',
  ownership: 'milik_sendiri',
  drinkingWater: 'sumur_tidak_terlindung',
  lighting: 'listrik_non_pln',
  cookingFuel: 'kayu_bakar',
  toilet: 'bersama',
  mealsPerDay: 2,
  eatsProteinWeekly: false,
  buysClothingYearly: false,
  canPayTreatment: false,
  hasAssetsOver500k: false,
  incomeBand: 'under_600k',
};
const [first, second] = generateHouseholds({ seed: 'forget-person', count: 2, villages: [VILLAGE], today }).map(
  (generated) => ({ ...toHouseholdData(generated), housing: HOUSING }),
);
const operator = await system.token('operator_desa', VILLAGE, 'op-praya');
const verifier = await system.token('verifikator_kabkota', REGENCY, 'ver-loteng');
const admin = await system.token('admin_kabkota', REGENCY, 'adm-loteng');
const auditor = await system.token('auditor', '52', 'auditor-ntb');
const headOf = (household: HouseholdData) =>
  household.members.find((member) => member.relationship === 'kepala_keluarga') ?? household.members[0]!;
const PHOTO = { lat: '-8.7056', lon: '116.2706' }; // the EXIF GPS point of photo-gps.jpg

async function siks(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { DATABASE_URL: databaseUrl, SIKS_DATA_DIR: dataDir };
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env });
  return { code, out, err };
}

/** Every table (schema.table) of the database whose rows, as text, contain `needle`. */
async function tablesHolding(needle: string): Promise<string[]> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query(`SELECT 1 FROM ${name} t WHERE strpos(t::text, $1) > 0 LIMIT 1`, [needle]);
    if (rows.length > 0) found.push(name);
  }
  return found;
}

/** Every file under the blob root, with its bytes. */
async function blobFiles(dir = blobRoot): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await blobFiles(path)));
    else out.push({ path, bytes: await readFile(path) });
  }
  return out;
}

/** Hands in, evidences, submits, verifies and approves a household; its proposal id. */
async function throughTheFlow(household: HouseholdData): Promise<{ proposalId: string; documents: string[] }> {
  const created = await call<{ proposalId: string }>(`${urls.intake}/v1/intake/proposals`, {
    token: operator,
    body: { proposal: { type: 'new_household', household }, submit: false },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { proposalId } = created.body;
  const documents: string[] = [];
  for (const [kind, file, type] of [
    ['stpjm', 'document.pdf', 'application/pdf'],
    ['foto_rumah', 'photo-gps.jpg', 'image/jpeg'],
    ['kk', 'image.png', 'image/png'],
  ] as const) {
    const uploaded = await call<{ documentId: string }>(`${urls.document}/v1/documents`, {
      token: operator,
      body: await uploadForm({ kind, proposalId }, { path: fixture(file), type }),
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    documents.push(uploaded.body.documentId);
  }
  const submitted = await call(`${urls.intake}/v1/intake/proposals/${proposalId}/submit`, {
    token: operator,
    body: {},
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const caseUrl = `${urls.verification}/v1/verification/cases/${proposalId}`;
  const checked = await eventually(async () => {
    const answer = await call<{ status: string; checks: { results: { check: string; result: string }[] } | null }>(
      caseUrl,
      { token: verifier },
    );
    const evidence = answer.body.checks?.results.find((result) => result.check === 'evidence_completeness');
    return answer.status === 200 && evidence?.result === 'pass' ? answer : undefined;
  }, `the checks of ${proposalId}`);
  const failing = (checked.body.checks?.results ?? []).filter((r) => r.result === 'fail').map((r) => r.check);
  const verified = await call(`${caseUrl}/decisions`, {
    token: verifier,
    headers: { 'if-match': checked.headers.get('etag') ?? '' },
    body: failing.length
      ? { decision: 'verify', overrides: failing, reason: 'Foto rumah sudah dicek langsung oleh petugas' }
      : { decision: 'verify' },
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  const approved = await call(`${urls.verification}/v1/verification/approvals`, {
    token: admin,
    body: { proposalIds: [proposalId] },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { proposalId, documents };
}

const one = await throughTheFlow(first!);

const head = headOf(first!);
const nikIndex = system.platforms.intake.keyring.blindIndex('nik', head.nik);
const householdId = await eventually(async () => {
  const answer = await call<{ items: { householdId: string; status: string }[] }>(
    `${urls.registry}/v1/registry/households?region=${VILLAGE}&limit=100`,
    { token: admin },
  );
  return answer.body.items?.find((item) => item.status === 'active')?.householdId;
}, 'the household in the registry');
const month = today.slice(0, 7);
const monthlyCsv = async () =>
  (await call<string>(`${urls.reporting}/v1/reports/monthly/${REGENCY}/${month}?format=csv`, { token: auditor })).body;
const auditTrail = async () =>
  JSON.stringify(
    (await call(`${urls.reporting}/v1/reports/audit?proposalId=${one.proposalId}&limit=200`, { token: auditor })).body,
  );
/** What the APIs answer about the household, all in one text. */
const answers = async (): Promise<string> => {
  const texts = await Promise.all([
    call(`${urls.intake}/v1/intake/proposals/${one.proposalId}`, { token: operator }),
    call(`${urls.intake}/v1/intake/proposals/${one.proposalId}/history`, { token: operator }),
    call(`${urls.intake}/v1/intake/proposals?region=${VILLAGE}`, { token: operator }),
    call(`${urls.document}/v1/documents?proposalId=${one.proposalId}`, { token: operator }),
    call(`${urls.verification}/v1/verification/cases/${one.proposalId}`, { token: verifier }),
    call(`${urls.registry}/v1/registry/households/${householdId}`, { token: admin }),
    call(`${urls.registry}/v1/registry/households/${householdId}/history`, { token: admin }),
    call(`${urls.registry}/v1/registry/lookup`, { token: admin, body: { nik: head.nik } }),
  ]);
  return texts.map((answer) => JSON.stringify(answer.body)).join('\n');
};

describe('forgetting a person end to end', () => {
  it('leaves nothing of the person in any table, read model, blob, answer or export; the log still verifies', async () => {
    // Reporting has caught up (the override's reason is in the audit trail); the checkpoint is signed.
    await eventually(async () => (await auditTrail()).includes('sudah dicek langsung'), 'the audit trail');
    expect((await siks(['audit', 'checkpoint'])).code).toBe(0);
    // Before: the APIs show the person, read models hold their index, the files are on disk, sealed.
    const before = await answers();
    expect(before).toContain(head.name);
    expect(before).toContain(PHOTO.lon);
    // The income band (sealed in the household's block) is opened for those who may read it.
    expect(before.split('\n')[5]).toContain('"incomeBand":"under_600k"');
    expect(await tablesHolding(nikIndex)).toEqual(
      expect.arrayContaining(['intake.proposal_people', 'verification.proposal_people', 'registry.members']),
    );
    // Disability (health data) and the income band travel sealed with the person's and the
    // household's blocks: no event in the log or on the topics holds either key in clear.
    const logs = (names: string[]) => names.filter((name) => name.startsWith('eventstore.') || name.startsWith('bus.'));
    expect(logs(await tablesHolding('"disability"'))).toEqual([]);
    expect(logs(await tablesHolding('"incomeBand"'))).toEqual([]);
    const photoBytes = await readFile(fixture('photo-gps.jpg'));
    const filesBefore = await blobFiles();
    expect(filesBefore.length).toBeGreaterThanOrEqual(3);
    expect(filesBefore.some((file) => file.bytes.includes(photoBytes.subarray(1000, 1064)))).toBe(false);

    const refused = await call(`${urls.intake}/v1/intake/persons/forget`, {
      token: admin,
      headers: { 'accept-language': 'en' },
      body: { nik: head.nik },
    });
    expect(refused.status).toBe(400);
    const forgotten = await call<{ households: number }>(`${urls.intake}/v1/intake/persons/forget`, {
      token: admin,
      body: { nik: head.nik, reason: 'Permintaan penghapusan oleh yang bersangkutan, surat 7/2026' },
    });
    expect(forgotten.status, JSON.stringify(forgotten.body)).toBe(200);
    expect(forgotten.body.households).toBe(1);

    // Every service took the erasure in: the blind index is gone from every read model.
    // The log and the topics keep the index in clear beside the ciphertext (append-only, by design).
    const isLog = (name: string) => name.startsWith('eventstore.') || name.startsWith('bus.');
    let left: unknown;
    await eventually(async () => {
      // pii.subject_keys keeps the tombstone `person:<index>` (checked below).
      const holding = (await tablesHolding(nikIndex)).filter((name) => !isLog(name) && name !== 'pii.subject_keys');
      const files = (await blobFiles()).map((file) => file.path.slice(blobRoot.length));
      left = { holding, files };
      return holding.length === 0 && files.length === 0 ? true : undefined;
    }, 'every read model and the blob folder to let go of the person').catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(left)}`);
    });
    await eventually(async () => !(await auditTrail()).includes('sudah dicek langsung'), 'the reasons to go');

    // Nothing in clear anywhere in the database, the log included (it holds ciphertext only).
    const needles = [head.nik, head.name, first!.address.street, first!.kkNumber!, PHOTO.lon, PHOTO.lat];
    for (const needle of needles) expect(await tablesHolding(needle), needle).toEqual([]);
    // The masked NIK (lists) and the person's subject id are gone from the read models too.
    expect(await tablesHolding(`${head.nik.slice(0, 4)}••••••••${head.nik.slice(12)}`)).toEqual([]);
    expect((await tablesHolding(`person:${nikIndex}`)).filter((name) => !isLog(name))).toEqual([
      'pii.subject_keys', // the tombstone that stops anything new being sealed for the person
    ]);
    expect(await tablesHolding(FORGOTTEN_INDEX)).toContain('pii.subject_keys');

    const after = await answers();
    for (const needle of [...needles, nikIndex])
      expect(
        after.split('\n').flatMap((text, at) => (text.includes(needle) ? [at] : [])),
        needle,
      ).toEqual([]);
    for (const id of one.documents) {
      const content = await call(`${urls.document}/v1/documents/${id}/content`, { token: operator });
      expect(content.status).toBe(404);
    }
    // The registry's household no longer yields its income band (its key is gone).
    expect(after.split('\n')[5]).not.toContain('incomeBand');
    const csv = await monthlyCsv();
    for (const needle of [...needles, 'sudah dicek langsung']) expect(csv).not.toContain(needle);

    // The log still verifies, against the checkpoint signed before the erasure.
    expect((await siks(['audit', 'checkpoint'])).code).toBe(0);
    const verified = await siks(['audit', 'verify']);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain('hash chains intact');
  }, 400_000);

  it('forgets a person with `pnpm siks pii forget`, the NIK read from standard input', async () => {
    const other = headOf(second!);
    const created = await call<{ proposalId: string }>(`${urls.intake}/v1/intake/proposals`, {
      token: operator,
      body: { proposal: { type: 'new_household', household: second! }, submit: false },
    });
    expect(created.status).toBe(201);
    const otherIndex = system.platforms.intake.keyring.blindIndex('nik', other.nik);
    await eventually(async () => (await tablesHolding(otherIndex)).includes('intake.proposal_people'), 'intake');
    let out = '';
    let err = '';
    const code = await runPii(['forget', '--reason', 'Permintaan penghapusan data, berita acara 9/2026'], {
      out: (text) => (out += text),
      err: (text) => (err += text),
      env: { ...process.env, DATABASE_URL: databaseUrl, ...keys, SIKS_DATA_DIR: dataDir },
      readNik: async () => other.nik,
    });
    expect(code, err).toBe(0);
    expect(out).toMatch(/^forgotten: erasure [0-9a-f-]{36}, 1 proposal\(s\), 1 household\(s\)/);
    expect(out + err).not.toContain(other.nik);
    // Another process forgot: intake stops opening the person once its read model took the erasure in.
    await eventually(async () => {
      const detail = await call(`${urls.intake}/v1/intake/proposals/${created.body.proposalId}`, { token: operator });
      return detail.status === 200 && !JSON.stringify(detail.body).includes(other.name);
    }, 'intake to stop showing the person');
    const kept = (name: string) =>
      name.startsWith('eventstore.') || name.startsWith('bus.') || name === 'pii.subject_keys';
    await eventually(async () => (await tablesHolding(otherIndex)).every(kept), 'every read model to drop the index');
  }, 400_000);
});
