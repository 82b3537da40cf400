import { KafkaOffsetOutOfRangeError } from '@siks/bus';
import { migrate, type MigrationSet } from '@siks/pg';
import { connectPlatform, type Platform, type PlatformConfig } from './platform.ts';

/** The few logger methods start-up needs (pino's fit). */
export interface StartupLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  fatal(fields: object, message: string): void;
}

export interface OpenServiceOptions {
  service: string;
  /** The service's own schema (read models, inbox-like tables). */
  migrations: MigrationSet;
  logger: StartupLogger;
  /** Called before the process exits on a failed start (e.g. flush telemetry). */
  onFatal?: () => Promise<void>;
}

/**
 * What every service's `main.ts` does first: connect to the platform, apply the service's own
 * migrations, and on failure log why and exit 1 — one place instead of one copy per service.
 */
export async function openServicePlatform(config: PlatformConfig, options: OpenServiceOptions): Promise<Platform> {
  const { logger } = options;
  let platform: Platform | undefined;
  try {
    platform = await connectPlatform(config, {
      service: options.service,
      // Messages a consumer group skipped are lost to it: not a passing error.
      onError: (error) =>
        error instanceof KafkaOffsetOutOfRangeError
          ? logger.error({ err: error }, 'Kafka consumer skipped messages the broker no longer has')
          : logger.warn({ err: error }, 'platform error; retrying'),
    });
    const applied = await migrate(platform.pool, [options.migrations]);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    return platform;
  } catch (error) {
    logger.fatal({ err: error }, platform ? 'migrations failed' : 'could not connect to the platform');
    await platform?.close().catch(() => undefined);
    await options.onFatal?.().catch(() => undefined);
    process.exit(1);
  }
}
