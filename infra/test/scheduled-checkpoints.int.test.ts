import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedMigrations } from '../src/index.ts';
import { scheduleCheckpoints } from '../src/scheduled-checkpoints.ts';

const url = await useTestDatabase('scheduled_checkpoints');
const pool = createPool({ url, max: 1, applicationName: 'test-scheduled-checkpoints' });
await migrate(pool, sharedMigrations);
await pool.end();
const dataDir = await mkdtemp(join(tmpdir(), 'siks-scheduled-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('scheduled checkpoints (pnpm start)', () => {
  it('publishes a signed checkpoint on each round while the system runs, and none once stopped', async () => {
    const lines: string[] = [];
    const schedule = scheduleCheckpoints({
      databaseUrl: url,
      env: { SIKS_DATA_DIR: dataDir, AUDIT_CHECKPOINT_INTERVAL_MS: '200' },
      say: (line) => lines.push(line),
    });
    const deadline = Date.now() + 30_000;
    while (!lines.some((line) => line.startsWith('audit checkpoint:')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    schedule.stop();
    expect(lines.filter((line) => line.includes('failed'))).toEqual([]);
    expect(lines.some((line) => line.startsWith('audit checkpoint:'))).toBe(true);
    const files = await readdir(join(dataDir, 'audit-checkpoints'));
    expect(files).toContain('latest');
    // Stopped: no further round starts.
    const after = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lines.length).toBeLessThanOrEqual(after + 1);
  });

  it('is off with AUDIT_CHECKPOINT_INTERVAL_MS=0', async () => {
    const lines: string[] = [];
    scheduleCheckpoints({
      databaseUrl: url,
      env: { AUDIT_CHECKPOINT_INTERVAL_MS: '0' },
      say: (l) => lines.push(l),
    }).stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines).toEqual([]);
  });
});
