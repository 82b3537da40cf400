import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { householdData, testHousehold } from './support/household.ts';
import { appears, eventually } from './support/steps.ts';
import { startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';
import { tamperWithEvents } from '@siks/testing';
import { totpCode } from '../../../services/gateway/src/auth/totp/codes.ts';

// The console's security properties against the whole system (`pnpm start` in a fresh data
// directory): CSP, lock-out, scope by URL, silent token refresh, markup shown as text. Access
// tokens live ACCESS_TOKEN_TTL_SECONDS = 5 s here, so every test also runs through refreshes.

const TTL_SECONDS = 5;
/** The services accept a token this long past its expiry (service-kit's verifier). */
const CLOCK_TOLERANCE_SECONDS = 30;

let system: System;
let browser: Browser;
let users: DemoUser[];
const contexts: BrowserContext[] = [];

async function freshPage(): Promise<Page> {
  const context = await newContext(browser, system.baseUrl);
  contexts.push(context);
  const page = await context.newPage();
  // Reports every CSP violation of the console itself (injected by CDP, so CSP does not block it).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return page;
}

const cspViolations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

const operators = (): DemoUser[] => users.filter((user) => user.role === 'operator_desa');
const withRole = (role: string): DemoUser => {
  const user = users.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user;
};
const token = async (user: { username: string }, password = system.password): Promise<string> =>
  (await system.login(user.username, password)).accessToken;

/** A draft proposal of `user`'s village through the API; answers its id. */
async function draftOf(user: DemoUser, street?: string): Promise<string> {
  const household = testHousehold(user.regionCode, street);
  const created = await system.api<{ proposalId: string }>(await token(user), '/v1/intake/proposals', {
    method: 'POST',
    body: JSON.stringify({
      channel: 'operator',
      submit: false,
      proposal: { type: 'new_household', household: householdData(household) },
    }),
  });
  expect(created.status).toBe(201);
  return created.body.proposalId;
}

beforeAll(async () => {
  system = await startSystem({
    env: { ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS), LOGIN_RATE_LIMIT_PER_MINUTE: '200' },
  });
  browser = await launchChromium();
  users = await system.demoUsers();
}, 400_000);

// The values as they are when the file ends (a beforeAll that failed leaves them unset).
afterAll(() => tearDown({ contexts, browser, system }), 120_000);

