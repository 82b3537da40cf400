/**
 * Runs `check` until it passes or `timeoutMs` has passed, then rethrows its last failure.
 * For waiting on asynchronous delivery only; it asserts nothing about speed.
 */
export async function eventually(check: () => void | Promise<void>, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
