/**
 * First visit of an operator on a slow connection: the whole system (`pnpm start` in a fresh
 * data directory), Debian's Chromium, a fresh context (cold cache, no service worker yet), and
 * Chromium's network emulation through CDP. Measures the time from typing the console's address
 * (`/usulan/baru`) until the proposal form is usable (login page shown, operator signed in, the
 * form's first input enabled), and the compressed bytes transferred per resource type
 * (`Network.loadingFinished` encodedDataLength). One JSON line per profile: a baseline without
 * throttling and "Slow 3G" (400 ms latency, 400 kbit/s down and up). Goals: < 5 s, < 250 KB JS+CSS.
 *
 *   pnpm bench:console        (tsx apps/console/bench/slow3g.bench.ts)
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium, newContext } from '../test/support/browser.ts';
import { startSystem, type System } from '../test/support/system.ts';

export interface NetworkProfile {
  name: string;
  /** Round-trip latency added to every request, ms. */
  latencyMs: number;
  /** Bytes per second; -1 = unthrottled. */
  downloadBps: number;
  uploadBps: number;
}

export const PROFILES: NetworkProfile[] = [
  { name: 'baseline', latencyMs: 0, downloadBps: -1, uploadBps: -1 },
  { name: 'slow-3g', latencyMs: 400, downloadBps: (400 * 1000) / 8, uploadBps: (400 * 1000) / 8 },
];

export const GOALS = { formUsableMs: 5000, jsCssBytes: 250 * 1024 };

export interface Transfer {
  type: string;
  url: string;
  encoding: string;
  bytes: number;
}

/** Records every finished request of the page: resource type, content encoding, encoded bytes. */
export async function recordTransfers(session: CDPSession): Promise<Transfer[]> {
  const started = new Map<string, { type: string; url: string; encoding: string }>();
  const done: Transfer[] = [];
  session.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([key, value]) => [key.toLowerCase(), String(value)]),
    );
    started.set(event.requestId, {
      type: event.type ?? 'Other',
      url: event.response.url,
      encoding: headers['content-encoding'] ?? 'identity',
    });
  });
  session.on('Network.loadingFinished', (event) => {
    const meta = started.get(event.requestId);
    if (meta) done.push({ ...meta, bytes: event.encodedDataLength });
  });
  await session.send('Network.enable');
  return done;
}

/**
 * A fresh context (cold cache) and page on `profile`'s emulated network, its transfers recorded.
 * No service worker: its precaching of every page runs after the first load and is reported
 * separately (swPrecacheBytesBr). The caller closes the context.
 */
export async function throttledPage(
  browser: Browser,
  baseUrl: string,
  profile: NetworkProfile,
): Promise<{ context: BrowserContext; page: Page; transfers: Transfer[] }> {
  const context = await newContext(browser, baseUrl, { serviceWorkers: 'block' });
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  const transfers = await recordTransfers(session);
  await session.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latencyMs,
    downloadThroughput: profile.downloadBps,
    uploadThroughput: profile.uploadBps,
  });
  return { context, page, transfers };
}

/** Brotli size of each built asset (what an HTTPS client, which asks for br, would receive). */
async function brotliSizes(consoleDir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const assets = join(consoleDir, 'assets');
  for (const name of await readdir(assets)) {
    if (name.endsWith('.br')) sizes.set(`/assets/${name.slice(0, -3)}`, (await stat(join(assets, name))).size);
  }
  return sizes;
}

export async function measure(system: System, browser: Browser, profile: NetworkProfile, username: string) {
  const { context, page, transfers } = await throttledPage(browser, system.baseUrl, profile);
  try {
    const started = performance.now();
    await page.goto('/usulan/baru', { waitUntil: 'commit' });
    const form = page.getByTestId('login-form');
    const username$ = form.getByLabel(/nama pengguna|username/i);
    await username$.waitFor({ timeout: 120_000 });
    const loginUsableMs = performance.now() - started;
    await username$.fill(username);
    await form.getByLabel(/kata sandi|password/i).fill(system.password);
    const loginClicked = performance.now();
    await form.getByRole('button', { name: /masuk|sign in/i }).click();
    const firstInput = page.getByTestId('proposal-form').locator('input:not([readonly]):not([type=hidden])').first();
    await firstInput.waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      () => {
        const input = document.querySelector<HTMLInputElement>(
          '[data-testid="proposal-form"] input:not([readonly]):not([type=hidden])',
        );
        return input !== null && !input.disabled;
      },
      undefined,
      { timeout: 120_000 },
    );
    const formUsableMs = performance.now() - started;
    const afterLoginMs = performance.now() - loginClicked;
    await page.waitForLoadState('networkidle');
    return { loginUsableMs, formUsableMs, afterLoginMs, transfers: [...transfers] };
  } finally {
    await context.close();
  }
}

export const sum = (items: Transfer[], pick: (t: Transfer) => boolean): number =>
  items.filter(pick).reduce((total, t) => total + t.bytes, 0);

async function main(): Promise<void> {
  const system = await startSystem();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const operator = system.demoUsernames.find((name) => name.startsWith('operator.'));
    if (!operator) throw new Error('no demo operator');
    const brotli = await brotliSizes(system.consoleDir);
    const swPrecacheBytesBr = [...brotli.values()].reduce((a, b) => a + b, 0);
    // One unmeasured visit first: the services' own first-request work (JIT, pools) is not the console's.
    await measure(system, browser, PROFILES[0] as NetworkProfile, operator);
    for (const profile of PROFILES) {
      const run = await measure(system, browser, profile, operator);
      const js = (t: Transfer) => t.type === 'Script';
      const css = (t: Transfer) => t.type === 'Stylesheet';
      const jsBytes = sum(run.transfers, js);
      const cssBytes = sum(run.transfers, css);
      const loadedAssets = run.transfers.filter((t) => js(t) || css(t)).map((t) => new URL(t.url).pathname);
      const jsCssBytesIfBrotli = loadedAssets.reduce((total, path) => total + (brotli.get(path) ?? 0), 0);
      const line = {
        bench: 'console-first-visit',
        profile: profile.name,
        latencyMs: profile.latencyMs,
        downKbps: profile.downloadBps < 0 ? null : (profile.downloadBps * 8) / 1000,
        loginUsableMs: Math.round(run.loginUsableMs),
        formUsableMs: Math.round(run.formUsableMs),
        afterLoginMs: Math.round(run.afterLoginMs),
        jsBytes,
        cssBytes,
        jsCssBytes: jsBytes + cssBytes,
        jsCssBytesIfBrotli,
        documentBytes: sum(run.transfers, (t) => t.type === 'Document'),
        apiBytes: sum(run.transfers, (t) => t.type === 'Fetch' || t.type === 'XHR'),
        totalBytes: sum(run.transfers, () => true),
        requests: run.transfers.length,
        assetEncodings: [...new Set(run.transfers.filter((t) => js(t) || css(t)).map((t) => t.encoding))],
        swPrecacheBytesBr,
        goalFormUsableMs: GOALS.formUsableMs,
        goalJsCssBytes: GOALS.jsCssBytes,
        meetsGoals: run.formUsableMs < GOALS.formUsableMs && jsBytes + cssBytes < GOALS.jsCssBytes,
      };
      console.log(JSON.stringify(line));
    }
  } finally {
    await browser?.close();
    await system.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
