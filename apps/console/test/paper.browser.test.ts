import { readFile } from 'node:fs/promises';
import { pdfText } from '@siks/print/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from './support/browser.ts';
import { byRole, startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';

// Issue 18, "a PDF prints": a village meeting's forms and summary, and a cut-off's approval list
// for signature, downloaded from the console's buttons and read back as PDFs.

let system: System;
let browser: Browser;
let operator: DemoUser;
let admin: DemoUser;
const contexts: BrowserContext[] = [];

const pageOf = (user: DemoUser): Promise<Page> =>
  signedInPage(browser, system, user.username, contexts, {
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });

/** Clicks a print button and answers the downloaded file's name and text. */
async function printed(page: Page, testId: string): Promise<{ filename: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testId).first().click(),
  ]);
  const path = await download.path();
  const bytes = await readFile(path);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return { filename: download.suggestedFilename(), text: (await pdfText(bytes)).text };
}

beforeAll(async () => {
  system = await startSystem({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '0' } });
  browser = await launchChromium();
  const users = await system.demoUsers();
  operator = byRole(users, 'operator_desa');
  admin = byRole(users, 'admin_kabkota');
}, 400_000);

afterAll(() => tearDown({ contexts, browser, system }), 120_000);

describe('a PDF prints', () => {
  it('prints a meeting’s minutes, attendance list and summary from its page', async () => {
    const { accessToken } = await system.login(operator.username);
    const date = new Date().toISOString().slice(0, 10);
    const meeting = await system.api<{ meetingId: string }>(accessToken, '/v1/intake/meetings', {
      method: 'POST',
      body: JSON.stringify({ kind: 'musdes', date, number: '142/09/BA/2026', place: 'Balai Desa', attendeeCount: 25 }),
    });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);

    const page = await pageOf(operator);
    await page.goto(`/musyawarah/${meeting.body.meetingId}`);
    await page.getByTestId('meeting-prints').waitFor({ timeout: 30_000 });
    const minutes = await printed(page, 'print-minutes');
    expect(minutes.filename).toBe(`berita-acara-${date}.pdf`);
    expect(minutes.text).toContain('BERITA ACARA MUSYAWARAH DESA');
    expect(minutes.text).toContain('Nomor: 142/09/BA/2026');
    const attendance = await printed(page, 'print-attendance');
    expect(attendance.text).toContain('DAFTAR HADIR');
    expect(attendance.text).toContain('25 25.');
    const summary = await printed(page, 'print-summary');
    expect(summary.text).toContain('RINGKASAN HASIL');
    expect(summary.text).toContain('Nomor berita acara: 142/09/BA/2026');
    expect(summary.text).toContain('Belum ada daftar yang diimpor');
    expect(await page.locator('[data-testid="meeting-prints"] .error').count()).toBe(0);

    // The blank forms, before any meeting is recorded.
    await page.goto('/musyawarah');
    const blank = await printed(page, 'print-blank-minutes');
    expect(blank.text).toContain('BERITA ACARA');
  }, 300_000);

  it('prints a cut-off’s approval list with the signature block from the approvals page', async () => {
    const { accessToken } = await system.login(admin.username);
    // A past period no other test of the console fixes (this one may join another file's system).
    const period = '2025-01';
    const cutoff = await system.api<{ cutoffId: string }>(accessToken, '/v1/registry/cutoffs', {
      method: 'POST',
      body: JSON.stringify({ regencyCode: admin.regionCode, period }),
    });
    expect([201, 409], JSON.stringify(cutoff.body)).toContain(cutoff.status);

    const page = await pageOf(admin);
    await page.goto('/pengesahan');
    const item = page.locator(`[data-testid="cutoff-item"][data-period="${period}"]`);
    await item.waitFor({ timeout: 30_000 });
    await page.getByTestId('signer-fields').locator('summary').click();
    await page.locator('#signer-place').fill('Praya');
    await page.locator('#signer-name').fill('Lalu Pejabat Uji');
    const list = await (async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        item.getByTestId('print-approval-list').click(),
      ]);
      return { filename: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    })();
    expect(list.filename).toBe(`daftar-penetapan-${admin.regionCode}-${period}.pdf`);
    const { text } = await pdfText(list.bytes);
    expect(text).toContain('YANG DISETUJUI UNTUK DITETAPKAN');
    expect(text).toMatch(/Praya, \d{1,2} \w+ \d{4} (BUPATI|WALI KOTA) [A-Z ]+ Lalu Pejabat Uji/);
  }, 300_000);
});
