import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Nik } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { connectPlatform, type PlatformConfig } from '@siks/platform';
import { loadKafkaSecurity } from '@siks/service-kit';
import { migrations } from '../migrations.ts';
import { forgetPerson } from './forget.ts';
import { ErasureReason } from './routes.ts';

/**
 * `pnpm siks pii forget` runs this file (infra/src/cli/pii.ts): the same forgetting as
 * `POST /v1/intake/persons/forget`, for an operator of the system at a console. The NIK comes on
 * standard input (first line), never as an argument, so it shows in no process list; the
 * output names the erasure, never the person. National scope: the actor is `cli:<OS user>`.
 */
async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

const out = (text: string) => void process.stdout.write(text);
const err = (text: string) => void process.stderr.write(text);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { reason: { type: 'string' } }, strict: true });
  const nik = Nik.safeParse((await firstLine()).replace(/[\s.-]/g, ''));
  if (!nik.success) {
    err('pii forget: the NIK on standard input must be 16 digits\n');
    return 2;
  }
  const reason = ErasureReason.safeParse(values.reason ?? '');
  if (!reason.success) {
    err('pii forget: --reason is required: 10 to 500 characters, without a NIK or KK number\n');
    return 2;
  }
  const env = process.env;
  if (!env['DATABASE_URL']) {
    err('pii forget: DATABASE_URL is not set\n');
    return 2;
  }
  // What the platform needs, as the services read it (no HTTP settings: this serves no requests).
  const config: PlatformConfig = {
    DATABASE_URL: env['DATABASE_URL'],
    EVENTSTORE_URL: env['EVENTSTORE_URL'],
    BUS_URL: env['BUS_URL'],
    KEYRING_URL: env['KEYRING_URL'],
    PII_MASTER_KEY: env['PII_MASTER_KEY'],
    PII_BLIND_INDEX_KEY: env['PII_BLIND_INDEX_KEY'],
    PII_BLIND_INDEX_KEY_PREVIOUS: env['PII_BLIND_INDEX_KEY_PREVIOUS'],
    PII_MASTER_KEY_VERSION: Number(env['PII_MASTER_KEY_VERSION'] ?? '1'),
    PII_PREVIOUS_MASTER_KEYS: env['PII_PREVIOUS_MASTER_KEYS'],
    ...loadKafkaSecurity(env), // TLS/SASL of a Kafka bus, checked as the services check them
  };
  const platform = await connectPlatform(config, { service: 'intake-cli' });
  try {
    await migrate(platform.pool, [migrations]);
    const now = new Date();
    const outcome = await forgetPerson(platform, {
      nik: nik.data,
      reason: reason.data,
      inScope: () => true,
      national: true,
      metadata: {
        actor: { userId: `cli:${userInfo().username}`.slice(0, 200), role: 'system', regionCode: '' },
        channel: 'system',
        occurredAt: now.toISOString(),
        correlationId: `cli-${now.getTime()}`,
        causationId: null,
      },
    });
    if (outcome.kind === 'not_found') throw new Error('unreachable: national scope finds every person');
    out(
      `${outcome.alreadyForgotten ? 'already forgotten' : 'forgotten'}: erasure ${outcome.erasureId}, ` +
        `${outcome.proposals} proposal(s), ${outcome.households} household(s) with their evidence\n`,
    );
    return 0;
  } finally {
    await platform.close();
  }
}

process.exitCode = await main();
