import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateSigningKeys } from '@siks/service-kit';
import { exportSigningKeyPath } from './services.ts';

/** The keys of the embedded default, kept in `.data/keys` (never used in production). */
export interface DevKeys {
  /** Ed25519, PEM. */
  jwtPrivateKey: string;
  jwtPublicKey: string;
  /** 32 bytes, base64. */
  piiMasterKey: string;
  piiBlindIndexKey: string;
}

const FILES = {
  jwtPrivateKey: 'jwt-private.pem',
  jwtPublicKey: 'jwt-public.pem',
  piiMasterKey: 'pii-master.key',
  piiBlindIndexKey: 'pii-blind-index.key',
} as const;

async function readKeys(dir: string): Promise<DevKeys | undefined> {
  try {
    const entries = await Promise.all(
      Object.entries(FILES).map(async ([field, file]) => [field, (await readFile(join(dir, file), 'utf8')).trim()]),
    );
    const keys = Object.fromEntries(entries) as Record<keyof DevKeys, string>;
    return { ...keys, jwtPrivateKey: `${keys.jwtPrivateKey}\n`, jwtPublicKey: `${keys.jwtPublicKey}\n` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads the dev keys from `dir`, creating them the first time (files readable by the owner
 * only). A partial set is an error: replacing one key would make existing data unreadable.
 */
export async function ensureDevKeys(dir: string): Promise<{ keys: DevKeys; created: boolean }> {
  const existing = await readKeys(dir);
  if (existing) return { keys: existing, created: false };
  const present = await Promise.all(
    Object.values(FILES).map((file) =>
      readFile(join(dir, file)).then(
        () => file,
        () => undefined,
      ),
    ),
  );
  const partial = present.filter((file) => file !== undefined);
  if (partial.length > 0) {
    throw new Error(
      `${dir} holds only some of the dev keys (${partial.join(', ')}); restore the others or remove the folder`,
    );
  }
  const signing = await generateSigningKeys();
  const keys: DevKeys = {
    jwtPrivateKey: signing.privateKey,
    jwtPublicKey: signing.publicKey,
    piiMasterKey: randomBytes(32).toString('base64'),
    piiBlindIndexKey: randomBytes(32).toString('base64'),
  };
  // The parent (.data) stays traversable: as root, PostgreSQL runs as another user beneath it.
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  for (const [field, file] of Object.entries(FILES) as [keyof DevKeys, string][]) {
    await writeFile(join(dir, file), keys[field], { mode: 0o600, flag: 'wx' });
  }
  return { keys, created: true };
}

/**
 * The Ed25519 key that signs audit-log checkpoints (PEM, PKCS#8), read from `path` and created
 * there the first time when `create` is set (the embedded default's `.data/keys`). It must not
 * live in the database: whoever can rewrite the database must not be able to sign its new root.
 */
export async function ensureAuditSigningKey(
  path: string,
  options: { create: boolean },
): Promise<{ privateKey: string; created: boolean }> {
  try {
    return { privateKey: await readFile(path, 'utf8'), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !options.create) throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, privateKey, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it meanwhile: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { privateKey: await readFile(path, 'utf8'), created: false };
    throw error;
  }
  return { privateKey, created: true };
}

/**
 * The registry's export signing key for a launcher's data folder: an Ed25519 key like the audit's,
 * created at `exportSigningKeyPath(dataDir)` unless the environment names one. Every launcher that
 * passes that path to the registry (`serviceSpecs`) must call this first. True when created.
 */
export async function ensureExportSigningKey(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  if (env['EXPORT_SIGNING_KEY'] || env['EXPORT_SIGNING_KEY_FILE']) return false;
  return (await ensureAuditSigningKey(exportSigningKeyPath(dataDir), { create: true })).created;
}
