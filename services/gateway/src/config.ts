import { fileURLToPath } from 'node:url';
import { base64KeyVar, boolVar, intVar, portVar, serviceConfigSchema, urlVar } from '@siks/service-kit';
import { z } from 'zod';

/** `<repo>/apps/console/dist`, where `pnpm build:console` writes the web console. */
export const defaultConsoleDir = (): string => fileURLToPath(new URL('../../../apps/console/dist', import.meta.url));

/** Configuration of the gateway service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3000),
  /** The one public entry serves the console's assets too: a higher ceiling per client address than the services'. */
  HTTP_RATE_LIMIT_PER_MINUTE: intVar(3000),
  /** Uploads stream through to the document service: as long as its own request timeout. */
  HTTP_REQUEST_TIMEOUT_MS: intVar(600_000),
  /** Ed25519 private key that signs the tokens the gateway issues (PEM or base64); unset: no login (503). */
  JWT_PRIVATE_KEY: z.string().optional(),
  /** Lifetime of an access token, seconds. */
  ACCESS_TOKEN_TTL_SECONDS: intVar(300),
  /** Lifetime of a login session (the refresh-token family; rotation does not extend it), seconds. */
  REFRESH_TOKEN_TTL_SECONDS: intVar(12 * 3600),
  /**
   * Wrong passwords in a row (per user name) that cost no wait; each further one makes the name
   * wait 1 s, then 2, 4, 8 … (see auth/throttle.ts). No hard lockout: a stranger cannot lock a
   * person out for long.
   */
  LOGIN_BACKOFF_AFTER_FAILURES: intVar(5),
  /** Longest wait between two login tries of one user name, seconds. */
  LOGIN_BACKOFF_MAX_SECONDS: intVar(60),
  /** Login attempts per minute per client address (0 = unlimited). */
  LOGIN_RATE_LIMIT_PER_MINUTE: intVar(30),
  /**
   * Seals the TOTP secrets of the second factor at rest (AES-256-GCM, 32 bytes base64; see
   * auth/totp/secret-box.ts). Unset: nobody can enrol (503) and a user with an active second
   * factor cannot sign in, so keep it once set. Never the PII master key: rotating that must not
   * lock administrators out.
   */
  AUTH_TOTP_KEY: base64KeyVar(32).optional(),
  /**
   * Administrators (admin_kabkota, admin_provinsi, pusdatin) must sign in with a TOTP code; one
   * without a second factor enrols while signing in. Needs AUTH_TOTP_KEY.
   */
  AUTH_REQUIRE_TOTP_FOR_ADMIN: boolVar(false),
  /** Extra origins (comma-separated) allowed to call the cookie-authenticated endpoints besides the gateway's own. */
  ALLOWED_ORIGINS: z.string().default(''),
  INTAKE_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3001'),
  DOCUMENT_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3002'),
  VERIFICATION_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3003'),
  REGISTRY_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3004'),
  REPORTING_URL: urlVar(['http', 'https']).default('http://127.0.0.1:3005'),
  /** Time an upstream service may take to answer (headers, and between body chunks), ms. */
  PROXY_TIMEOUT_MS: intVar(120_000),
  /** The built web console (index.html + assets/). */
  CONSOLE_DIR: z.string().min(1).optional(),
  /** Create the demo users of Kabupaten Lombok Tengah on start (embedded default only). */
  SIKS_DEMO_USERS: boolVar(false),
  /** Password of every demo user instead of random ones (browser tests). */
  SIKS_DEMO_PASSWORD: z.string().min(8).optional(),
  /** Where the embedded default keeps its data; demo credentials go to `<dir>/demo-users.txt`. */
  SIKS_DATA_DIR: z.string().optional(),
});

export type Config = ReturnType<typeof configSchema.parse>;
