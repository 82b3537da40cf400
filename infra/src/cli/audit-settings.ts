import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LATEST, verifierKey, VKEY_FILE } from '@siks/eventstore';
import { layout } from '../paths.ts';
import type { CliIo } from './io.ts';

/**
 * Where the audit commands keep what must stay outside the database: the signing key
 * (`AUDIT_SIGNING_KEY`, a PEM file; by default `.data/keys/audit-signing.pem`, created on first
 * use) and the published checkpoints (`AUDIT_CHECKPOINT_DIR`, by default
 * `.data/audit-checkpoints`), and the log's name in its checkpoints (`AUDIT_LOG_ORIGIN`).
 */
export interface AuditSettings {
  checkpointDir: string;
  signingKeyPath: string;
  /** Only the default key is created when missing; a configured path must exist. */
  createSigningKey: boolean;
  origin: string;
}

export const DEFAULT_ORIGIN = 'siks.local/eventstore';

export function auditSettings(io: CliIo, checkpointDirFlag: string | undefined): AuditSettings {
  const paths = layout(io.env);
  const configuredKey = io.env['AUDIT_SIGNING_KEY'];
  return {
    checkpointDir: resolve(
      checkpointDirFlag ?? io.env['AUDIT_CHECKPOINT_DIR'] ?? join(paths.dataDir, 'audit-checkpoints'),
    ),
    signingKeyPath: resolve(configuredKey ?? join(paths.keysDir, 'audit-signing.pem')),
    createSigningKey: configuredKey === undefined,
    origin: io.env['AUDIT_LOG_ORIGIN'] ?? DEFAULT_ORIGIN,
  };
}

const readIfPresent = (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').then(
    (text) => text,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );

/**
 * The key checkpoints are checked against, and where it came from: `--vkey FILE`, else
 * `AUDIT_VERIFIER_KEY` (a file), else derived from the signing key, else the `public.vkey`
 * beside the checkpoints (the weakest: whoever can replace the checkpoints can replace it).
 */
export async function resolveVerifierKey(
  settings: AuditSettings,
  io: CliIo,
  flag: string | undefined,
): Promise<{ vkey: string; source: string } | undefined> {
  const pinned = flag ?? io.env['AUDIT_VERIFIER_KEY'];
  if (pinned) {
    const text = await readIfPresent(pinned);
    if (text === undefined) throw new Error(`verifier key ${pinned} not found`);
    return { vkey: text.trim(), source: pinned };
  }
  const privateKey = await readIfPresent(settings.signingKeyPath);
  if (privateKey) return { vkey: verifierKey(settings.origin, privateKey), source: settings.signingKeyPath };
  const published = await readIfPresent(join(settings.checkpointDir, VKEY_FILE));
  if (published) return { vkey: published.trim(), source: `${join(settings.checkpointDir, VKEY_FILE)} (not pinned)` };
  return undefined;
}

export const latestCheckpointPath = (settings: AuditSettings): string => join(settings.checkpointDir, LATEST);

export { readIfPresent };
