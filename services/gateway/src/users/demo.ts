import { chmod, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { uuidv7 } from '@siks/contracts';
import type { Pool } from '@siks/pg';
import type { UserRole } from '@siks/service-kit';
import type { Regions } from '@siks/wilayah';
import { generatePassword, hashPassword, verifyPassword, type ScryptParams } from '../auth/password.ts';
import { setPasswordAndRecord } from './changes.ts';
import { findUserByUsername, insertUser, listDemoUsers, setPasswordHash } from './store.ts';
import { SYSTEM_ACTOR, type UserChangeBy, type UserLog } from './user-log.ts';

/** The demo regency: Kabupaten Lombok Tengah (NTB). */
export const DEMO_REGENCY = '52.02';
export const DEMO_USERS_FILE = 'demo-users.txt';
const DEMO_USER_COUNT = 7;
/** The demo regency's province (Nusa Tenggara Barat): its admin reads across regencies. */
const DEMO_PROVINCE = DEMO_REGENCY.slice(0, 2);

export interface DemoUserSpec {
  username: string;
  name: string;
  role: UserRole;
  regionCode: string;
}

/** `Praya` → `praya`, `Batu Nyala` → `batu-nyala`. */
export const slug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * Seven demo users: an operator for each of the first two villages of the regency's first district
 * and the first village of its second district, the regency's verifikator, admin and auditor, and
 * the province's admin (a dashboard from the province down).
 */
export function demoUserSpecs(regions: Regions): DemoUserSpec[] {
  const [first, second] = regions.childrenOf(DEMO_REGENCY);
  const villages = [
    ...(first ? regions.childrenOf(first.code).slice(0, 2) : []),
    ...(second ? regions.childrenOf(second.code).slice(0, 1) : []),
  ];
  if (villages.length < 3) throw new Error(`demo users: the region list has too few villages in ${DEMO_REGENCY}`);
  const regency = 'lomboktengah';
  return [
    ...villages.map((village) => ({
      username: `operator.${slug(village.name)}`,
      name: `Operator ${village.name}`,
      role: 'operator_desa' as const,
      regionCode: village.code,
    })),
    {
      username: `verifikator.${regency}`,
      name: 'Verifikator Lombok Tengah',
      role: 'verifikator_kabkota',
      regionCode: DEMO_REGENCY,
    },
    { username: `admin.${regency}`, name: 'Admin Lombok Tengah', role: 'admin_kabkota', regionCode: DEMO_REGENCY },
    { username: `auditor.${regency}`, name: 'Auditor Lombok Tengah', role: 'auditor', regionCode: DEMO_REGENCY },
    { username: 'admin.ntb', name: 'Admin Provinsi NTB', role: 'admin_provinsi', regionCode: DEMO_PROVINCE },
  ];
}

/** The demo seed acts as the system, at start-up. */
const DEMO_SEED: UserChangeBy = { actor: SYSTEM_ACTOR, channel: 'system', reason: 'demo users of pnpm start' };

export interface SeedOptions {
  pool: Pool;
  regions: () => Promise<Regions>;
  now: () => Date;
  /** Every demo user's password (`SIKS_DEMO_PASSWORD`); random ones otherwise. */
  password?: string | undefined;
  /** Where `demo-users.txt` goes (`SIKS_DATA_DIR`); no file without it. */
  dataDir?: string | undefined;
  scrypt?: ScryptParams | undefined;
  /** `NODE_ENV`: demo users, with passwords known to anyone who read the docs, never in production. */
  nodeEnv?: string | undefined;
  /** Records the demo users' creation and password resets (by the system) in the event log. */
  log?: UserLog | undefined;
}

export interface SeedResult {
  created: (DemoUserSpec & { password: string })[];
  /** Existing demo users whose password was set to the given one. */
  reset: string[];
  file?: string;
}

/**
 * Creates the demo users that do not exist yet (idempotent: a second start creates nothing and
 * loads no region list) and writes their credentials to `<dataDir>/demo-users.txt` (mode 0600).
 * With a fixed password, existing demo users get that password; their login back-off stays
 * (a restart must not wipe out the trace of someone guessing). Refused in production.
 */
export async function seedDemoUsers(options: SeedOptions): Promise<SeedResult> {
  if (options.nodeEnv === 'production') {
    throw new Error('SIKS_DEMO_USERS is refused with NODE_ENV=production: demo users have known passwords');
  }
  const existing = await listDemoUsers(options.pool);
  const reset: string[] = [];
  if (options.password !== undefined) {
    for (const user of existing) {
      if (await verifyPassword(options.password, user.passwordHash)) continue;
      const hash = await hashPassword(options.password, options.scrypt);
      if (options.log) await setPasswordAndRecord(options.pool, options.log, user.id, hash, DEMO_SEED);
      else await setPasswordHash(options.pool, user.id, hash);
      reset.push(user.username);
    }
  }
  if (existing.length >= DEMO_USER_COUNT) return { created: [], reset };
  const specs = demoUserSpecs(await options.regions());
  const present = new Set(existing.map((user) => user.username));
  const created: SeedResult['created'] = [];
  for (const spec of specs.filter((candidate) => !present.has(candidate.username))) {
    // A real user may hold a demo name: leave it alone.
    if (await findUserByUsername(options.pool, spec.username)) continue;
    const password = options.password ?? generatePassword();
    const now = options.now();
    const user = await insertUser(options.pool, {
      ...spec,
      id: uuidv7(now.getTime()),
      passwordHash: await hashPassword(password, options.scrypt),
      demo: true,
      now,
    });
    if (user) {
      created.push({ ...spec, password });
      const data = {
        userId: user.id,
        role: user.role,
        regionCode: user.regionCode,
        demo: true,
        passwordGenerated: options.password === undefined,
      };
      await options.log?.record('UserCreated', data, DEMO_SEED);
    }
  }
  if (created.length === 0 || options.dataDir === undefined) return { created, reset };
  const file = join(options.dataDir, DEMO_USERS_FILE);
  await mkdir(options.dataDir, { recursive: true });
  const handle = await open(file, 'a', 0o600);
  try {
    const header =
      (await handle.stat()).size === 0
        ? '# SIKS demo users, Kabupaten Lombok Tengah (52.02)\n# username\tpassword\trole\tregion\n'
        : '';
    const lines = created.map((user) => `${user.username}\t${user.password}\t${user.role}\t${user.regionCode}\n`);
    await handle.appendFile(header + lines.join(''));
  } finally {
    await handle.close();
  }
  await chmod(file, 0o600);
  return { created, reset, file };
}

/** Parses `demo-users.txt` (for tests and tools): username → password. */
export function parseDemoUsersFile(text: string): Map<string, string> {
  const users = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [username, password] = line.split('\t');
    if (username && password) users.set(username, password);
  }
  return users;
}
