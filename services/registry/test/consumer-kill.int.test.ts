import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { deterministicId, Topics, type ContentRecord } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { PROPOSAL_CONSUMER } from '../src/applying/handler.ts';
import { migrations } from '../src/migrations.ts';
import { appendProposal, approvedProposal, household, member, nik, sealHousehold, VILLAGE_A } from './fixtures.ts';
import { eventually } from './harness.ts';

const url = await useTestDatabase('registry_kill');
const platform = await createTestPlatform(url, 'registry-kill');
await migrate(platform.pool, [migrations]);
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await platform.close();
});

const PROPOSALS = 160;
const EVENTS_PER_PROPOSAL = 3; // drafted, submitted, approved
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./consumer-child.ts', import.meta.url));

/** Starts the consumer process; resolves once it printed `line`. */
function startChild(env: Record<string, string>, line: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.split('\n').includes(line)) resolve(child);
    });
    child.on('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before ${line}: ${stderr}`)));
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await platform.pool.query<{ n: number }>(sql, values);
  return rows[0]?.n ?? 0;
}
const householdEvents = () =>
  count(`SELECT count(*)::int AS n FROM eventstore.events WHERE stream_id LIKE 'household-%'`);
const applications = () => count('SELECT count(*)::int AS n FROM registry.applications');

describe('the proposal consumer killed mid-batch', () => {
  it('applies every event exactly once after a restart', async () => {
    const proposalIds = Array.from({ length: PROPOSALS }, (_, i) => deterministicId('kill-test', String(i)));
    for (let from = 0; from < PROPOSALS; from += 25) {
      await Promise.all(
        proposalIds.slice(from, from + 25).map(async (proposalId, offset) => {
          const content: ContentRecord = {
            type: 'new_household',
            household: await sealHousehold(
              platform.keyring,
              proposalId,
              household(VILLAGE_A, [member(nik(1000 + from + offset), { relationship: 'kepala_keluarga' })]),
            ),
          };
          const script = approvedProposal({ proposalId, type: 'new_household', regionCode: VILLAGE_A, content });
          await appendProposal(platform.store, script);
        }),
      );
    }
    const relay = platform.startRelay(Topics.intakeProposals, ['proposal-']);
    await relay.caughtUp();

    // First run: stops inside a batch (after a first batch committed) and is killed there.
    const first = await startChild({ PAUSE_AFTER: '100' }, 'PAUSED');
    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');
    const appliedBeforeKill = await householdEvents();
    const committedBeforeKill = await applications();
    // The killed batch had appended households whose approvals it never committed.
    expect(appliedBeforeKill).toBeGreaterThan(committedBeforeKill);
    expect(appliedBeforeKill).toBeLessThan(PROPOSALS);
    expect(
      await count('SELECT count(*)::int AS n FROM bus.inbox WHERE consumer = $1', [PROPOSAL_CONSUMER]),
    ).toBeLessThan(100);

    // Restart: it takes the partitions over once the dead member's session expires, and finishes.
    const second = await startChild({}, 'READY');
    await eventually(async () => ((await applications()) === PROPOSALS ? true : undefined), 60_000);
    second.kill('SIGTERM');
    await exited(second);

    expect(await householdEvents()).toBe(PROPOSALS);
    const perStream = await platform.pool.query<{ stream_id: string; n: number }>(
      `SELECT stream_id, count(*)::int AS n FROM eventstore.events WHERE stream_id LIKE 'household-%' GROUP BY stream_id`,
    );
    expect(perStream.rows).toHaveLength(PROPOSALS);
    expect(perStream.rows.every((row) => row.n === 1)).toBe(true);
    expect(new Set(perStream.rows.map((row) => row.stream_id))).toEqual(
      new Set(proposalIds.map((id) => `household-${deterministicId(id, 'household')}`)),
    );
    expect(await count(`SELECT count(*)::int AS n FROM registry.applications WHERE outcome = 'applied'`)).toBe(
      PROPOSALS,
    );
    expect(await count('SELECT count(*)::int AS n FROM registry.proposal_contents')).toBe(PROPOSALS);
    expect(await count('SELECT count(*)::int AS n FROM bus.inbox WHERE consumer = $1', [PROPOSAL_CONSUMER])).toBe(
      PROPOSALS * EVENTS_PER_PROPOSAL,
    );
    await relay.stop();
  });
});
