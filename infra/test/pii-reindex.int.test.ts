/**
 * `pnpm siks pii reindex` (docs/security.md "How to rotate keys"): after a new blind-index key, the
 * command maps the indexes of the log to it, reports its progress, and is idempotent; bad settings
 * are named without their values, and nothing it prints holds a NIK or a key.
 */
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@siks/contracts';
import { createPostgresEventStore, eventstoreMigrations } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { createKeyring, piiMigrations } from '@siks/pii';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { runPii } from '../src/cli/pii.ts';

const url = await useTestDatabase('pii_reindex_cli');
const pool = createPool({ url, max: 2, applicationName: 'pii-reindex-cli-test' });
await migrate(pool, [eventstoreMigrations, piiMigrations]);
const store = createPostgresEventStore({ pool });
afterAll(async () => {
  await store.close();
  await pool.end();
});

const [master, keyA, keyB] = [randomBytes(32), randomBytes(32), randomBytes(32)] as [Buffer, Buffer, Buffer];
const NIK = '5202011204870001';
const underA = createKeyring({ pool, masterKey: master, blindIndexKey: keyA });
const [index] = await underA.identityIndexes('nik', [NIK]);
const proposalId = uuidv7();
await store.append(
  `proposal-${proposalId}`,
  [
    {
      eventId: uuidv7(),
      type: 'ProposalDrafted',
      schemaVersion: 1,
      data: { person: { nikIndex: index, personal: await underA.seal(`person:${index}`, { nik: NIK }, 'person') } },
      metadata: {
        actor: { userId: 'op', role: 'operator_desa', regionCode: '52.02.01.1001' },
        channel: 'operator',
        occurredAt: '2025-06-30T02:00:00.000Z',
        correlationId: proposalId,
        causationId: null,
      },
    },
  ],
  'any',
);

async function run(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPii(['reindex', ...args], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { DATABASE_URL: url, PII_MASTER_KEY: master.toString('base64'), ...env },
    readNik: () => Promise.resolve(''),
  });
  const printed = [...out, ...err].join('');
  for (const secret of [NIK, index!, master.toString('base64'), keyA.toString('base64'), keyB.toString('base64')])
    expect(printed).not.toContain(secret);
  return { code, out: out.join(''), err: err.join('') };
}

const rotated = { PII_BLIND_INDEX_KEY: keyB.toString('base64'), PII_BLIND_INDEX_KEY_PREVIOUS: keyA.toString('base64') };

describe('pnpm siks pii reindex', () => {
  it('maps the log to the new key once, and B alone then finds the person', async () => {
    const first = await run(['--batch', '1'], rotated);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/1 event\(s\) read, 1 alias\(es\) written, 0 sealed value\(s\) unreadable/);
    expect(first.err).toContain('pii reindex: 1 event(s) read');
    const again = await run([], rotated);
    expect(again.out).toMatch(/0 alias\(es\) written/);
    const alone = createKeyring({ pool, masterKey: master, blindIndexKey: keyB });
    expect(await alone.identityIndexes('nik', [NIK])).toEqual([index]);
  });

  it('names a bad setting or flag without its value', async () => {
    const bad = await run([], { ...rotated, PII_BLIND_INDEX_KEY_PREVIOUS: 'c2hvcnQ=' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('PII_BLIND_INDEX_KEY_PREVIOUS must be 32 bytes');
    expect(bad.err).not.toContain('c2hvcnQ=');
    expect((await run(['--batch', '0'], rotated)).code).toBe(2);
  });
});
