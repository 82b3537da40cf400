import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicId } from '../../../packages/contracts/src/uuid.ts';
import { runAxe, seriousOf } from './support/axe.ts';
import { launchChromium, newContext, signedInPage } from './support/browser.ts';
import { fillMember, fillProposalForm, HOUSE_LOCATION, testHousehold } from './support/household.ts';
import {
  adminApproves,
  appears,
  dashboardTotal,
  eventually,
  operatorProposes,
  proposalsWithNik,
  uploadHousePhoto,
  summaryOf,
  verifierVerifies,
} from './support/steps.ts';
import { byRole, repoRoot, startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';
import { matchRoute, ROUTES } from '../src/lib/router.ts';

// The whole system (`pnpm start` in a fresh data directory) driven through Debian's Chromium:
// an operator proposes, a verifikator verifies, the admin approves, the dashboard and the audit
// explorer show it; the same with the connection cut while filling the form; axe on the pages.

let system: System;
let browser: Browser;
let operator: DemoUser;
let verifier: DemoUser;
let admin: DemoUser;
let auditor: DemoUser;
let province: DemoUser;
const contexts: BrowserContext[] = [];

/** A signed-in page of `user` in its own context (own cookies), at the house's location. */
const pageOf = (user: DemoUser, options: { bypassCSP?: boolean } = {}): Promise<Page> =>
  signedInPage(browser, system, user.username, contexts, {
    geolocation: { latitude: HOUSE_LOCATION.lat, longitude: HOUSE_LOCATION.lon, accuracy: 8 },
    permissions: ['geolocation'],
    ...options,
  });

beforeAll(async () => {
  // Many sign-ins from one address within a minute: the per-address login limit is off here
  // (the lock-out is tested in security.browser.test.ts with the defaults).
  system = await startSystem({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '0' } });
  browser = await launchChromium();
  const users = await system.demoUsers();
  operator = byRole(users, 'operator_desa');
  verifier = byRole(users, 'verifikator_kabkota');
  admin = byRole(users, 'admin_kabkota');
  auditor = byRole(users, 'auditor');
  province = byRole(users, 'admin_provinsi');
}, 400_000);

// The values as they are when the file ends (a beforeAll that failed leaves them unset).
afterAll(() => tearDown({ contexts, browser, system }), 120_000);

