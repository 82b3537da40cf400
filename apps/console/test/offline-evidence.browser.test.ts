import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { fillProposalForm, HOUSE_LOCATION, testHousehold, type TestHousehold } from './support/household.ts';
import { geotaggedJpeg } from './support/photo.ts';
import { appears, eventually, proposalsWithNik } from './support/steps.ts';
import { byRole, startSystem, type DemoUser, type System } from './support/system.ts';
import { tearDown } from './support/teardown.ts';

// Issue 18, item 6 (offline evidence): a new household with its house photo completed without a
// connection waits in the outbox sealed at rest, and arrives once — the proposal first, then the
// photo linked to it with its geotag — when the connection returns; at sign-out the outbox is
// locked to its user, so another user of the same browser sends none of it.

let system: System;
let browser: Browser;
let operator: DemoUser;
let admin: DemoUser;
const contexts: BrowserContext[] = [];

interface DocumentItem {
  documentId: string;
  kind: string;
  proposalIds: string[];
  geotag?: { lat: number; lon: number };
}

async function newPage(): Promise<Page> {
  const context = await newContext(browser, system.baseUrl, {
    geolocation: { latitude: HOUSE_LOCATION.lat, longitude: HOUSE_LOCATION.lon, accuracy: 8 },
    permissions: ['geolocation'],
  });
  contexts.push(context);
  return context.newPage();
}

