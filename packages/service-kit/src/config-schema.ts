import { isIP } from 'node:net';
import { z } from 'zod';
import { kafkaSecurityIssues, kafkaSecurityShape } from './kafka-config.ts';

/** A TCP port, with a default. */
export const portVar = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

/** A positive integer (milliseconds, bytes, counts), with a default. */
export const intVar = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** A URL whose scheme is one of `protocols` (without the colon). */
export const urlVar = (protocols: readonly string[]) =>
  z
    .string()
    .refine((value) => URL.canParse(value), 'must be a URL')
    .refine(
      (value) => URL.canParse(value) && protocols.includes(new URL(value).protocol.slice(0, -1)),
      `must start with ${protocols.map((protocol) => `${protocol}://`).join(' or ')}`,
    );

/** A secret key given as base64 that decodes to exactly `bytes` bytes. */
export const base64KeyVar = (bytes: number) =>
  z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === bytes,
      `must be ${bytes} bytes encoded as base64`,
    );

/** "true"/"false"/"1"/"0"/"yes"/"no"/"on"/"off". */
export const boolVar = (fallback: boolean) => z.stringbool().default(fallback);

const postgresUrl = urlVar(['postgres', 'postgresql']);

/** Names proxy-addr (fastify's trustProxy) knows for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or a named range (`loopback`). */
function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies in front of the service are trusted to name the client (`X-Forwarded-For`),
 * as fastify's `trustProxy` takes it: `false` (none: the socket's address is the client),
 * a hop count (`1`: the address the nearest proxy saw), or the proxies' addresses and CIDR
 * ranges, comma-separated. `true` trusts every hop, so any client can forge its address:
 * only for a service no client reaches but through the proxy.
 */
export const trustProxyVar = (fallback: false) =>
  z
    .string()
    .trim()
    .transform((value, ctx): boolean | number | string[] => {
      if (value === 'false') return false;
      if (value === 'true') return true;
      if (/^\d{1,2}$/.test(value)) return Number(value);
      const entries = value.split(',').map((entry) => entry.trim());
      if (entries.length > 0 && entries.every(isProxyAddress)) return entries;
      ctx.addIssue({ code: 'custom', message: 'must be false, true, a hop count, or proxy addresses/CIDR ranges' });
      return z.NEVER;
    })
    .default(fallback);

/** `host:port` of one Kafka broker (no user info: SASL credentials have their own variables). */
const KAFKA_BROKER = /^[^\s:@/,]+:\d{1,5}$/;

/**
 * `BUS_URL`: a PostgreSQL URL, or `kafka://host:port[,host:port…]`. A list of brokers is not a
 * WHATWG URL (the port would read `9092,k2`), so the Kafka form is checked on its own, by the
 * same rule `@siks/bus` parses it with.
 */
