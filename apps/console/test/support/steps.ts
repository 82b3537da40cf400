import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { fillProposalForm, type TestHousehold } from './household.ts';
import { geotaggedJpeg } from './photo.ts';
import type { System } from './system.ts';

/** What each person does in the console, step by step (shared by the browser tests and the screenshots). */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Polls `check` (reloading the page before each retry when `page` is given) until it answers true. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; reload?: Page } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && options.reload) await options.reload.reload();
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      const page = options.reload;
      if (!page) throw new Error(`timed out waiting for: ${what}`);
      const shot = join(tmpdir(), `siks-timeout-${Date.now()}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      const text = (
        await page
          .locator('main')
          .innerText()
          .catch(() => '')
      ).slice(0, 1500);
      throw new Error(`timed out waiting for: ${what} (at ${page.url()}, screenshot ${shot})\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1500));
  }
}

/** Whether the locator shows up within `ms` (false instead of throwing). */
export const appears = (locator: Locator, ms = 5000): Promise<boolean> =>
  locator
    .first()
    .waitFor({ state: 'visible', timeout: ms })
    .then(() => true)
    .catch(() => false);

/**
 * The operator fills the new-proposal form (two members), saves it as a draft, uploads a
 * geotagged house photo on the proposal's page and submits it. Answers the proposal id.
 */
export async function operatorProposes(
  page: Page,
  household: TestHousehold,
  hooks: { filled?: (page: Page) => Promise<void> } = {},
): Promise<string> {
  await page.goto('/usulan/baru');
  await fillProposalForm(page, household);
  await hooks.filled?.(page);
  await page.getByTestId('save-draft').click();
  await page.waitForURL((url) => UUID.test(url.pathname), { timeout: 30_000 });
  const proposalId = UUID.exec(new URL(page.url()).pathname)?.[0] ?? '';
  await page.getByTestId('proposal-status').waitFor();

  await uploadHousePhoto(page, household);
  await page.getByTestId('submit-proposal').click();
  await page
    .getByTestId('proposal-status')
    .filter({ hasText: /diajukan|submitted/i })
    .waitFor({ timeout: 30_000 });
  return proposalId;
}

