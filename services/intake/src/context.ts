import type { EventStore } from '@siks/eventstore';
import type { Pool } from '@siks/pg';
import type { Keyring } from '@siks/pii';
import type { PersonalReadLog } from '@siks/service-kit/access';
import type { Regions } from '@siks/wilayah';
import type { Config } from './config.ts';
import type { AnswerStore } from './proposals/idempotency.ts';
import type { WindowConfig } from '@siks/contracts';

/** What the routes and the import runner share: built once by `build(deps)`. */
export interface IntakeContext {
  config: Config;
  pool: Pool;
  store: EventStore;
  /** Seals and opens personal data, computes blind indexes. */
  keyring: Keyring;
  regions: Regions;
  windows: WindowConfig;
  clock: () => Date;
  /** New ids (UUIDv7). */
  newId: () => string;
  /** `Idempotency-Key` answers, saved in batches. */
  answers: AnswerStore;
  /** Records reads of personal data as events and keeps the daily budget of list rows. */
  reads: PersonalReadLog;
}
