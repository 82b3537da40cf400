export { runCli } from './cli/run.ts';
export { parseCommand, type Command } from './cli/parse.ts';
export { ExitCode, UsageError, type CliIo } from './cli/io.ts';
export { resolveDatabaseUrl } from './cli/database.ts';
export { sharedMigrations } from './migrations.ts';
export { ensureDevKeys, type DevKeys } from './keys.ts';
export { ensureDatabase, canConnect } from './database.ts';
export { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
export { bundleService } from './bundle.ts';
export { SERVICES, serviceSpecs } from './services.ts';
export { SupervisedService, residentBytes, RESTART_POLICY, type ServiceSpec } from './supervisor.ts';
export {
  layout,
  repoRoot,
  embeddedPgPort,
  embeddedAdminUrl,
  embeddedDatabaseUrl,
  EMBEDDED_DATABASE,
  type Layout,
} from './paths.ts';
