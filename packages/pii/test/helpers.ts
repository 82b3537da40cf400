import { randomBytes } from 'node:crypto';
import { createPool, migrate, type Pool } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll } from 'vitest';
import { piiMigrations } from '../src/index.ts';

/** A fresh database with the pii schema, and a pool closed after the file's tests. */
export async function usePiiDatabase(): Promise<Pool> {
  const url = await useTestDatabase('pii');
  const pool = createPool({ url, max: 4, applicationName: 'pii-test' });
  afterAll(() => pool.end());
  await migrate(pool, [piiMigrations]);
  return pool;
}

export const newKey = (): Buffer => randomBytes(32);