describe('the console, end to end', () => {
  let approvedId = '';
  let approvedHousehold: ReturnType<typeof testHousehold> | undefined;

  it('takes a proposal from the operator through verification and approval to the dashboard and the audit', async () => {
    const watcher = await pageOf(auditor);
    const before = await dashboardTotal(watcher, operator.regionCode);
    const { accessToken: auditorToken } = await system.login(auditor.username);
    const summaryBefore = await summaryOf(system, auditorToken, operator.regionCode);

    const household = testHousehold(operator.regionCode);
    const operatorPage = await pageOf(operator);
    const proposalId = await operatorProposes(operatorPage, household);
    await operatorPage
      .getByTestId('geotag-info')
      .filter({ hasText: /-8[.,]70/ })
      .first()
      .waitFor();

    // The verifikator decides with the family in view: names, relationships, ages, the address.
    const verifyReason = 'Dokumen lengkap, foto rumah sesuai lokasi';
    const verifierPage = await pageOf(verifier);
    await verifierVerifies(verifierPage, proposalId, verifyReason);
    const family = await verifierPage.getByTestId('family-card').innerText();
    for (const member of household.members) expect(family).toContain(member.name);
    expect(family).toContain(household.address.street);
    expect(family).toMatch(/Kepala keluarga|Head of household/);
    expect(family).not.toContain(household.members[0]!.nik); // masked until asked for

    // The admin's approval list names the head of household, the checks and the verifier's note.
    const adminPage = await pageOf(admin);
    await adminPage.goto('/pengesahan');
    const approvalRow = adminPage
      .getByTestId('case-row')
      .filter({ has: adminPage.locator(`a[href*="${proposalId}"]`) });
    await eventually('the verified case on the approvals page', () => appears(approvalRow, 3000), {
      reload: adminPage,
    });
    const rowText = await approvalRow.innerText();
    expect(rowText).toContain(household.members[0]!.name);
    expect(rowText).toContain(verifyReason);
    // Who verified, by name (the gateway's directory), not by id or role alone.
    expect(await approvalRow.getByTestId('approval-verifier').innerText()).toContain(verifier.name);
    // The house photo alone is not complete evidence: the verifikator overrode that check, and it shows.
    expect(await approvalRow.getByTestId('approval-overrides').innerText()).toMatch(/Kelengkapan bukti|Evidence/);
    await adminApproves(adminPage, proposalId);
    approvedId = proposalId;
    approvedHousehold = household;

    // The registry applies the approval and reporting projects it, both asynchronously.
    await eventually(
      'the household applied to the registry and counted',
      async () => {
        const now = await summaryOf(system, auditorToken, operator.regionCode);
        return now.households.total === summaryBefore.households.total + 1 && now.proposals.applied >= 1;
      },
      { timeoutMs: 120_000 },
    );
    await eventually(
      'the dashboard total one higher',
      async () => (await dashboardTotal(watcher, operator.regionCode)) === before + 1,
      {
        reload: watcher,
      },
    );

    // The admin opens the household the approval registered: the family, and its history linked to the proposal.
    const householdPage = await pageOf(admin);
    await householdPage.goto(`/keluarga/${deterministicId(proposalId, 'household')}`);
    await eventually('the registered household page', () => appears(householdPage.getByTestId('family-card'), 5000), {
      reload: householdPage,
    });
    expect(await householdPage.getByTestId('family-card').innerText()).toContain(household.members[0]!.name);
    const cause = householdPage.getByTestId('household-history').getByTestId('history-proposal').first();
    expect(await cause.getAttribute('href')).toBe(`/usulan/${proposalId}`);

    // The household is in the village's registry page now; the operator proposes its deactivation.
    const registry = await pageOf(operator);
    await registry.goto('/keluarga');
    const row = registry.getByTestId('household-row').first();
    await eventually('the household on the registry page', () => appears(row, 5000), { reload: registry });
    await row.getByTestId('propose-status-change').click();
    await row.getByTestId('send-status-change').click();
    await row
      .getByText(/wajib diisi|is required/i)
      .first()
      .waitFor(); // no reason chosen yet: nothing sent
    await row.getByLabel(/^(Alasan penonaktifan|Reason for deactivation)/).selectOption('meninggal');
    await row.getByTestId('send-status-change').click();
    await registry.waitForURL(/\/usulan\/[0-9a-f-]{36}$/);
    const deactivation = registry.getByTestId('proposal-status').first();
    await deactivation.waitFor();
    expect(await deactivation.getAttribute('data-status')).toBe('submitted');

    // The printable monthly report of the regency counts the approval, and prints without the app's chrome.
    const month = new Date().toISOString().slice(0, 7);
    const report = await pageOf(admin);
    await report.goto(`/dasbor/${admin.regionCode}?laporan=${month}`);
    const totals = report.getByTestId('report-totals');
    await eventually(
      'the approval in the monthly report',
      async () => (await appears(totals, 5000)) && Number(await totals.getAttribute('data-approved')) >= 1,
      { reload: report },
    );
    await report.emulateMedia({ media: 'print' });
    expect(await report.locator('.no-print').first().isVisible()).toBe(false);
    expect(await totals.isVisible()).toBe(true);

    // The admin's explorer names people (the gateway's user directory is readable by admins only).
    const explorer = await pageOf(admin);
    await explorer.goto(`/audit?proposalId=${proposalId}`);
    const timeline = explorer.getByTestId('audit-timeline');
    await eventually(
      'the approval in the audit trail',
      () => appears(timeline.locator('[data-testid="audit-entry"][data-event-type$="Approved"]'), 5000),
      { reload: explorer },
    );
    const text = (await timeline.innerText()).toLowerCase();
    for (const person of [operator, verifier, admin]) {
      const named = [person.name, person.username].some((name) => text.includes(name.toLowerCase()));
      expect(named, `${person.username} named in the audit trail`).toBe(true);
    }
    expect(text).toContain(verifyReason.toLowerCase());
    // One entry per decision: the case's and the proposal's events of the approval read as one,
    // the case event's id kept on it; services are named in words, not by their user ids.
    const approved = timeline.locator('[data-testid="audit-entry"][data-event-type="ProposalApproved"]');
    expect(await approved.count()).toBe(1);
    expect(await approved.getAttribute('data-twin-event-type')).toBe('CaseApproved');
    expect(await timeline.locator('[data-event-type="CaseApproved"]').count()).toBe(0);
    expect(text).toContain('sistem (verifikasi)');
    expect(text).not.toMatch(/siks-|document-service/);
    await explorer.locator('[data-testid="chain-status"][data-chain="verified"]').waitFor();

    // The 8 characters every page shows find the proposal in the explorer.
    await explorer.goto('/audit');
    await explorer.locator('#audit-search').fill(proposalId.slice(0, 8));
    await explorer.getByTestId('audit-search-submit').click();
    await explorer.waitForURL(`**/audit?proposalId=${proposalId}`);
    await explorer.getByTestId('audit-timeline').waitFor();
  }, 400_000);

  it('refuses to register a person twice unless the admin resolves it with a reason: one active household holds the NIK', async () => {
    const first = approvedHousehold;
    if (!first) throw new Error('needs the approved household of the first test');
    const head = first.members[0]!;
    // A new family whose head is the registered head (a new KK of its own).
    const again = { ...testHousehold(operator.regionCode), members: [head] };
    const operatorPage = await pageOf(operator);
    const proposalId = await operatorProposes(operatorPage, again, {
      filled: async (page) => {
        // Told while typing: registered already (here, in the operator's own village).
        await page
          .getByText(/sudah terdaftar di keluarga aktif|already in an active household/)
          .first()
          .waitFor({ timeout: 30_000 });
      },
    });
    await verifierVerifies(await pageOf(verifier), proposalId, 'Dicek: kepala keluarga pindah ke KK baru');

    const adminPage = await pageOf(admin);
    await adminPage.goto('/pengesahan');
    const row = adminPage.getByTestId('case-row').filter({ has: adminPage.locator(`a[href*="${proposalId}"]`) });
    await eventually('the verified duplicate on the approvals page', () => appears(row, 3000), { reload: adminPage });
    await row.getByRole('checkbox').check();
    await adminPage.getByTestId('approve-selected').click();
    const refused = adminPage.locator('[data-testid="approval-result"][data-status="duplicate_active"]');
    await refused.waitFor({ timeout: 30_000 });
    const reason = 'Keluarga lama data ganda: kepala keluarga pindah ke KK baru';
    await refused.locator('#resolve-deactivate_other').check();
    await refused.locator('#resolution-reason').fill(reason);
    await refused.getByRole('button').last().click();
    await adminPage.locator('[data-testid="approval-result"][data-status="approved"]').waitFor({ timeout: 30_000 });

    // The registry applies it: the new household holds the NIK, the old one is inactive (duplikat).
    const { accessToken } = await system.login(admin.username);
    const lookup = async () =>
      system.api<{ households: { householdId: string; status: string }[] }>(accessToken, '/v1/registry/lookup', {
        method: 'POST',
        body: JSON.stringify({ nik: head.nik }),
      });
    await eventually(
      'one active household holding the NIK',
      async () => {
        const { body } = await lookup();
        const active = body.households.filter((household) => household.status === 'active');
        return active.length === 1 && active[0]?.householdId === deterministicId(proposalId, 'household');
      },
      { timeoutMs: 120_000 },
    );
    const old = (await lookup()).body.households.find(
      (household) => household.householdId === deterministicId(approvedId, 'household'),
    );
    expect(old?.status).toBe('inactive');
    // The reason is on the old household's record.
    const history = adminPage;
    await history.goto(`/keluarga/${deterministicId(approvedId, 'household')}`);
    await history.getByTestId('household-history').waitFor();
    expect(await history.getByTestId('household-history').innerText()).toContain(reason);
  }, 400_000);

  it('keeps a proposal made without a connection and delivers it exactly once when the connection returns', async () => {
    const household = testHousehold(operator.regionCode);
    const page = await pageOf(operator);
    const context = page.context();
    await page.goto('/usulan/baru');
    await fillProposalForm(page, { ...household, members: household.members.slice(0, 1) });

    await context.setOffline(true);
    await page.getByTestId('add-member').click();
    const spouse = household.members[1];
    if (!spouse) throw new Error('the test household has two members');
    await fillMember(page, 1, spouse);
    await page.getByTestId('submit-proposal').click();
    await page.getByTestId('outbox-count').filter({ hasText: /\b1\b/ }).waitFor({ timeout: 30_000 });
    // On the phone's screen: the message that it was kept, and what waits, by the head's name.
    const kept = page.getByTestId('notice');
    await kept.waitFor();
    await eventually(
      'the offline notice scrolled into view',
      () =>
        kept.isVisible().then(async (shown) => {
          const box = await kept.boundingBox();
          const viewport = page.viewportSize();
          return shown && box !== null && viewport !== null && box.y >= 0 && box.y + box.height <= viewport.height;
        }),
      { timeoutMs: 5_000 },
    );
    await page.getByTestId('outbox-pending').locator('summary').click();
    expect(await page.getByTestId('outbox-item').innerText()).toContain(household.members[0]!.name);

    // The first delivery reaches the gateway but its answer is lost (the connection drops again
    // mid-request): the retry must not create a second proposal.
    let dropped = 0;
    await context.route('**/v1/intake/field-batches', async (route) => {
      if (route.request().method() === 'POST' && dropped === 0) {
        dropped++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.fallback();
    });
    await context.setOffline(false);
    await eventually(
      'the outbox empty',
      async () => {
        const count = page.getByTestId('outbox-count');
        if (!(await appears(count, 500))) return true;
        return /^\D*0\D*$/.test((await count.textContent()) ?? '');
      },
      { timeoutMs: 90_000 },
    );
    expect(dropped).toBe(1);

    await context.unroute('**/v1/intake/field-batches');
    await page.reload();
    await page.waitForLoadState('networkidle');
    const { accessToken } = await system.login(operator.username);
    const head = household.members[0]?.nik ?? '';
    const found = await proposalsWithNik(system, accessToken, operator.regionCode, head);
    expect(found).toHaveLength(1);
  }, 300_000);

  it('imports a musdes file with a progress bar and a result per row', async () => {
    const sample = await readFile(join(repoRoot, 'services/intake/samples/bnba-musdes.csv'), 'utf8');
    // The sample's village is another one of the same district (same NIK prefix): the operator's own.
    const ours = sample.replaceAll('52.02.01.2012', operator.regionCode);
    const lines = ours.trimEnd().split('\n');
    const first = lines[1]?.split(',') ?? [];
    const header = lines[0]?.split(',') ?? [];
    const bad = [...first];
    bad[header.indexOf('ref_keluarga')] = 'K00099';
    bad[header.indexOf('no_kk')] = '5202011503990099';
    bad[header.indexOf('nik')] = '520201150994A001';
    const csv = `${[...lines, bad.join(',')].join('\n')}\n`;
    const dataRows = lines.length - 1;

    const page = await pageOf(operator);
    await page.goto('/impor');
    await page.locator('#import-file').setInputFiles({
      name: 'musdes-uji.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.locator('form button[type="submit"]').click();
    await page.locator('#import-progress').waitFor();
    await page.locator('[data-testid="import-status"][data-status="completed"]').waitFor({ timeout: 120_000 });
    await eventually('every row answered', async () => (await page.getByTestId('import-row').count()) === dataRows + 1);
    expect(await page.locator('[data-testid="import-row"][data-status="accepted"]').count()).toBe(dataRows);
    const rejected = page.locator('[data-testid="import-row"][data-status="rejected"]');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.innerText()).toContain('nik');
  }, 300_000);

  let draftWithEvidence = '';

  it('lets the operator attach a photo while drafting and remove a wrong one, with a reason, before submitting', async () => {
    const household = testHousehold(operator.regionCode);
    const page = await pageOf(operator);
    await page.goto('/usulan/baru');
    await fillProposalForm(page, household);
    await page.getByTestId('save-draft').click();
    await page.waitForURL((url) => /\/usulan\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: 30_000 });
    const proposalId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(await page.getByTestId('proposal-status').getAttribute('data-status')).toBe('draft');

    // A photo on the draft: it shows as evidence, with a remove button (the proposal is a draft).
    await uploadHousePhoto(page, household);
    const item = page.getByTestId('evidence-item');
    await eventually('the photo among the evidence', () => appears(item, 3000), { reload: page });
    expect(await item.count()).toBe(1);
    await item.getByTestId('evidence-remove').click();
    const confirm = item.getByTestId('evidence-remove-confirm');
    await confirm.getByTestId('evidence-remove-yes').click();
    await confirm.getByText(/Tuliskan alasan|Give the reason/).waitFor(); // nothing sent without a reason
    const reason = 'Salah foto: ini rumah tetangga';
    await confirm.getByLabel(/^(Alasan penghapusan|Reason for removal)/).fill(reason);
    await confirm.getByTestId('evidence-remove-yes').click();
    await page
      .getByTestId('notice')
      .filter({ hasText: /Bukti dihapus|Evidence removed/ })
      .waitFor({ timeout: 30_000 });
    await eventually('no evidence left on the draft', () => appears(page.getByTestId('evidence-none'), 3000), {
      reload: page,
    });
    expect(await item.count()).toBe(0);
    expect(await page.getByTestId('proposal-status').getAttribute('data-status')).toBe('draft');

    // The removal is in the proposal's audit trail, with who and why.
    const trail = await pageOf(operator);
    await trail.goto(`/audit?proposalId=${proposalId}`);
    const removed = trail.locator('[data-testid="audit-entry"][data-event-type="DocumentUnlinked"]');
    await eventually('the removal in the audit trail', () => appears(removed, 3000), { reload: trail });
    const entry = await removed.innerText();
    expect(entry).toContain(reason);
    expect(entry).toContain(operator.name);

    // The right photo goes on the draft; a submitted proposal's evidence has no remove button.
    await page.reload();
    await uploadHousePhoto(page, household);
    await eventually('the new photo among the evidence', () => appears(item, 3000), { reload: page });
    expect(await item.getByTestId('evidence-remove').count()).toBe(1);
    draftWithEvidence = proposalId;
    if (approvedId) {
      await page.goto(`/usulan/${approvedId}`);
      await page.getByTestId('evidence-item').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('evidence-remove').count()).toBe(0);
    }
  }, 300_000);

  it('has no serious or critical accessibility violations on the main pages (axe-core)', async () => {
    const failures: string[] = [];
    const check = async (page: Page, name: string, path: string, ready: string): Promise<void> => {
      if (path !== '') await page.goto(path);
      await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
      const serious = seriousOf(name, await runAxe(page));
      for (const violation of serious)
        failures.push(`${name}: [${violation.impact}] ${violation.id} ${violation.help}`);
    };

    const context = await newContext(browser, system.baseUrl, { bypassCSP: true });
    contexts.push(context);
    const login = await context.newPage();
    await login.goto('/masuk');
    await check(login, 'login', '', 'login-form');

    const operatorPage = await pageOf(operator, { bypassCSP: true });
    await check(operatorPage, 'proposal list', '/usulan', 'proposal-status');
    await check(operatorPage, 'proposal form', '/usulan/baru', 'proposal-form');
    await check(operatorPage, 'registered households', '/keluarga', 'household-row');
    await operatorPage.getByTestId('propose-status-change').first().click();
    await check(operatorPage, 'deactivation form', '', 'status-change-form');
    await check(operatorPage, 'musdes import', '/impor', 'import-form');
    const verifierPage = await pageOf(verifier, { bypassCSP: true });
    await check(verifierPage, 'verification queue', '/verifikasi', 'case-row');
    const auditorPage = await pageOf(auditor, { bypassCSP: true });
    await check(auditorPage, 'dashboard', `/dasbor/${operator.regionCode}`, 'summary-table');
    await check(
      auditorPage,
      'audit explorer',
      approvedId ? `/audit?proposalId=${approvedId}` : '/audit',
      'audit-timeline',
    );
    expect(failures).toEqual([]);
  }, 300_000);

  it('shows no identifier-shaped token where a person reads, on any page, in either language', async () => {
    // Codes stay in the API: a page shows words. snake_case codes, camelCase event types and
    // field names, and whole UUIDs in the visible text of <main> are defects.
    const TOKENS = [
      /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
      /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/,
      /\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/,
      /\b[a-z]+[A-Z][A-Za-z]*\b/,
    ];
    const household = approvedId ? deterministicId(approvedId, 'household') : undefined;
    // A village meeting for its page (the meeting pages' own story is accountability.browser.test.ts).
    const { accessToken } = await system.login(operator.username);
    const meeting = await system.api<{ meetingId: string }>(accessToken, '/v1/intake/meetings', {
      method: 'POST',
      body: JSON.stringify({
        kind: 'musdes',
        date: new Date().toISOString().slice(0, 10),
        number: '01/BA/2026',
        place: 'Balai desa',
        attendeeCount: 40,
      }),
    });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    // A cut-off for the hand-off pages (their own story is handoff.browser.test.ts).
    const adminToken = (await system.login(admin.username)).accessToken;
    const cutoff = await system.api<{ cutoffId: string }>(adminToken, '/v1/registry/cutoffs', {
      method: 'POST',
      body: JSON.stringify({ regencyCode: admin.regionCode, period: '2025-01' }),
    });
    expect(cutoff.status, JSON.stringify(cutoff.body)).toBe(201);
    const handoffPages = ['/penetapan', `/penetapan/${cutoff.body.cutoffId}`];
    const signedOutPages = ['/masuk', '/cek', '/lapor', '/lacak'];
    const pagesOf = (user: DemoUser): string[] => {
      const detail = approvedId
        ? [`/usulan/${approvedId}`, `/verifikasi/${approvedId}`, `/audit?proposalId=${approvedId}`]
        : [];
      const common = ['/usulan', '/dasbor', `/dasbor/${user.regionCode}`, '/keluarga', '/audit', '/akun', ...detail];
      const month = new Date().toISOString().slice(0, 7);
      const byRole: Record<string, string[]> = {
        operator_desa: [
          '/usulan/baru',
          '/impor',
          '/pengaduan',
          '/musyawarah',
          `/musyawarah/${meeting.body.meetingId}`,
          ...(draftWithEvidence ? [`/usulan/${draftWithEvidence}`, `/audit?proposalId=${draftWithEvidence}`] : []),
        ],
        verifikator_kabkota: ['/verifikasi', '/pengawasan', '/pengaduan'],
        admin_kabkota: [
          '/pengesahan',
          '/verifikasi',
          '/pengguna',
          '/pengawasan',
          `/dasbor/${user.regionCode}?laporan=${month}`,
          ...handoffPages,
        ],
        admin_provinsi: ['/verifikasi', '/dasbor/52', '/pengawasan', ...handoffPages],
        auditor: ['/verifikasi', '/pengawasan'],
      };
      return [...common, ...(byRole[user.role] ?? []), ...(household ? [`/keluarga/${household}`] : [])];
    };
    const users = [operator, verifier, admin, auditor, province];
    // Every page of the console is read by someone here (a new route must join the scan).
    const visited = new Set(
      [...signedOutPages, ...users.flatMap(pagesOf)].map(
        (path) => matchRoute(new URL(path, 'http://x').pathname)?.name,
      ),
    );
    expect(Object.keys(ROUTES).filter((name) => !visited.has(name as keyof typeof ROUTES))).toEqual([]);
    const found: string[] = [];
    const scan = async (page: Page, lang: string, who: string, path: string): Promise<void> => {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await page
        .locator('[aria-busy="true"]')
        .first()
        .waitFor({ state: 'detached', timeout: 15_000 })
        .catch(() => undefined);
      const text = await page.locator('main').innerText();
      for (const pattern of TOKENS) {
        const match = pattern.exec(text);
        if (match) found.push(`${lang} ${who} ${path}: "${match[0]}"`);
      }
    };
    // Each reader scans in a page of their own, side by side: most of a scan is the wait for an
    // idle network, so the readers overlap instead of queueing.
    const signedOutReader = async (lang: string): Promise<void> => {
      const context = await newContext(browser, system.baseUrl);
      contexts.push(context);
      const signedOut = await context.newPage();
      await signedOut.goto('/masuk');
      await signedOut.evaluate((value) => localStorage.setItem('siks.lang', value), lang);
      for (const path of signedOutPages) await scan(signedOut, lang, 'signed out', path);
      await context.close();
    };
    const reader = async (lang: string, user: DemoUser): Promise<void> => {
      const page = await pageOf(user);
      await page.evaluate((value) => localStorage.setItem('siks.lang', value), lang);
      for (const path of pagesOf(user)) await scan(page, lang, user.role, path);
      await page.context().close();
    };
    for (const lang of ['id', 'en'] as const)
      await Promise.all([signedOutReader(lang), ...users.map((user) => reader(lang, user))]);
    expect(found).toEqual([]);
  }, 600_000);

  it('lets a person change their own password from the console; the old one stops working', async () => {
    const page = await pageOf(province);
    await page.getByTestId('account-link').click();
    await page.waitForURL('**/akun');
    const form = page.getByTestId('password-form');
    const fresh = `sandi-baru-${Date.now()}`;
    await form.locator('#account-current').fill(system.password);
    await form.locator('#account-new').fill(fresh);
    await form.locator('#account-again').fill(`${fresh}x`);
    await form.getByRole('button').click();
    await form.getByText(/tidak sama|differ/).waitFor(); // nothing sent while the two differ
    await form.locator('#account-again').fill(fresh);
    await form.getByRole('button').click();
    await page.getByTestId('notice').waitFor({ timeout: 30_000 });
    await expect(system.login(province.username)).rejects.toThrow(/401/);
    expect((await system.login(province.username, fresh)).accessToken).toEqual(expect.any(String));
  }, 120_000);
});
