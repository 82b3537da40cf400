export { startPostgres, freePort, type RunningPostgres, type StartPostgresOptions } from './embedded-postgres.ts';
export { createDatabase, dropDatabase, withDatabase } from './test-database.ts';
export * from './generate/index.ts';
export { tamperWithEvents, type TamperTarget } from './tamper.ts';
export { ID_NUMBER } from './personal-data.ts';
