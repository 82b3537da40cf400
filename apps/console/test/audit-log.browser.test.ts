import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperWithEvents } from '@siks/testing';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { householdData, testHousehold } from './support/household.ts';
import { eventually } from './support/steps.ts';
import { startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';

// The audit explorer checks each event it shows against the signed audit log, in the browser
// (apps/console/src/audit/log-proof.ts), on the whole system as `pnpm start` runs it, with a
// checkpoint every second. A row rewritten in the database under it fails visibly.

let system: System;
let browser: Browser;
let users: DemoUser[];
const contexts: BrowserContext[] = [];

const withRole = (role: string): DemoUser => {
  const user = users.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user;
};

async function freshPage(): Promise<Page> {
  const context = await newContext(browser, system.baseUrl);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  system = await startSystem({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '1000' } });
  browser = await launchChromium();
  users = await system.demoUsers();
}, 400_000);

// The values as they are when the file ends (a beforeAll that failed leaves them unset).
afterAll(() => tearDown({ contexts, browser, system }), 120_000);

describe('the audit explorer and the signed audit log', () => {
  it('verifies each event in the log, and shows a row rewritten in the database as not matching', async () => {
    const owner = withRole('operator_desa');
    const { accessToken } = await system.login(owner.username);
    const household = testHousehold(owner.regionCode);
    const created = await system.api<{ proposalId: string }>(accessToken, '/v1/intake/proposals', {
      method: 'POST',
      body: JSON.stringify({
        channel: 'operator',
        submit: true,
        proposal: { type: 'new_household', household: householdData(household) },
      }),
    });
    expect(created.status).toBe(201);
    const proposalId = created.body.proposalId;

    // The checkpoint is public through the gateway: no login, cacheable.
    const page = await freshPage();
    const checkpoint = await page.request.get('/v1/audit/checkpoint');
    expect(checkpoint.status()).toBe(200);
    expect(checkpoint.headers()['etag']).toBeTruthy();
    expect(await checkpoint.text()).toMatch(/^siks\.local\/eventstore\n\d+\n/);

    await signIn(page, withRole('auditor').username, system.password);
    await page.goto(`/audit?proposalId=${proposalId}`);
    const proofs = page.locator('[data-testid="log-proof"]');
    // Every event of the proposal verified (after the next checkpoint took them in).
    await eventually(
      'every event verified in the signed log',
      async () => {
        await page.locator('[data-testid="log-checkpoint"][data-phase="done"]').waitFor({ timeout: 10_000 });
        const states = await proofs.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-log-proof')));
        return states.length >= 1 && states.every((state) => state === 'verified');
      },
      { reload: page, timeoutMs: 60_000 },
    );
    expect(await proofs.first().innerText()).toMatch(/Terverifikasi di log/);
    // Chromium has Ed25519 in WebCrypto: the checkpoint's signature was checked, not skipped.
    expect(await page.locator('[data-testid="log-signature"]').getAttribute('data-signature')).toBe('verified');
    expect(await page.getByTestId('log-checkpoint-code').innerText()).toMatch(/^\d+-[A-Z2-7]{10}$/);

    // Someone with database access puts another person's name on the draft.
    await tamperWithEvents(
      system.databaseUrl,
      `UPDATE eventstore.events SET metadata = jsonb_set(metadata, '{actor,userId}', '"someone-else"')
        WHERE stream_id = $1 AND revision = 0`,
      [`proposal-${proposalId}`],
    );
    await page.reload();
    await page.locator('[data-testid="log-checkpoint"][data-phase="done"]').waitFor({ timeout: 30_000 });
    const failed = page.locator('[data-testid="log-proof"][data-log-proof="failed"]');
    await failed.first().waitFor({ timeout: 30_000 });
    expect(await failed.count()).toBe(1);
    expect(await failed.first().innerText()).toMatch(/TIDAK cocok dengan log yang ditandatangani/);
    // The other events of the proposal still verify.
    expect(await page.locator('[data-testid="log-proof"][data-log-proof="verified"]').count()).toBe(
      (await proofs.count()) - 1,
    );
  }, 300_000);
});
