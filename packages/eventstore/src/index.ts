export type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  StreamVerification,
} from './port.ts';
export { DuplicateEventIdError, WrongExpectedRevisionError } from './errors.ts';
export { canonicalJson } from './canonical-json.ts';
export { compareLogPositions, formatLogPosition, parseLogPosition, type LogPositionParts } from './log-position.ts';
export { createPostgresEventStore, withGroupCommit, type PostgresEventStoreOptions } from './postgres/store.ts';
export type { GroupCommitOptions } from './postgres/group-commit.ts';
export { eventstoreMigrations } from './postgres/migrations.ts';
export { APPENDED_CHANNEL, type NotifyMode } from './postgres/notify.ts';
export {
  canonicalEvent,
  chainHash,
  checkLink,
  GENESIS_HASH,
  linkHash,
  startChain,
  type ChainFailure,
  type ChainState,
  type HashedEventFields,
  type StoredLink,
} from './chain.ts';
export { verifyHashChains, verifyStreamChain, type VerifyOptions, type VerifyResult } from './postgres/verify.ts';
export { startSubscription, type Subscription, type SubscriptionOptions } from './subscription.ts';
export { subscriptionMigrations } from './subscription-migrations.ts';
export { createKurrentEventStore, type KurrentEventStore, type KurrentEventStoreOptions } from './kurrentdb/store.ts';
export { createEventStoreFromUrl, isKurrentDbUrl, type EventStoreFromUrlOptions } from './factory.ts';
export { streamChainReport } from './chain-report.ts';
export { APPEND_FUNCTIONS, eventStoreGrantsSql } from './postgres/roles.ts';
export * from './transparency/index.ts';
