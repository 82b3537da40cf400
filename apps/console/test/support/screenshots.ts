/**
 * Screenshots of the console for docs/screenshots/: the operator's form, the verification queue
 * and a case, the approvals page, the registry's households, a dashboard and the audit explorer, on a phone (390×844) and a
 * desktop (1280×800). Runs the real flow against the whole system (`pnpm start` in a fresh data
 * directory) so every page shows real data.
 *
 *   pnpm exec tsx apps/console/test/support/screenshots.ts [outDir]
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { deterministicId } from '../../../../packages/contracts/src/uuid.ts';
import { launchChromium, newContext, signIn } from './browser.ts';
import { HOUSE_LOCATION, testHousehold } from './household.ts';
import { adminApproves, appears, dashboardTotal, eventually, operatorProposes, verifierVerifies } from './steps.ts';
import { repoRoot, startSystem, type DemoUser, type System } from './system.ts';

const VIEWPORTS = {
  mobile: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;
type Viewport = keyof typeof VIEWPORTS;

async function pageOf(browser: Browser, system: System, user: DemoUser, viewport: Viewport): Promise<Page> {
  const context = await newContext(browser, system.baseUrl, {
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: viewport === 'mobile' ? 2 : 1,
    geolocation: { latitude: HOUSE_LOCATION.lat, longitude: HOUSE_LOCATION.lon, accuracy: 8 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  await signIn(page, user.username, system.password);
  return page;
}

async function shoot(page: Page, outDir: string, name: string, viewport: Viewport): Promise<string> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  const path = join(outDir, `${name}-${viewport}.png`);
  await page.screenshot({ path, fullPage: viewport === 'desktop' });
  console.log(path);
  return path;
}

export async function takeScreenshots(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const system = await startSystem();
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    const users = await system.demoUsers();
    const find = (role: string): DemoUser => {
      const user = users.find((candidate) => candidate.role === role);
      if (!user) throw new Error(`no demo user ${role}`);
      return user;
    };
    const operator = find('operator_desa');
    const verifier = find('verifikator_kabkota');
    const admin = find('admin_kabkota');
    const auditor = find('auditor');

    const ids: string[] = [];
    for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
      const page = await pageOf(browser, system, operator, viewport);
      const household = testHousehold(operator.regionCode, `Jl. Pejanggik No. ${viewport === 'mobile' ? 12 : 14}`);
      ids.push(
        await operatorProposes(page, household, {
          filled: async (filled) => {
            await filled.evaluate(() => window.scrollTo(0, 0));
            written.push(await shoot(filled, outDir, 'operator-form', viewport));
          },
        }),
      );
      written.push(await shoot(page, outDir, 'proposal-detail', viewport));
      await page.context().close();
    }
    const [first, second] = ids;
    if (!first || !second) throw new Error('two proposals expected');

    for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
      const page = await pageOf(browser, system, verifier, viewport);
      await page.goto('/verifikasi');
      await eventually(
        'both cases in the queue',
        async () =>
          (await appears(page.locator(`main a[href*="${first}"]`), 10_000)) &&
          (await appears(page.locator(`main a[href*="${second}"]`), 2000)),
        { reload: page },
      );
      written.push(await shoot(page, outDir, 'verification-queue', viewport));
      await page.goto(`/verifikasi/${first}`);
      await page.getByTestId('decision-form').waitFor({ timeout: 60_000 });
      written.push(await shoot(page, outDir, 'verification-case', viewport));
      await page.context().close();
    }

    const verifierPage = await pageOf(browser, system, verifier, 'desktop');
    await verifierVerifies(verifierPage, first, 'Foto rumah dan dokumen sesuai');
    await verifierVerifies(verifierPage, second, 'Data sesuai hasil musdes');
    const adminPage = await pageOf(browser, system, admin, 'desktop');
    await adminApproves(adminPage, first);

    for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
      const page = await pageOf(browser, system, auditor, viewport);
      await eventually('the approval counted', async () => (await dashboardTotal(page, operator.regionCode)) >= 2, {
        reload: page,
      });
      await page.goto(`/dasbor/${operator.regionCode.slice(0, 5)}`);
      await page.getByTestId('summary-table').waitFor({ timeout: 30_000 });
      written.push(await shoot(page, outDir, 'dashboard-regency', viewport));
      await page.goto(`/audit?proposalId=${first}`);
      await eventually(
        'the approval in the audit trail',
        () => appears(page.locator('[data-testid="audit-entry"][data-event-type$="Approved"]'), 5000),
        { reload: page },
      );
      written.push(await shoot(page, outDir, 'audit-explorer', viewport));
      await page.context().close();
    }
    // The approved household on the operator's registry page, with the deactivation form open.
    const registry = await pageOf(browser, system, operator, 'mobile');
    await registry.goto('/keluarga');
    const row = registry.getByTestId('household-row').first();
    await eventually('the household on the registry page', () => appears(row, 5000), { reload: registry });
    await row.getByTestId('propose-status-change').click();
    await row.getByTestId('status-change-form').waitFor();
    written.push(await shoot(registry, outDir, 'households', 'mobile'));
    // The approvals page with the second (verified) proposal: the family, the checks, the overrides, the note.
    for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
      const approvals = await pageOf(browser, system, admin, viewport);
      await approvals.goto('/pengesahan');
      await eventually(
        'the verified case on the approvals page',
        () => appears(approvals.getByTestId('case-row'), 5000),
        {
          reload: approvals,
        },
      );
      written.push(await shoot(approvals, outDir, 'approvals', viewport));
      // The registered household's page: the family and its history linked to the proposal.
      await approvals.goto(`/keluarga/${deterministicId(first, 'household')}`);
      await approvals.getByTestId('household-history').waitFor({ timeout: 30_000 });
      written.push(await shoot(approvals, outDir, 'household', viewport));
      await approvals.context().close();
    }
    const province = await pageOf(browser, system, find('admin_provinsi'), 'desktop');
    await province.goto('/dasbor/52');
    await province.getByTestId('summary-table').waitFor({ timeout: 30_000 });
    written.push(await shoot(province, outDir, 'dashboard-province', 'desktop'));
    return written;
  } finally {
    await browser.close();
    await system.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(repoRoot, 'docs', 'screenshots'));
  takeScreenshots(outDir).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
