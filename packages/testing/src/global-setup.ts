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
  const external = process.env['TEST_DATABASE_URL'];
  if (external) {
    project.provide('pgAdminUrl', external);
    return async () => undefined;
  }
  const server = await startPostgres();
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
