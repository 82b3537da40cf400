/**
 * docker-compose.yml read as Docker Compose reads it, for the tests that check it without Docker:
 * YAML with merge keys (`<<: *service`), then Compose's variable interpolation
 * (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `$$`),
 * defaults nested as Compose allows.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encodeKeyForEnv, generateSigningKeys } from '@siks/service-kit';
import { parse } from 'yaml';

export const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** The services built from this repository (the rest are images: postgres, kafka, …). */
export const APP_SERVICES = ['gateway', 'intake', 'document', 'verification', 'registry', 'reporting'] as const;
export type AppService = (typeof APP_SERVICES)[number];

export class MissingVariable extends Error {}

/** Compose's interpolation of one value. Throws `MissingVariable` for `${VAR:?…}` when VAR is unset or empty. */
export function interpolate(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '$') {
      out += text[i++];
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      out += expression(text.slice(i + 2, end), vars);
      i = end + 1;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (!name) throw new Error(`bad "$" in ${JSON.stringify(text)}`);
      out += vars[name] ?? '';
      i += 1 + name.length;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unclosed "\${" in ${JSON.stringify(text)}`);
}

function expression(body: string, vars: Readonly<Record<string, string | undefined>>): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([\s\S]*))?$/.exec(body);
  if (!match) throw new Error(`bad "\${${body}}"`);
  const [, name = '', colon, operator, rest = ''] = match;
  const value = vars[name];
  const unset = colon ? value === undefined || value === '' : value === undefined;
  if (operator === '-') return unset ? interpolate(rest, vars) : (value ?? '');
  if (operator === '?') {
    if (unset) throw new MissingVariable(`${name}: ${interpolate(rest, vars)}`);
    return value ?? '';
  }
  return value ?? '';
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: unknown;
  restart?: string;
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string; required?: boolean }>;
  healthcheck?: { test?: unknown };
  environment: Record<string, string>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Interpolates every string in the parsed file (Compose does it before reading the model). */
function interpolateAll(value: unknown, vars: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, vars)]));
  }
  return value;
}

/** docker-compose.yml, interpolated with `vars`; environment values as strings (as containers see them). */
export async function loadCompose(vars: Readonly<Record<string, string | undefined>>): Promise<ComposeFile> {
  const raw = parse(await readFile(repoFile('docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
  const file = interpolateAll(raw, vars) as ComposeFile;
  for (const service of Object.values(file.services)) {
    service.environment = Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]),
    );
  }
  return file;
}

/** The variables docker-compose.yml requires, with plausible values (fresh keys, URL-safe passwords). */
export async function composeTestVars(): Promise<Record<string, string>> {
  const keys = await generateSigningKeys();
  const password = (): string => randomBytes(18).toString('hex');
  return {
    POSTGRES_PASSWORD: password(),
    ...Object.fromEntries(
      [...APP_SERVICES, 'eventstore', 'keyring'].map((name) => [`SIKS_${name.toUpperCase()}_DB_PASSWORD`, password()]),
    ),
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_PRIVATE_KEY: encodeKeyForEnv(keys.privateKey),
    GRAFANA_ADMIN_PASSWORD: password(),
  };
}