/** On the proposal's page: kind "foto rumah", a fresh geotagged JPEG; waits for the geotag to show. */
export async function uploadHousePhoto(page: Page, household: TestHousehold): Promise<void> {
  const kind = page.getByLabel(/^(Jenis dokumen|Document kind|Kind)/);
  if ((await kind.count()) > 0) await kind.selectOption('foto_rumah');
  const photo = await geotaggedJpeg({ lat: household.location.lat + 0.0002, lon: household.location.lon });
  await page
    .getByTestId('evidence-upload')
    .setInputFiles({ name: 'rumah-depan.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('geotag-info').first().waitFor({ timeout: 30_000 });
}

/** The verifikator waits for the case in the queue, opens it and verifies it with `reason`. */
export async function verifierVerifies(page: Page, proposalId: string, reason: string): Promise<void> {
  await page.goto('/verifikasi');
  const row = page.getByTestId('case-row').filter({ has: page.locator(`a[href*="${proposalId}"]`) });
  await eventually('the case in the verification queue', () => appears(row, 3000), { reload: page });
  await row.locator(`a[href*="${proposalId}"]`).first().click();
  await page.waitForURL(`**/verifikasi/${proposalId}`);
  await decide(page, /verifikasi|verify/i, reason);
  await page
    .getByText(/terverifikasi|verified/i)
    .first()
    .waitFor({ timeout: 30_000 });
}

/** Fills the decision form: the decision (radio or select) and the reason, then sends it. */
export async function decide(page: Page, decision: RegExp, reason: string): Promise<void> {
  const form = page.getByTestId('decision-form');
  await form.waitFor({ timeout: 60_000 });
  const radio = form.getByRole('radio', { name: decision });
  if ((await radio.count()) > 0) await radio.first().check();
  else {
    const select = form.getByLabel(/^(Keputusan|Decision)/);
    const value = await select
      .locator('option')
      .evaluateAll(
        (options, source) =>
          (options as HTMLOptionElement[]).find((option) => new RegExp(source, 'i').test(option.textContent ?? ''))
            ?.value,
        decision.source,
      );
    await select.selectOption(value ?? '');
  }
  await form.getByLabel(/^(Alasan|Reason)/).fill(reason);
  // Verifying over failed checks: the verifikator ticks each one and confirms the dialog.
  const overrides = form.getByTestId('decision-overrides-form').getByRole('checkbox');
  if ((await overrides.count()) > 0) {
    for (const box of await overrides.all()) await box.check();
    page.once('dialog', (dialog) => void dialog.accept());
  }
  await form
    .getByRole('button', { name: /simpan|kirim|putuskan|save|send|decide|verifikasi|verify/i })
    .last()
    .click();
}

/** The admin selects the proposal on the approvals page and approves the selection. */
export async function adminApproves(page: Page, proposalId: string): Promise<void> {
  await page.goto('/pengesahan');
  const row = page.getByTestId('case-row').filter({ has: page.locator(`a[href*="${proposalId}"]`) });
  await eventually('the verified case on the approvals page', () => appears(row, 3000), { reload: page });
  await row.getByRole('checkbox').check();
  await page.getByTestId('approve-selected').click();
  const confirm = page.getByRole('dialog').getByRole('button', { name: /sahkan|ya|approve|yes|confirm/i });
  if (await appears(confirm, 1500)) await confirm.click();
  await eventually(
    'the approval shown',
    async () =>
      (await appears(page.getByText(/disahkan|approved/i), 2000)) &&
      !(await appears(page.getByTestId('error-banner'), 100)),
    { timeoutMs: 30_000 },
  );
}

/** The number the dashboard shows in `summary-total-proposals`. */
export async function dashboardTotal(page: Page, regionCode: string): Promise<number> {
  if (!new URL(page.url()).pathname.endsWith(`/dasbor/${regionCode}`)) await page.goto(`/dasbor/${regionCode}`);
  const total = page.getByTestId('summary-total-proposals');
  await total.waitFor({ timeout: 30_000 });
  const text = (await total.textContent()) ?? '';
  const digits = text.replace(/[^\d]/g, '');
  if (digits === '') throw new Error(`no number in summary-total-proposals: "${text}"`);
  return Number(digits);
}

/** The summary of a region through the API (reporting). */
export async function summaryOf(
  system: System,
  token: string,
  regionCode: string,
): Promise<{ proposals: { total: number; applied: number }; households: { total: number } }> {
  const { status, body } = await system.api<{
    proposals: { total: number; applied: number };
    households: { total: number };
  }>(token, `/v1/reports/regions/${regionCode}/summary`);
  if (status !== 200) throw new Error(`summary of ${regionCode}: ${status}`);
  return body;
}

interface ProposalListItem {
  proposalId: string;
}

/** Every proposal of a village whose content names the head NIK `nik` (details opened via the API). */
export async function proposalsWithNik(
  system: System,
  token: string,
  regionCode: string,
  nik: string,
): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({
      region: regionCode,
      limit: '100',
      names: 'false',
      ...(cursor ? { cursor } : {}),
    });
    const page = await system.api<{ items: ProposalListItem[]; nextCursor?: string | null }>(
      token,
      `/v1/intake/proposals?${query.toString()}`,
    );
    if (page.status !== 200) throw new Error(`proposal list: ${page.status}`);
    for (const item of page.body.items) {
      const detail = await system.api<{ content: { household?: { members?: { nik: string }[] } } | null }>(
        token,
        `/v1/intake/proposals/${item.proposalId}`,
      );
      if (detail.body.content?.household?.members?.some((member) => member.nik === nik)) found.push(item.proposalId);
    }
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return found;
}
