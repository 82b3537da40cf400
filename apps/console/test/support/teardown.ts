import type { Browser, BrowserContext } from 'playwright-core';
import type { System } from './system.ts';

/**
 * What a browser test file started, closed in order: its contexts, the browser, then the system.
 * Every step runs even when one before it fails (a context already closed by a crash, a browser
 * that never launched), so a failed test never leaves services or Chromium behind; the first
 * failure of the browser or the system is thrown after all of them ran.
 */
export async function tearDown(started: {
  contexts?: readonly BrowserContext[];
  browser?: Browser | undefined;
  system?: System | undefined;
}): Promise<void> {
  for (const context of started.contexts ?? []) await context.close().catch(() => undefined);
  const failures: unknown[] = [];
  await started.browser?.close().catch((error: unknown) => failures.push(error));
  await started.system?.stop().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}
