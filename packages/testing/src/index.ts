export { startPostgres, freePort, type RunningPostgres, type StartPostgresOptions } from './embedded-postgres.ts';
export { cloneDatabase, createDatabase, dropDatabase, withDatabase } from './test-database.ts';
export * from './generate/index.ts';
export {
  tamperAsSuperuser,
  tamperWithEvents,
  type Connection as TamperConnection,
  type TamperTarget,
} from './tamper.ts';
export { ID_NUMBER } from './personal-data.ts';
export { httpStatus } from './http-status.ts';
export { startOtlpReceiver, type OtlpCounts, type OtlpReceiver } from './otlp-receiver.ts';
export { swappable } from './swappable.ts';