export const busUrlVar = () =>
  z.string().refine((value) => {
    const kafka = /^kafka:\/\/([^/?#]*)\/?$/i.exec(value);
    if (kafka) return (kafka[1] ?? '').split(',').every((broker) => KAFKA_BROKER.test(broker.trim()));
    return URL.canParse(value) && ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  }, 'must start with postgres:// or postgresql:// or be kafka://host:port[,host:port…]');

/**
 * Variables every service reads (DESIGN.md §3, §7, §8, §9). Extend it with `serviceConfigSchema`.
 * `EVENTSTORE_URL` and `BUS_URL` default to `DATABASE_URL` (the embedded default: PostgreSQL adapters).
 */
export const baseConfigShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: portVar(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: intVar(10),
  EVENTSTORE_URL: urlVar([
    'postgres',
    'postgresql',
    'kurrentdb',
    'kurrentdb+discover',
    'esdb',
    'esdb+discover',
  ]).optional(),
  BUS_URL: busUrlVar().optional(),
  /** Kafka bus: longest wait of one fetch for new messages, ms (a broker answers early when data arrives). */
  KAFKA_FETCH_MAX_WAIT_MS: intVar(5000),
  /** Kafka bus: consumer group session timeout, ms (heartbeats every tenth of it). */
  KAFKA_SESSION_TIMEOUT_MS: intVar(30_000),
  /** Kafka bus: TLS and SASL, all optional (`./kafka-config.ts`). */
  ...kafkaSecurityShape,
  /** Where the subject keys of personal data live (`pii` schema); default `DATABASE_URL` (docs/production-layout.md). */
  KEYRING_URL: postgresUrl.optional(),
  /** Ed25519 public key that verifies access tokens: PEM, or base64 of the PEM or of the DER (SPKI). */
  JWT_PUBLIC_KEY: z.string().optional(),
  /** Where to fetch the verification keys instead (the gateway's or an OIDC provider's JWKS). */
  JWKS_URL: urlVar(['http', 'https']).optional(),
  /** `iss` every access token must carry (the gateway mints it); always checked. */
  JWT_ISSUER: z.string().min(1).default('siks-gateway'),
  /** `aud` every access token must carry; always checked. */
  JWT_AUDIENCE: z.string().min(1).default('siks'),
  /** Master key of the envelope encryption of personal data (32 bytes, base64); required where PII is sealed. */
  PII_MASTER_KEY: base64KeyVar(32).optional(),
  /** Version of `PII_MASTER_KEY`, stored with every key it wraps; raise it when rotating (docs/security.md). */
  PII_MASTER_KEY_VERSION: intVar(1),
  /** Earlier master keys, `<version>:<base64>` comma-separated, while keys are re-wrapped (`pnpm siks pii rotate`). */
  PII_PREVIOUS_MASTER_KEYS: z.string().optional(),
  /** HMAC key of the blind indexes (32 bytes, base64). */
  PII_BLIND_INDEX_KEY: base64KeyVar(32).optional(),
  /** The blind-index key before a rotation, until `pnpm siks pii reindex` has run (docs/security.md). */
  PII_BLIND_INDEX_KEY_PREVIOUS: base64KeyVar(32).optional(),
  /** Telemetry is on only when this is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: urlVar(['http', 'https']).optional(),
  HTTP_BODY_LIMIT_BYTES: intVar(1_048_576),
  /** Time to receive a whole request. */
  HTTP_REQUEST_TIMEOUT_MS: intVar(30_000),
  /** Socket inactivity timeout. */
  HTTP_CONNECTION_TIMEOUT_MS: intVar(60_000),
  /** Longer than any proxy's idle timeout in front of the service. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: intVar(72_000),
  /** Requests per minute per client address (0 = unlimited). */
  HTTP_RATE_LIMIT_PER_MINUTE: intVar(600),
  TRUST_PROXY: trustProxyVar(false),
  SHUTDOWN_TIMEOUT_MS: intVar(15_000),
  /** `/health/ready` fails when one of the service's consumer groups is more messages behind on a topic (0: never). */
  HEALTH_MAX_CONSUMER_LAG: intVar(10_000),
  /** `/health/ready` fails when a consumer group's offset stood still this long while messages waited (0: never). */
  HEALTH_CONSUMER_STUCK_SECONDS: intVar(120),
};

const base = z.object(baseConfigShape);

/** The base configuration after defaults: what `createServiceApp` and `runService` read. */
export type BaseConfig = Omit<z.output<typeof base>, 'EVENTSTORE_URL' | 'BUS_URL'> & {
  EVENTSTORE_URL: string;
  BUS_URL: string;
};

/** The subset of the configuration the HTTP layer needs. */
export type HttpConfig = Pick<
  BaseConfig,
  | 'HTTP_BODY_LIMIT_BYTES'
  | 'HTTP_REQUEST_TIMEOUT_MS'
  | 'HTTP_CONNECTION_TIMEOUT_MS'
  | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'
  | 'HTTP_RATE_LIMIT_PER_MINUTE'
  | 'TRUST_PROXY'
>;

/**
 * A service's configuration schema: the base variables plus `extra` (which may override a base
 * variable, e.g. `PORT: portVar(3001)`). Requires `JWT_PUBLIC_KEY` or `JWKS_URL`.
 */
export function serviceConfigSchema<E extends z.core.$ZodLooseShape>(extra: E) {
  return base
    .extend(extra)
    .refine(
      (value: { JWT_PUBLIC_KEY?: unknown; JWKS_URL?: unknown }) => Boolean(value.JWT_PUBLIC_KEY || value.JWKS_URL),
      {
        message: 'required (or set JWKS_URL)',
        path: ['JWT_PUBLIC_KEY'],
        when: () => true,
      },
    )
    .superRefine((value, ctx) => {
      for (const issue of kafkaSecurityIssues(value as Parameters<typeof kafkaSecurityIssues>[0])) {
        ctx.addIssue({ code: 'custom', path: [issue.variable], message: issue.message });
      }
    })
    .transform((value) => {
      const fields = value as { EVENTSTORE_URL?: string; BUS_URL?: string; DATABASE_URL: string };
      return Object.assign(value, {
        EVENTSTORE_URL: fields.EVENTSTORE_URL ?? fields.DATABASE_URL,
        BUS_URL: fields.BUS_URL ?? fields.DATABASE_URL,
      });
    });
}
