import type { Pool } from '@siks/pg';
import type { Regions } from '@siks/wilayah';
import type { TokenIssuer } from './auth/issuer.ts';
import type { SecondFactor } from './auth/totp/second-factor.ts';
import type { ScryptParams } from './auth/password.ts';
import type { Config } from './config.ts';
import type { UserLog } from './users/user-log.ts';

/** What the gateway's route plugins share (built once in `app.ts`). */
export interface GatewayContext {
  config: Config;
  pool: Pool;
  /** Undefined without `JWT_PRIVATE_KEY`: login answers 503. */
  issuer: TokenIssuer | undefined;
  now: () => Date;
  /** Holds a failed login's answer (slow-down); tests pass one that returns at once. */
  sleep: (ms: number) => Promise<void>;
  /** The region list, loaded on first use (about 60 MB: not at start). */
  regions: () => Promise<Regions>;
  /** scrypt cost of new hashes (tests use a cheap one). */
  scrypt: ScryptParams | undefined;
  /** Where user administration is recorded (the event store). */
  userLog: UserLog;
  /** TOTP second factor of administrators (auth/totp). */
  secondFactor: SecondFactor;
}