describe('console security', () => {
  it('serves the console with a strict Content-Security-Policy and keeps to it', async () => {
    const page = await freshPage();
    for (const path of ['/', '/masuk', '/usulan/baru']) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(200);
      const headers = response.headers();
      const csp = headers['content-security-policy'] ?? '';
      const directives = new Map(
        csp
          .split(';')
          .map((part) => part.trim().split(/\s+/))
          .filter((words) => words[0])
          .map((words) => [words[0] ?? '', words.slice(1)]),
      );
      expect(directives.get('default-src'), `${path}: ${csp}`).toEqual(["'self'"]);
      expect(directives.get('script-src'), `${path}: ${csp}`).toEqual(["'self'"]);
      expect(directives.get('style-src'), `${path}: ${csp}`).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['x-frame-options']).toBe('DENY');
    }
    // The page in a browser: CSP applies, the console runs under it without a single violation.
    const response = await page.goto('/masuk');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page, operators()[0]?.username ?? '', system.password);
    await page.goto('/usulan/baru');
    await page.getByTestId('proposal-form').waitFor();
    expect(await cspViolations(page)).toEqual([]);
    // An inline script is refused (the policy is enforced, not only sent).
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
  }, 120_000);

  it('makes a name wait after repeated wrong passwords, for a minute at most, and says so', async () => {
    const victim = operators()[2] ?? operators()[0];
    if (!victim) throw new Error('no operator');
    const page = await freshPage();
    await page.goto('/masuk');
    const form = page.getByTestId('login-form');
    // Five failures are free; from the sixth on each one makes the name wait (1 s, doubling, at
    // most 60 s), so a quick run of wrong passwords soon meets a wait (423).
    let waiting: { status: () => number; headers: () => Record<string, string> } | undefined;
    for (let attempt = 1; attempt <= 15 && !waiting; attempt++) {
      await form.getByLabel(/nama pengguna|username/i).fill(victim.username);
      await form.getByLabel(/kata sandi|password/i).fill(`salah-${attempt}-sandi`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/v1/auth/login'));
      await form.getByRole('button', { name: /masuk|sign in/i }).click();
      const response = await answered;
      if (attempt <= 5) expect(response.status(), `attempt ${attempt}`).toBe(401);
      else expect([401, 423]).toContain(response.status());
      if (response.status() === 423) waiting = response;
      await page.getByTestId('error-banner').waitFor();
    }
    if (!waiting) throw new Error('no wait after fifteen wrong passwords');
    const retryAfter = Number(waiting.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await page
      .getByTestId('error-banner')
      .filter({ hasText: /dikunci|locked/i })
      .waitFor();
    expect(page.url()).toContain('/masuk');
    // It is this name's wait, not a limit on everyone: another user still signs in.
    const other = withRole('auditor');
    expect((await system.login(other.username)).user.username).toBe(other.username);
  }, 120_000);

  it("does not open another village's proposal when its URL is typed in", async () => {
    const [owner, stranger] = operators();
    if (!owner || !stranger) throw new Error('two operators needed');
    expect(owner.regionCode).not.toBe(stranger.regionCode);
    const street = 'Jl. Rahasia Desa Lain 17';
    const proposalId = await draftOf(owner, street);
    const api = await system.api(await token(stranger), `/v1/intake/proposals/${proposalId}`);
    expect(api.status).toBe(404);

    const page = await freshPage();
    await signIn(page, stranger.username, system.password);
    await page.goto(`/usulan/${proposalId}`);
    await page
      .getByText(/tidak ditemukan|not found/i)
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('proposal-status').count()).toBe(0);
    expect(await page.content()).not.toContain(street);
    // The owner sees it at the same URL (the 404 is about scope, not a broken page).
    const own = await freshPage();
    await signIn(own, owner.username, system.password);
    await own.goto(`/usulan/${proposalId}`);
    await own.getByTestId('proposal-status').waitFor({ timeout: 30_000 });
  }, 120_000);

  it('renews an expired access token without the person noticing', async () => {
    const user = operators()[1] ?? operators()[0];
    if (!user) throw new Error('no operator');
    const page = await freshPage();
    const loginAnswer = page.waitForResponse((r) => r.url().endsWith('/v1/auth/login'));
    await signIn(page, user.username, system.password);
    const { accessToken: first } = (await (await loginAnswer).json()) as { accessToken: string };
    expect(
      await page.evaluate(() => Object.keys(localStorage).join(' ') + Object.keys(sessionStorage).join(' ')),
    ).not.toMatch(/token/i);
    const refreshes: number[] = [];
    const calls: string[] = [];
    page.context().on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/v1/')) calls.push(`${response.status()} ${response.request().method()} ${path}`);
      if (path === '/v1/auth/refresh') refreshes.push(response.status());
    });

    // Wait until the services refuse the first token (lifetime plus their clock tolerance).
    await new Promise((resolve) => setTimeout(resolve, (TTL_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000));
    await eventually('the first token refused', async () => {
      const answer = await system.api(first, '/v1/intake/proposals?limit=1');
      return answer.status === 401;
    });

    // Moving around the console (client-side navigation, no reload) keeps working.
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /^usulan baru$|^new proposal$/i })
      .click();
    await page.getByTestId('proposal-form').waitFor();
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /^usulan$|^proposals$/i })
      .click();
    await page.waitForURL('**/usulan');
    // Under load the refresh may start after the network went quiet once: wait for it, not for quiet.
    await eventually('a silent refresh', async () => refreshes.length > 0, { timeoutMs: 30_000 }).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${calls.join('\n')}`);
      },
    );
    await page.waitForLoadState('networkidle');
    expect(refreshes.every((status) => status === 200)).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/usulan');
    expect(await appears(page.getByTestId('error-banner'), 1000)).toBe(false);
    expect(await appears(page.getByTestId('login-form'), 500)).toBe(false);
  }, 180_000);

  it('lets an administrator turn on a second factor and then asks for its code at login', async () => {
    const admin = withRole('admin_kabkota');
    const password = `Sandi-uji-${Date.now()}`;
    const username = `admin.totp${Date.now() % 100000}`;
    const created = await system.api(await token(admin), '/v1/admin/users', {
      method: 'POST',
      body: JSON.stringify({
        username,
        name: 'Admin Dua Langkah',
        role: 'admin_kabkota',
        regionCode: admin.regionCode,
        password,
      }),
    });
    expect(created.status).toBe(201);

    // Enrol from the account page: the secret is shown once, a code confirms it.
    const page = await freshPage();
    await signIn(page, username, password);
    await page.goto('/akun');
    const settings = page.getByTestId('totp-settings');
    await settings.getByRole('button', { name: /aktifkan|turn on/i }).click();
    const secret = await settings.getByTestId('totp-secret').getAttribute('data-secret');
    if (!secret) throw new Error('no secret shown');
    await settings.getByRole('img').waitFor(); // the QR code
    await settings.locator('#totp-code').fill(totpCode(secret, new Date()));
    await settings.getByRole('button', { name: /konfirmasi|confirm/i }).click();
    await settings.getByTestId('notice').waitFor({ timeout: 30_000 });
    await expect(system.login(username, password)).rejects.toThrow(/401/);

    // Signing in now takes the code: a wrong one is refused and said so, the next one signs in.
    const next = await freshPage();
    await next.goto('/masuk');
    const form = next.getByTestId('login-form');
    await form.getByLabel(/nama pengguna|username/i).fill(username);
    await form.getByLabel(/kata sandi|password/i).fill(password);
    await form.getByRole('button', { name: /masuk|sign in/i }).click();
    const code = form.locator('#login-totp');
    await code.waitFor();
    await code.fill('000000');
    await form.getByRole('button', { name: /masuk|sign in/i }).click();
    await form.getByText(/kode verifikasi salah|verification code is wrong/i).waitFor();
    // The code of the next time step: the one of this step was spent confirming.
    await code.fill(totpCode(secret, new Date(Date.now() + 30_000)));
    await form.getByRole('button', { name: /masuk|sign in/i }).click();
    await next.waitForURL((url) => !url.pathname.startsWith('/masuk'), { timeout: 30_000 });
    expect(await cspViolations(next)).toEqual([]);
  }, 180_000);

  it('shows markup in names and reasons as text', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const owner = operators()[0];
    if (!owner) throw new Error('no operator');
    const admin = withRole('admin_kabkota');
    const password = `Sandi-uji-${Date.now()}`;
    const username = `operator.xss${Date.now() % 100000}`;
    const created = await system.api(await token(admin), '/v1/admin/users', {
      method: 'POST',
      body: JSON.stringify({
        username,
        name: payload,
        role: 'operator_desa',
        regionCode: owner.regionCode,
        password,
      }),
    });
    expect(created.status).toBe(201);
    const xssUser = { username };

    // A proposal with the markup as its street, returned by the verifikator with the markup as the reason.
    const household = testHousehold(owner.regionCode, payload);
    const operatorToken = await token(xssUser, password);
    const proposal = await system.api<{ proposalId: string }>(operatorToken, '/v1/intake/proposals', {
      method: 'POST',
      body: JSON.stringify({
        channel: 'operator',
        submit: true,
        proposal: { type: 'new_household', household: householdData(household) },
      }),
    });
    expect(proposal.status).toBe(201);
    const proposalId = proposal.body.proposalId;
    const verifier = withRole('verifikator_kabkota');
    await eventually('the case opened', async () => {
      const verifierToken = await token(verifier);
      const found = await system.api(verifierToken, `/v1/verification/cases/${proposalId}`);
      if (found.status !== 200) return false;
      const etag = (
        await fetch(`${system.baseUrl}/v1/verification/cases/${proposalId}`, {
          headers: { authorization: `Bearer ${verifierToken}` },
        })
      ).headers.get('etag');
      const returned = await system.api(verifierToken, `/v1/verification/cases/${proposalId}/decisions`, {
        method: 'POST',
        headers: { 'if-match': etag ?? '' },
        body: JSON.stringify({ decision: 'return', reason: payload }),
      });
      return returned.status === 200;
    });

    const page = await freshPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, xssUser.username, password);
    await page.getByText(payload).first().waitFor(); // the user's name
    await page.goto(`/usulan/${proposalId}`);
    await eventually('the return reason on the proposal', async () => appears(page.getByText(payload).first(), 2000), {
      reload: page,
    });
    await page.goto(`/audit?proposalId=${proposalId}`);
    await eventually('the reason in the audit trail', async () => appears(page.getByText(payload).first(), 2000), {
      reload: page,
    });
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  }, 240_000);

  it('shows a proposal changed behind the system’s back as not verified in the audit explorer', async () => {
    const [owner] = operators();
    if (!owner) throw new Error('no operator');
    const proposalId = await draftOf(owner);
    const auditor = withRole('auditor');
    const page = await freshPage();
    await signIn(page, auditor.username, system.password);
    await page.goto(`/audit?proposalId=${proposalId}`);
    await page.locator('[data-testid="chain-status"][data-chain="verified"]').waitFor({ timeout: 30_000 });

    // Someone with database access rewrites the stored draft: the chain no longer holds there.
    await tamperWithEvents(
      system.databaseUrl,
      `UPDATE eventstore.events SET metadata = jsonb_set(metadata, '{channel}', '"field"')
        WHERE stream_id = $1 AND revision = 0`,
      [`proposal-${proposalId}`],
    );
    await page.reload();
    const broken = page.locator('[data-testid="chain-status"][data-chain="broken"]');
    await broken.waitFor({ timeout: 30_000 });
    expect(await broken.innerText()).toMatch(/revisi 0|revision 0/);
  }, 120_000);
});
