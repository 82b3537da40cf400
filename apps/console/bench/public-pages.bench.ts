/**
 * A citizen's first visit on a slow connection (the console's budget, slow3g.bench.ts): the whole
 * system, a fresh context (cold cache, no service worker), Chromium's network emulation. For
 * each public page, the time from typing its address until its form is usable (the first input
 * enabled and, where there is one, the province list of the village picker filled) and the
 * compressed JS+CSS bytes it cost. One JSON line per page and profile; goals as the console's.
 *
 *   tsx apps/console/bench/public-pages.bench.ts
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/support/browser.ts';
import { startSystem, type System } from '../test/support/system.ts';
import { GOALS, PROFILES, sum, throttledPage, type NetworkProfile } from './slow3g.bench.ts';

const PAGES = [
  { path: '/cek', ready: '#status-province option[value="52"]', input: '#status-nik' },
  { path: '/lapor', ready: '#complaint-province option[value="52"]', input: '#complaint-subject-nik' },
  { path: '/lacak', ready: undefined, input: '#track-code' },
] as const;

async function measure(system: System, browser: Browser, profile: NetworkProfile, page: (typeof PAGES)[number]) {
  const { context, page: tab, transfers } = await throttledPage(browser, system.baseUrl, profile);
  try {
    const started = performance.now();
    await tab.goto(page.path, { waitUntil: 'commit' });
    await tab.locator(`${page.input}:not([disabled])`).waitFor({ timeout: 120_000 });
    if (page.ready) await tab.locator(page.ready).waitFor({ state: 'attached', timeout: 120_000 });
    const usableMs = performance.now() - started;
    const jsCssBytes = sum(transfers, (t) => t.type === 'Script' || t.type === 'Stylesheet');
    return { usableMs, jsCssBytes, requests: transfers.length };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const system = await startSystem();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    await measure(system, browser, PROFILES[0] as NetworkProfile, PAGES[0]); // warm the services
    for (const profile of PROFILES)
      for (const page of PAGES) {
        const run = await measure(system, browser, profile, page);
        console.log(
          JSON.stringify({
            bench: 'console-public-first-visit',
            profile: profile.name,
            page: page.path,
            usableMs: Math.round(run.usableMs),
            jsCssBytes: run.jsCssBytes,
            requests: run.requests,
            goalUsableMs: GOALS.formUsableMs,
            goalJsCssBytes: GOALS.jsCssBytes,
            meetsGoals: run.usableMs < GOALS.formUsableMs && run.jsCssBytes < GOALS.jsCssBytes,
          }),
        );
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
