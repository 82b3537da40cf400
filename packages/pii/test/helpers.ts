import { randomBytes } from 'node:crypto';
import type { NewEvent } from '@siks/contracts';
import { testEvent } from '@siks/testing/events';
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

/** An event of `type` recorded by a village operator, with `data` as given. */
export const operatorEvent = (type: string, data: Record<string, unknown>): NewEvent =>
  testEvent({
    type,
    data,
    actor: { userId: 'operator-1', role: 'operator_desa', regionCode: '52.02.01.1001' },
    occurredAt: '2025-06-30T02:00:00.000Z',
  });
