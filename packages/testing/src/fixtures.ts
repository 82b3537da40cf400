import { afterAll, inject } from 'vitest';
import { createDatabase, dropDatabase } from './test-database.ts';

/**
 * A fresh database for the calling test file, dropped after the file's tests.
 * Call at the top level of a test file or inside `beforeAll`.
 */
export async function useTestDatabase(prefix = 'test'): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const url = await createDatabase(adminUrl, prefix);
  afterAll(async () => {
    await dropDatabase(adminUrl, url);
  });
  return url;
}
