import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium (installed by infra/scripts/ensure-test-prerequisites.sh); never a downloaded browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Flags that keep Chromium off the network it cannot reach here (background services, QUIC,
 * component updates, sync) and runnable as root in a container. Playwright gives each launch a
 * fresh, empty user-data-dir.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A phone-sized context (the operators' usual device) on the gateway, Indonesian first. */
export function newContext(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
    ...options,
  });
}

/** Signs in through the console's login form and waits until the login page is gone. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/masuk');
  const form = page.getByTestId('login-form');
  await form.getByLabel(/nama pengguna|username/i).fill(username);
  await form.getByLabel(/kata sandi|password/i).fill(password);
  await form.getByRole('button', { name: /masuk|sign in|log in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/masuk'), { timeout: 30_000 });
}

/**
 * A page of its own context, signed in as `username` (the context joins `contexts`, which the
 * test file's teardown closes).
 */
export async function signedInPage(
  browser: Browser,
  system: { baseUrl: string; password: string },
  username: string,
  contexts: BrowserContext[],
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await newContext(browser, system.baseUrl, options);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, username, system.password);
  return page;
}
