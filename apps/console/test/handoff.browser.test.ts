import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicId } from '../../../packages/contracts/src/uuid.ts';
import { verifyFileSignature } from '../../../packages/service-kit/src/auth/export-signature.ts';
import { EXPORT_COLUMNS } from '../../../services/registry/src/handoff/layout.ts';
import { launchChromium, signedInPage } from './support/browser.ts';
import { householdData, testHousehold } from './support/household.ts';
import { appears, eventually } from './support/steps.ts';
import { byRole, startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';

// Issue 18 item 4 through the console: a regency's cut-off goes to the province, the province
// forwards it and exports the signed file for the ministry, uploads the ministry's answer with
// one household returned, and that household's case reopens in the regency's queue.

let system: System;
let browser: Browser;
let operator: DemoUser;
let verifier: DemoUser;
let admin: DemoUser;
let province: DemoUser;
const contexts: BrowserContext[] = [];

async function pageOf(user: DemoUser): Promise<Page> {
  const page = await signedInPage(browser, system, user.username, contexts, { viewport: { width: 1280, height: 900 } });
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

beforeAll(async () => {
  system = await startSystem({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '0' } });
  browser = await launchChromium();
  const users = await system.demoUsers();
  operator = byRole(users, 'operator_desa');
  verifier = byRole(users, 'verifikator_kabkota');
  admin = byRole(users, 'admin_kabkota');
  province = byRole(users, 'admin_provinsi');
}, 400_000);

afterAll(() => tearDown({ contexts, browser, system }), 120_000);

/** A household approved through the services' API (the console's own approval story is flow.browser.test.ts). */
async function approvedHousehold(): Promise<{ proposalId: string; householdId: string }> {
  const token = async (user: DemoUser) => (await system.login(user.username)).accessToken;
  const created = await system.api<{ proposalId: string }>(await token(operator), '/v1/intake/proposals', {
    method: 'POST',
    body: JSON.stringify({
      channel: 'operator',
      submit: true,
      proposal: { type: 'new_household', household: householdData(testHousehold(operator.regionCode)) },
    }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { proposalId } = created.body;
  const verifierToken = await token(verifier);
  type CaseAnswer = {
    status: string;
    revision: number;
    checks: { results: { check: string; result: string }[] } | null;
  };
  let checked: CaseAnswer | undefined;
  await eventually('the case checked', async () => {
    const answer = await system.api<CaseAnswer>(verifierToken, `/v1/verification/cases/${proposalId}`);
    if (answer.status === 200 && answer.body.status === 'checks_done') checked = answer.body;
    return checked !== undefined;
  });
  const failing = checked!.checks?.results.filter((r) => r.result === 'fail').map((r) => r.check) ?? [];
  const verified = await system.api(verifierToken, `/v1/verification/cases/${proposalId}/decisions`, {
    method: 'POST',
    headers: { 'if-match': `"${checked!.revision}"` },
    body: JSON.stringify(
      failing.length === 0
        ? { decision: 'verify' }
        : { decision: 'verify', overrides: failing, reason: 'Uji hand-off ke provinsi' },
    ),
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  const approved = await system.api<{ results: { status: string }[] }>(
    await token(admin),
    '/v1/verification/approvals',
    {
      method: 'POST',
      body: JSON.stringify({ proposalIds: [proposalId] }),
    },
  );
  expect(approved.body.results?.[0]?.status, JSON.stringify(approved.body)).toBe('approved');
  const householdId = deterministicId(proposalId, 'household');
  const adminToken = await token(admin);
  await eventually(
    'the household in the registry',
    async () => (await system.api(adminToken, `/v1/registry/households/${householdId}`)).status === 200,
  );
  return { proposalId, householdId };
}

describe('the cut-off above the regency', () => {
  it('goes to the province, is exported signed, and a row the ministry returns reopens its case', async () => {
    const { proposalId, householdId } = await approvedHousehold();

    // The regency fixes this month's cut-off (early) and sends it to the province.
    const adminToken = (await system.login(admin.username)).accessToken;
    const fixed = await system.api<{ cutoffId: string }>(adminToken, '/v1/registry/cutoffs', {
      method: 'POST',
      body: JSON.stringify({
        regencyCode: admin.regionCode,
        period: new Date().toISOString().slice(0, 7),
        confirmUnfinished: true,
      }),
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    const { cutoffId } = fixed.body;
    const regency = await pageOf(admin);
    await regency.goto('/penetapan');
    await regency.locator(`[data-testid="handoff-row"][data-cutoff="${cutoffId}"] a`).click();
    await regency.getByTestId('handoff-submit').click();
    await regency.getByText('Penetapan dikirim ke provinsi.').waitFor({ timeout: 30_000 });
    expect(await regency.getByTestId('handoff-stage').innerText()).toBe('Menunggu tinjauan provinsi');

    // The province finds it waiting, forwards it and exports it.
    const prov = await pageOf(province);
    await prov.goto('/penetapan');
    await prov.locator('#handoff-stage').selectOption('submitted');
    await prov.locator(`[data-testid="handoff-row"][data-cutoff="${cutoffId}"] a`).click();
    await prov.getByTestId('handoff-forward').click();
    await prov.getByTestId('handoff-export-button').waitFor({ timeout: 30_000 });
    expect(await prov.getByTestId('handoff-stage').innerText()).toBe('Diteruskan ke kementerian');
    await prov.getByTestId('handoff-export-button').click();
    await prov.getByTestId('handoff-exported').waitFor({ timeout: 60_000 });
    const [csvDownload] = await Promise.all([
      prov.waitForEvent('download'),
      prov.getByTestId('handoff-download-csv').click(),
    ]);
    const [sigDownload] = await Promise.all([
      prov.waitForEvent('download'),
      prov.getByTestId('handoff-download-sig').click(),
    ]);
    expect(sigDownload.suggestedFilename()).toBe(`${csvDownload.suggestedFilename()}.sig`);
    const csv = await readFile((await csvDownload.path())!);
    const signature = await readFile((await sigDownload.path())!, 'utf8');

    // The downloaded file verifies against the published key and has the documented header.
    const keys = await prov.request.get('/v1/registry/export-keys');
    expect(keys.status()).toBe(200);
    const verdict = await verifyFileSignature(csv, signature, await keys.json());
    expect(verdict).toMatchObject({ valid: true, payload: { subject: { cutoffId } } });
    const lines = csv.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.map((column) => column.name).join(','));
    const ours = lines.filter((line) => line.includes(householdId));
    expect(ours.length).toBeGreaterThan(0);

    // The ministry returns our household and accepts the rest: the answer file is uploaded.
    const reason = 'NIK kepala keluarga tidak padan Dukcapil';
    const answer = [
      `${lines[0]},status,reason`,
      ...lines
        .slice(1)
        .map((line) => (line.includes(householdId) ? `${line},returned,${reason}` : `${line},accepted,`)),
    ].join('\r\n');
    await prov
      .locator('#handoff-answer-file')
      .setInputFiles({ name: 'jawaban.csv', mimeType: 'text/csv', buffer: Buffer.from(answer, 'utf8') });
    await prov.getByTestId('handoff-upload').click();
    await prov.getByTestId('handoff-returned').waitFor({ timeout: 30_000 });
    expect(await prov.getByTestId('handoff-returned').innerText()).toContain(reason);
    expect(await prov.getByTestId('handoff-counts').innerText()).toMatch(/Dikembalikan: 1/);

    // At the regency, the verifikator finds the case open again with the ministry's reason.
    const desk = await pageOf(verifier);
    await desk.goto(`/verifikasi/${proposalId}`);
    await eventually(
      'the case reopened with the ministry’s reason',
      () => appears(desk.getByTestId('decision-reopened'), 5000),
      { reload: desk, timeoutMs: 60_000 },
    );
    expect(await desk.locator('main').innerText()).toContain(reason);
    await desk.goto('/verifikasi');
    await desk.locator(`a[href*="${proposalId}"]`).first().waitFor({ timeout: 30_000 });
  }, 400_000);
});
