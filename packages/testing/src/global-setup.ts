import type { TestProject } from 'vitest/node';
import { startPostgres } from './embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the one PostgreSQL server of this test run. */
    pgAdminUrl: string;
  }
}

/**
 * Vitest global setup: one real PostgreSQL per test run. `TEST_DATABASE_URL` points the run
 * at an existing server instead (its user must be allowed to create databases).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode();
  const external = process.env['TEST_DATABASE_URL'];
  if (external) {
    project.provide('pgAdminUrl', external);
    return async () => undefined;
  }
  const server = await startPostgres();
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}

/**
 * `embedded-postgres` pulls in `async-exit-hook`, which calls `process.exit(0)` on
 * `beforeExit` and so would erase vitest's failing exit code: a red run would exit 0.
 * Remember the code before that hook runs and restore it on exit.
 */
function keepExitCode(): void {
  let kept: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    kept = process.exitCode;
  });
  process.on('exit', () => {
    if (kept) process.exitCode = kept;
  });
}
