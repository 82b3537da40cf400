import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from './support/browser.ts';
import { appears, eventually } from './support/steps.ts';
import { byRole, repoRoot, startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';

// Issue 18 through the console: a village meeting with its minutes, attendance list and list
// produces proposals that name the meeting and share its documents; an operator who then
// amends the meeting's rows is flagged in the supervisor view, which drills into the audit
// explorer filtered by that operator.

let system: System;
let browser: Browser;
let operator: DemoUser;
let admin: DemoUser;
const contexts: BrowserContext[] = [];

const pageOf = (user: DemoUser): Promise<Page> =>
  signedInPage(browser, system, user.username, contexts, { viewport: { width: 1280, height: 900 } });

beforeAll(async () => {
  system = await startSystem({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '0' } });
  browser = await launchChromium();
  const users = await system.demoUsers();
  operator = byRole(users, 'operator_desa');
  admin = byRole(users, 'admin_kabkota');
}, 400_000);

// The values as they are when the file ends (a beforeAll that failed leaves them unset).
afterAll(() => tearDown({ contexts, browser, system }), 120_000);

describe('village meetings and the supervisor view', () => {
  const NUMBER = '140/07/BA/2026';
  let meetingPath = '';
  let proposalIds: string[] = [];

  it('records a meeting with its minutes, attendance list and list; its proposals show the meeting and share its documents', async () => {
    const page = await pageOf(operator);
    await page.goto('/musyawarah');
    const form = page.getByTestId('meeting-form');
    await form.locator('#meeting-date').fill('2026-01-15');
    await form.locator('#meeting-number').fill(NUMBER);
    await form.locator('#meeting-place').fill('Balai Desa');
    await form.locator('#meeting-attendees').fill('57');
    await page.getByTestId('meeting-record').click();
    await page.waitForURL(/\/musyawarah\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    meetingPath = new URL(page.url()).pathname;
    expect(await page.getByTestId('meeting-facts').innerText()).toContain(NUMBER);

    const pdf = await readFile(join(repoRoot, 'services/document/fixtures/document.pdf'));
    for (const kind of ['berita_acara', 'daftar_hadir']) {
      await page.locator('#meeting-document-kind').selectOption(kind);
      await page
        .getByTestId('meeting-document-upload')
        .setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: pdf });
      await page.locator(`[data-testid="meeting-documents"] li[data-kind="${kind}"]`).waitFor({ timeout: 30_000 });
    }

    const sample = await readFile(join(repoRoot, 'services/intake/samples/bnba-musdes.csv'), 'utf8');
    const csv = sample.replaceAll('52.02.01.2012', operator.regionCode);
    const households = new Set(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).size;
    await page
      .getByTestId('meeting-list-upload')
      .setInputFiles({ name: 'daftar-musdes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page
      .locator('[data-testid="meeting-import-status"][data-status="completed"], [data-testid="error-banner"]')
      .first()
      .waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('error-banner').count(), await page.locator('main').innerText()).toBe(0);
    await eventually(
      'every household of the list as a proposal of the meeting',
      async () => (await page.getByTestId('meeting-proposal').count()) === households,
      { reload: page },
    );
    proposalIds = await page
      .locator('[data-testid="meeting-proposal"] a[href^="/usulan/"]')
      .evaluateAll((links) => links.map((link) => (link.getAttribute('href') ?? '').split('/').pop() ?? ''));

    // A proposal of the list names its meeting and row, and holds the meeting's documents.
    await page.goto(`/usulan/${proposalIds[0]}`);
    const origin = page.getByTestId('proposal-origin');
    await origin.filter({ hasText: NUMBER }).waitFor({ timeout: 30_000 });
    expect(await origin.getAttribute('data-origin')).toBe('meeting');
    expect(await origin.innerText()).toMatch(/baris 2|row 2/);
    await eventually(
      'the meeting’s minutes and attendance list among the proposal’s evidence',
      async () => {
        const evidence = await page.locator('.evidence-list').innerText();
        return /Berita acara/i.test(evidence) && /Daftar hadir/i.test(evidence);
      },
      { reload: page },
    );
  }, 400_000);

  it('flags an operator who amends the meeting’s rows afterwards, and drills into the audit explorer by operator', async () => {
    expect(proposalIds.length).toBeGreaterThanOrEqual(2);
    const { accessToken, user } = await system.login(operator.username);
    // The seeded pattern: after the meeting the operator changes two of its agreed rows.
    for (const proposalId of proposalIds.slice(0, 2)) {
      const amended = await system.api(accessToken, `/v1/intake/proposals/${proposalId}`, {
        method: 'PATCH',
        headers: { 'if-match': '"0"' },
        body: JSON.stringify({ reason: 'alamat diperbarui', set: { 'household.address.rt': '009' } }),
      });
      expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    }

    // Wherever it appears, the proposal now says it changed after its meeting.
    const operatorPage = await pageOf(operator);
    await operatorPage.goto(meetingPath);
    // Exactly the two amended proposals' rows are marked (rows named by the short id the table
    // shows). Read only once the table is there: right after a (re)load the page is still asking
    // for the meeting, and a count taken then is 0 however the rows will be marked, which is why
    // an immediate count never reached 2 on a loaded CI machine.
    const shortIds = (ids: string[]) => ids.map((id) => id.slice(0, 8)).sort();
    let marked: string[] = [];
    let shown = 0;
    await eventually(
      'the amended rows marked on the meeting',
      async () => {
        const rows = operatorPage.locator('[data-testid="meeting-proposal"]');
        await rows.first().waitFor({ timeout: 15_000 });
        shown = await rows.count();
        marked = (
          await operatorPage
            .locator('[data-testid="meeting-proposal"][data-amended="true"] a[href^="/usulan/"]')
            .allInnerTexts()
        ).sort();
        return marked.length >= 2;
      },
      { reload: operatorPage },
    );
    // Each proposal once (no row rendered twice), and no third row marked.
    expect(shown).toBe(proposalIds.length);
    expect(marked).toEqual(shortIds(proposalIds.slice(0, 2)));
    await operatorPage.goto(`/usulan/${proposalIds[0]}`);
    await operatorPage.getByTestId('amended-after-meeting').waitFor({ timeout: 30_000 });

    const page = await pageOf(admin);
    await page.goto('/pengawasan');
    const row = page.locator(`[data-testid="supervise-operator"][data-user="${user.id}"]`);
    await eventually(
      'the operator flagged for amending the meeting’s rows',
      async () => /amended_after_meeting/.test((await row.getAttribute('data-flags', { timeout: 3000 })) ?? ''),
      { reload: page },
    );
    expect(await row.getByTestId('supervise-flag').first().innerText()).toMatch(/setelah musyawarah|after the meeting/);

    await row.getByTestId('figure-amendedAfterMeeting').click();
    const drill = page.getByTestId('supervise-drill');
    for (const proposalId of proposalIds.slice(0, 2))
      expect(await appears(drill.locator(`a[href="/usulan/${proposalId}"]`))).toBe(true);
    await drill.getByTestId('supervise-audit-link').click();
    await page.waitForURL((url) => url.pathname === '/audit' && url.searchParams.get('actor') === user.id);
    const trail = page.getByTestId('actor-trail');
    await trail
      .locator('[data-testid="actor-entry"][data-event-type="ProposalAmended"]')
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await trail.locator('[data-testid="actor-entry"][data-event-type="ProposalAmended"]').count()).toBe(2);
    expect(await trail.getAttribute('data-actor')).toBe(user.id);
  }, 300_000);
});
