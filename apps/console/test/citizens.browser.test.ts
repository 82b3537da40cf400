import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe, seriousOf } from './support/axe.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { HOUSE_LOCATION, testHousehold, type TestHousehold } from './support/household.ts';
import { adminApproves, appears, eventually, operatorProposes, verifierVerifies } from './support/steps.ts';
import { byRole, startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';

// Citizens without an account (issue 17): the status check, a sanggah followed with its tracking
// code through triage, verification and the answer, and the bad inputs, on the whole system.

const STATUS_PER_MINUTE = 5;
let system: System;
let browser: Browser;
let operator: DemoUser;
let verifier: DemoUser;
let admin: DemoUser;
let registered: TestHousehold;
const contexts: BrowserContext[] = [];

async function contextOf(options: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  const context = await newContext(browser, system.baseUrl, {
    geolocation: { latitude: HOUSE_LOCATION.lat, longitude: HOUSE_LOCATION.lon, accuracy: 8 },
    permissions: ['geolocation'],
    ...options,
  });
  contexts.push(context);
  return context;
}

async function signedIn(user: DemoUser): Promise<Page> {
  const page = await (await contextOf()).newPage();
  await signIn(page, user.username, system.password);
  return page;
}

/** A citizen's page: a fresh context, no account; any script dialog fails the test. */
async function citizen(options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const page = await (await contextOf(options)).newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
  return page;
}

/** Chooses province → regency → district → village in a village picker. */
async function pickVillage(page: Page, prefix: string, villageCode: string): Promise<void> {
  const [p, r, d] = villageCode.split('.');
  for (const [level, code] of [
    ['province', p],
    ['regency', `${p}.${r}`],
    ['district', `${p}.${r}.${d}`],
    ['village', villageCode],
  ] as const) {
    const select = page.locator(`#${prefix}-${level}`);
    await select.locator(`option[value="${code}"]`).waitFor({ state: 'attached', timeout: 30_000 });
    await select.selectOption(code ?? '');
  }
}

/** `POST /v1/public/status` as a client behind the gateway's trusted proxy at `address`. */
function checkStatus(request: APIRequestContext, body: object, address: string) {
  return request.post('/v1/public/status', { data: body, headers: { 'x-forwarded-for': address } });
}

beforeAll(async () => {
  // TRUST_PROXY=1: the gateway takes the client address from one proxy in front of it, as in
  // production; here the test plays that proxy to stand for several citizens.
  system = await startSystem({
    env: {
      LOGIN_RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY: '1',
      REGISTRY_PUBLIC_STATUS_PER_MINUTE: String(STATUS_PER_MINUTE),
    },
  });
  browser = await launchChromium();
  const users = await system.demoUsers();
  operator = byRole(users, 'operator_desa');
  verifier = byRole(users, 'verifikator_kabkota');
  admin = byRole(users, 'admin_kabkota');
  // A household in the registry, through the console as everywhere else.
  registered = testHousehold(operator.regionCode);
  const proposalId = await operatorProposes(await signedIn(operator), registered);
  await verifierVerifies(await signedIn(verifier), proposalId, 'Dokumen lengkap, foto rumah sesuai');
  await adminApproves(await signedIn(admin), proposalId);
}, 600_000);

// The values as they are when the file ends (a beforeAll that failed leaves them unset).
afterAll(() => tearDown({ contexts, browser, system }), 120_000);

describe('citizens without an account', () => {
  it('check a status: found with the KTP name however typed; a wrong name and an unknown NIK look alike', async () => {
    const head = registered.members[0]!;
    const page = await citizen();
    await page.goto('/cek');
    await page.getByTestId('status-form').waitFor();
    await page.locator('#status-nik').fill(head.nik);
    await page.locator('#status-name').fill(`  ${head.name.toUpperCase()}  `);
    await pickVillage(page, 'status', registered.regionCode);
    await eventually(
      'the household found in the registry',
      async () => {
        await page.getByRole('button', { name: /cek status|check status/i }).click();
        const result = page.getByTestId('status-result');
        await result.waitFor({ timeout: 10_000 });
        return (await result.locator('[data-registry]').getAttribute('data-registry')) === 'active';
      },
      { timeoutMs: 120_000, intervalMs: 3000 },
    );
    const result = await page.getByTestId('status-result').innerText();
    expect(result).toMatch(/Terdaftar/);
    expect(result).toMatch(/Disetujui/);
    expect(result).not.toContain(registered.members[1]!.name);

    // The same answer, status and time for a wrong name and for a NIK nobody has.
    const unknownNik = `${head.nik.slice(0, 12)}${String((Number(head.nik.slice(12)) + 4321) % 10000).padStart(4, '0')}`;
    const answers: { kind: string; status: number; body: string; ms: number }[] = [];
    for (let round = 0; round < 3; round += 1)
      for (const [kind, body] of [
        ['wrong', { nik: head.nik, name: 'Lalu Ahmad Lain', villageCode: registered.regionCode }],
        ['unknown', { nik: unknownNik, name: head.name, villageCode: registered.regionCode }],
      ] as const) {
        const started = performance.now();
        const response = await checkStatus(page.request, body, `198.51.100.${round * 2 + answers.length}`);
        answers.push({ kind, status: response.status(), body: await response.text(), ms: performance.now() - started });
      }
    const wrong = answers.filter((answer) => answer.kind === 'wrong');
    const unknown = answers.filter((answer) => answer.kind === 'unknown');
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(wrong[0]!.body);
    }
    expect(JSON.parse(wrong[0]!.body)).toMatchObject({ registry: 'not_found', proposals: [] });
    const median = (list: typeof answers) => list.map((answer) => answer.ms).sort((a, b) => a - b)[1]!;
    // Both wait for the same floor (400 ms by default); what is left is noise.
    expect(Math.min(...answers.map((answer) => answer.ms))).toBeGreaterThanOrEqual(390);
    expect(Math.abs(median(wrong) - median(unknown))).toBeLessThan(150);
  });

  it('refuse bad input on the status form, and limit one address without touching the others', async () => {
    const page = await citizen();
    await page.goto('/cek');
    await page.locator('#status-nik').fill('52020112');
    await page.getByRole('button', { name: /cek status|check status/i }).click();
    await expect.poll(() => page.locator('#status-nik-error').innerText()).toMatch(/16 digit/);
    await expect.poll(() => page.locator('#status-name-error').innerText()).toMatch(/wajib/);
    const malformed = await checkStatus(
      page.request,
      { nik: '5202x', name: 'A', villageCode: operator.regionCode },
      '198.51.100.90',
    );
    expect(malformed.status()).toBe(400);
    expect(await malformed.text()).not.toContain('5202x');

    const body = { nik: registered.members[0]!.nik, name: 'Siapa', villageCode: registered.regionCode };
    const statuses: number[] = [];
    for (let i = 0; i < STATUS_PER_MINUTE + 2; i += 1)
      statuses.push((await checkStatus(page.request, body, '203.0.113.66')).status());
    expect(statuses.slice(0, STATUS_PER_MINUTE).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(STATUS_PER_MINUTE)).toEqual([429, 429]);
    expect((await checkStatus(page.request, body, '203.0.113.67')).status()).toBe(200);
  });

  it('file a sanggah and follow it with the tracking code through triage, verification and the answer', async () => {
    const head = registered.members[0]!;
    const page = await citizen();
    await page.goto('/lapor');
    await page.getByTestId('complaint-form').waitFor();
    await page.locator('#complaint-kind').selectOption('ineligible_recipient');
    await pickVillage(page, 'complaint', registered.regionCode);
    await page.locator('#complaint-subject-nik').fill(head.nik);
    await page.locator('#complaint-subject-name').fill(head.name);
    // Script in a text field is kept as text: no dialog opens anywhere (the page fails on one).
    const description = '<script>alert(1)</script> Keluarga ini punya toko besar dan mobil, tetapi menerima PKH.';
    await page.locator('#complaint-description').fill(description);
    // An oversized photo is refused before it is sent.
    await page
      .locator('#complaint-photo')
      .setInputFiles({ name: 'besar.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(1_200_000, 0xff) });
    await expect.poll(() => page.locator('#complaint-photo-error').innerText()).toMatch(/terlalu besar/);
    await page.locator('#complaint-photo').setInputFiles([]);
    await page.getByRole('button', { name: /kirim pengaduan|send the complaint/i }).click();
    const codeText = await page.getByTestId('tracking-code').innerText();
    const code = codeText.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(page.url()).not.toContain(code);

    // The village operator finds the lead in the console and triages it against the recipient's
    // household (its id as the household page shows it; looked up here through the API).
    const { accessToken: operatorToken } = await system.login(operator.username);
    const lookup = await system.api<{ households: { householdId: string }[] }>(operatorToken, '/v1/registry/lookup', {
      method: 'POST',
      body: JSON.stringify({ nik: head.nik }),
    });
    const householdId = lookup.body.households[0]!.householdId;
    const operatorPage = await signedIn(operator);
    await operatorPage.goto('/pengaduan');
    const lead = operatorPage.getByTestId('complaint-lead').filter({ hasText: 'Keluarga ini punya toko besar' });
    await eventually('the lead in the operator’s list', () => appears(lead, 3000), { reload: operatorPage });
    expect(await lead.innerText()).toContain('<script>alert(1)</script>');
    const triage = lead.getByTestId('triage-form');
    await triage.getByLabel(/ID rumah tangga/).fill(householdId);
    await triage.getByLabel(/Alasan penonaktifan/).selectOption('mampu');
    await triage.getByRole('button', { name: /simpan telaah/i }).click();
    await eventually('the lead routed', async () => (await lead.getAttribute('data-stage')) === 'routed', {
      reload: operatorPage,
      timeoutMs: 60_000,
    });

    // The citizen follows it: routed, the deactivation proposal with the district.
    const tracker = await citizen();
    await tracker.goto('/lacak');
    const follow = async (stage: string, proposalStage?: string): Promise<boolean> => {
      await tracker.locator('#track-code').fill(code.toLowerCase());
      await tracker.getByRole('button', { name: /^(lacak|track)$/i }).click();
      const result = tracker.getByTestId('track-result');
      await result.waitFor({ timeout: 10_000 });
      if ((await result.getAttribute('data-stage')) !== stage) return false;
      if (proposalStage === undefined) return true;
      return (await tracker.getByTestId('track-proposal-stage').getAttribute('data-stage')) === proposalStage;
    };
    await eventually('the complaint routed', () => follow('routed'), { timeoutMs: 60_000, intervalMs: 1500 });
    expect(await tracker.getByTestId('track-result').innerText()).not.toContain('<script>');

    // The district verifies the deactivation proposal in the console; the citizen sees it.
    const proposals = await system.api<{ items: { proposalId: string; channel: string }[] }>(
      operatorToken,
      `/v1/intake/proposals?region=${registered.regionCode}&limit=50`,
    );
    const opened = proposals.body.items.find((item) => item.channel === 'complaint');
    expect(await lead.innerText()).toContain(opened!.proposalId.slice(0, 8));
    expect(opened).toBeDefined();
    await verifierVerifies(await signedIn(verifier), opened!.proposalId, 'Sanggahan terbukti saat kunjungan');
    await eventually('the proposal in verification', () => follow('routed', 'in_verification'), {
      timeoutMs: 60_000,
      intervalMs: 1500,
    });

    // The district answers in the console; the citizen reads the answer.
    const answer = 'Sanggahan Anda diterima; penonaktifan menunggu pengesahan.';
    const district = await signedIn(verifier);
    await district.goto('/pengaduan');
    const routed = district.getByTestId('complaint-lead').filter({ hasText: 'Keluarga ini punya toko besar' });
    await eventually('the lead in the district’s list', () => appears(routed, 3000), { reload: district });
    await routed.getByLabel(/Jawaban untuk pelapor/).fill(answer);
    await routed.getByRole('button', { name: /kirim jawaban/i }).click();
    await eventually('the answer', () => follow('answered'), { timeoutMs: 60_000, intervalMs: 1500 });
    expect(await tracker.getByTestId('track-answer').innerText()).toContain(answer);
  }, 300_000);

  it('file an usul with the proposed household; the operator’s triage drafts the proposal from it', async () => {
    const proposed = testHousehold(operator.regionCode, 'Gang Usul Warga 9');
    const head = proposed.members[0]!;
    const page = await citizen();
    await page.goto('/lapor');
    await page.getByTestId('complaint-form').waitFor();
    await page.locator('#complaint-kind').selectOption('missing_household');
    await pickVillage(page, 'complaint', proposed.regionCode);
    const household = page.getByTestId('usul-household');
    // Sent without the household: each field a draft needs is named, nothing is sent.
    await page
      .locator('#complaint-description')
      .fill('Keluarga petani penggarap, rumah bambu, belum pernah dapat bantuan.');
    await page.getByRole('button', { name: /kirim pengaduan|send the complaint/i }).click();
    await expect.poll(() => page.locator('#usul-nik-error').innerText()).toMatch(/wajib/i);
    await household.locator('#usul-nik').fill(head.nik);
    await household.locator('#usul-name').fill(head.name);
    await household.locator('#usul-sex').selectOption(head.sex);
    await household.locator('#usul-birthDate').fill(head.birthDate);
    await household.locator('#usul-birthPlace').fill(head.birthPlace);
    await household.locator('#usul-maritalStatus').selectOption(head.maritalStatus);
    await household.locator('#usul-education').selectOption(head.education);
    await household.locator('#usul-occupation').selectOption(head.occupation);
    await household.locator('#usul-street').fill(proposed.address.street);
    await household.locator('#usul-rt').fill(proposed.address.rt);
    await household.locator('#usul-rw').fill(proposed.address.rw);
    await page.getByRole('button', { name: /kirim pengaduan|send the complaint/i }).click();
    const code = (await page.getByTestId('tracking-code').innerText()).trim();

    // The operator's lead names the head and says triage drafts the proposal; founded, no id.
    const operatorPage = await signedIn(operator);
    await operatorPage.goto('/pengaduan');
    const lead = operatorPage.getByTestId('complaint-lead').filter({ hasText: 'Keluarga petani penggarap' });
    await eventually('the usul in the operator’s list', () => appears(lead, 3000), { reload: operatorPage });
    expect(await lead.innerText()).toContain(head.name);
    await lead.getByTestId('triage-usul-draft').waitFor();
    await lead.getByRole('button', { name: /simpan telaah/i }).click();
    await eventually('the usul routed', async () => (await lead.getAttribute('data-stage')) === 'routed', {
      reload: operatorPage,
      timeoutMs: 60_000,
    });

    // The draft: on channel complaint, with the citizen's data, for the operator to complete.
    await lead.locator('a[href^="/usulan/"]').first().click();
    await operatorPage
      .getByTestId('proposal-status')
      .filter({ hasText: /draf|draft/i })
      .waitFor({ timeout: 30_000 });
    const { accessToken } = await system.login(operator.username);
    const proposalId = new URL(operatorPage.url()).pathname.split('/').pop() ?? '';
    const draft = await system.api<{ channel: string; status: string; content: { household: { members: object[] } } }>(
      accessToken,
      `/v1/intake/proposals/${proposalId}`,
    );
    expect(draft.body).toMatchObject({ channel: 'complaint', status: 'draft' });
    expect(draft.body.content.household.members).toEqual([
      expect.objectContaining({ nik: head.nik, name: head.name, relationship: 'kepala_keluarga' }),
    ]);

    // The citizen sees the complaint routed to a proposal waiting for its window/completion.
    const tracker = await citizen();
    await tracker.goto('/lacak');
    await eventually(
      'the usul routed on the tracking page',
      async () => {
        await tracker.locator('#track-code').fill(code);
        await tracker.getByRole('button', { name: /^(lacak|track)$/i }).click();
        const result = tracker.getByTestId('track-result');
        await result.waitFor({ timeout: 10_000 });
        return (await result.getAttribute('data-stage')) === 'routed';
      },
      { timeoutMs: 60_000, intervalMs: 1500 },
    );
    expect(await tracker.getByTestId('track-result').innerText()).not.toContain(head.nik);
  }, 300_000);

  it('answer a guessed tracking code with “not found” and nothing else', async () => {
    const page = await citizen();
    await page.goto('/lacak');
    await page.locator('#track-code').fill('7KQ2-M9XD-4T0B-HW3R');
    await page.getByRole('button', { name: /^(lacak|track)$/i }).click();
    await expect.poll(() => page.getByTestId('error-banner').innerText()).toMatch(/tidak ditemukan/);
    const guessed = await page.request.post('/v1/intake/complaints/track', { data: { code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' } });
    expect(guessed.status()).toBe(404);
    expect(await guessed.json()).toMatchObject({ code: 'not_found' });
  });

  it('have no serious or critical accessibility violations on the public pages (axe-core)', async () => {
    const page = await citizen({ bypassCSP: true });
    for (const [path, ready] of [
      ['/cek', 'status-form'],
      ['/lapor', 'complaint-form'],
      ['/lacak', 'track-form'],
    ] as const) {
      await page.goto(path);
      await page.getByTestId(ready).waitFor();
      await page
        .locator('#' + (path === '/lacak' ? 'track-code' : `${path === '/cek' ? 'status' : 'complaint'}-province`))
        .waitFor();
      expect(seriousOf(path, await runAxe(page))).toEqual([]);
    }
    // The usul's household fields too.
    await page.goto('/lapor');
    await page.locator('#complaint-kind').selectOption('missing_household');
    await page.getByTestId('usul-household').waitFor();
    expect(seriousOf('/lapor (usul)', await runAxe(page))).toEqual([]);
  });
});