/** Fills the new-proposal form and picks a fresh geotagged JPEG as the house photo. */
async function fillWithPhoto(page: Page, household: TestHousehold): Promise<void> {
  await page.goto('/usulan/baru');
  await fillProposalForm(page, household);
  const photo = await geotaggedJpeg({ lat: household.location.lat + 0.0002, lon: household.location.lon });
  await page.getByTestId('proposal-photo').setInputFiles({ name: 'rumah.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('proposal-photo-chosen').waitFor();
}

/** Waits until the outbox shows `count` waiting items. */
async function outboxShows(page: Page, count: number): Promise<void> {
  await eventually(
    `the outbox showing ${count}`,
    async () => {
      const shown = page.getByTestId('outbox-count');
      if (!(await appears(shown, 500))) return count === 0;
      return ((await shown.textContent()) ?? '').replace(/\D/g, '') === String(count);
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
}

/** What the browser keeps at rest: the sealed records as stored, read straight from IndexedDB. */
function storedOutbox(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('siks-console');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (name: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction(name, 'readonly').objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
    const text = (value: unknown) => new TextDecoder('latin1').decode(value as ArrayBuffer);
    const items = await all('sealed-items');
    const photos = await all('sealed-photos');
    const keys = await all('keys');
    db.close();
    return {
      items: items.map((item) => ({
        fields: Object.keys(item).sort(),
        ownerId: item['ownerId'],
        data: text(item['data']),
      })),
      photos: photos.map((photo) => ({
        ownerId: photo['ownerId'],
        head: [...new Uint8Array(photo['data'] as ArrayBuffer).slice(0, 2)],
      })),
      keys: keys.map((key) => ({ ownerId: key['ownerId'], extractable: (key['key'] as CryptoKey).extractable })),
    };
  });
}

async function documentsOf(proposalId: string): Promise<DocumentItem[]> {
  const { accessToken } = await system.login(operator.username);
  const { status, body } = await system.api<{ items: DocumentItem[] }>(
    accessToken,
    `/v1/documents?proposalId=${encodeURIComponent(proposalId)}`,
  );
  if (status !== 200) throw new Error(`documents of a proposal: ${status}`);
  return body.items;
}

/** The proposals of the operator's village for this household's head (opened through the API). */
async function proposalsOf(household: TestHousehold): Promise<string[]> {
  const { accessToken } = await system.login(operator.username);
  return proposalsWithNik(system, accessToken, operator.regionCode, household.members[0]?.nik ?? '');
}

beforeAll(async () => {
  system = await startSystem({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '0' } });
  browser = await launchChromium();
  const users = await system.demoUsers();
  operator = byRole(users, 'operator_desa');
  admin = byRole(users, 'admin_kabkota');
}, 400_000);

afterAll(() => tearDown({ contexts, browser, system }), 120_000);

describe('offline evidence', () => {
  it('completes a new household with its photo offline, keeps both sealed, and delivers them once with the geotag', async () => {
    const household = testHousehold(operator.regionCode);
    const page = await newPage();
    const context = page.context();
    await signIn(page, operator.username, system.password);
    await fillWithPhoto(page, household);

    await context.setOffline(true);
    await page.getByTestId('submit-proposal').click();
    await outboxShows(page, 1);
    await page.getByTestId('outbox-pending').locator('summary').click();
    expect(await page.getByTestId('outbox-item-photos').innerText()).toMatch(/1 (foto|photo)/);

    // At rest: only ids in clear; no name, NIK or JPEG in what IndexedDB holds; the key cannot leave.
    const stored = await storedOutbox(page);
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]?.fields).toEqual(['clientId', 'data', 'iv', 'ownerId']);
    expect(stored.items[0]?.data).not.toContain(household.members[0]!.name);
    expect(stored.items[0]?.data).not.toContain(household.members[0]!.nik);
    expect(stored.photos).toHaveLength(1);
    expect(stored.photos[0]?.head).not.toEqual([0xff, 0xd8]);
    expect(stored.keys).toEqual([{ ownerId: stored.items[0]?.ownerId, extractable: false }]);

    // The photo's first upload reaches the server but its answer is lost: the retry, under the
    // same idempotency key, must not make a second document.
    let dropped = 0;
    const order: string[] = [];
    await context.route('**/v1/**', async (route) => {
      const request = route.request();
      if (request.method() === 'POST' && /\/v1\/(intake\/field-batches|documents)$/.test(request.url()))
        order.push(new URL(request.url()).pathname);
      if (request.method() === 'POST' && request.url().endsWith('/v1/documents') && dropped === 0) {
        dropped++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.fallback();
    });
    await context.setOffline(false);
    await outboxShows(page, 0);
    await context.unroute('**/v1/**');
    expect(dropped).toBe(1);
    // Draft first, then the photo (twice: the lost answer and its retry).
    expect(order).toEqual(['/v1/intake/field-batches', '/v1/documents', '/v1/documents']);

    const proposals = await proposalsOf(household);
    expect(proposals).toHaveLength(1);
    let documents: DocumentItem[] = [];
    await eventually(
      'the photo listed for the proposal',
      async () => (documents = await documentsOf(proposals[0] ?? '')).length > 0,
      { timeoutMs: 60_000 },
    );
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ kind: 'foto_rumah', proposalIds: [proposals[0]] });
    expect(documents[0]?.geotag?.lat).toBeCloseTo(HOUSE_LOCATION.lat + 0.0002, 5);
    expect(documents[0]?.geotag?.lon).toBeCloseTo(HOUSE_LOCATION.lon, 5);
    expect(await storedOutbox(page)).toMatchObject({ items: [], photos: [] });
  }, 300_000);

  it('locks the outbox at sign-out: another user of the browser sends none of it; its owner does, later', async () => {
    // A second operator of the same village (the demo seed has one per role).
    const { accessToken: adminToken } = await system.login(admin.username);
    const password = `Sandi-uji-${Date.now()}`;
    const colleague = `operator.luring${Date.now() % 100000}`;
    const created = await system.api(adminToken, '/v1/admin/users', {
      method: 'POST',
      body: JSON.stringify({
        username: colleague,
        name: 'Operator Kedua',
        role: 'operator_desa',
        regionCode: operator.regionCode,
        password,
      }),
    });
    expect(created.status).toBe(201);

    const household = testHousehold(operator.regionCode);
    const page = await newPage();
    const context = page.context();
    await signIn(page, operator.username, system.password);
    await fillWithPhoto(page, household);
    await context.setOffline(true);
    await page.getByTestId('submit-proposal').click();
    await outboxShows(page, 1);

    // Sign-out with something unsent: the console says it stays locked to this user.
    let warning = '';
    page.once('dialog', (dialog) => {
      warning = dialog.message();
      void dialog.accept();
    });
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    expect(warning).toMatch(/terkunci|locked/);
    await context.setOffline(false);

    // The colleague signs in on the same browser, online: nothing of the first user shows or goes.
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/v1\/(intake\/field-batches|documents)$/.test(request.url()))
        sent.push(request.url());
    });
    await signIn(page, colleague, password);
    await outboxShows(page, 0);
    await page.goto('/usulan/baru');
    await page.getByTestId('proposal-form').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(sent).toEqual([]);
    expect(await proposalsOf(household)).toEqual([]);
    expect((await storedOutbox(page)).items).toHaveLength(1);

    // The colleague leaves; the first operator signs in again and their proposal and photo go out.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await signIn(page, operator.username, system.password);
    let proposals: string[] = [];
    await eventually(
      'the first operator’s proposal sent',
      async () => (proposals = await proposalsOf(household)).length > 0,
      {
        timeoutMs: 60_000,
      },
    );
    expect(proposals).toHaveLength(1);
    await eventually(
      'the photo listed for the proposal',
      async () => (await documentsOf(proposals[0] ?? '')).length === 1,
      { timeoutMs: 60_000 },
    );
  }, 300_000);
});
