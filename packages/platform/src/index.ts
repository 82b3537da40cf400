export {
  connectPlatform,
  createTestPlatform,
  type Platform,
  type PlatformConfig,
  type ConnectOptions,
} from './platform.ts';
export { platformMigrations } from './migrations.ts';
export { topicSpecs, TOPIC_PARTITIONS } from './topics.ts';
export { openServicePlatform, type OpenServiceOptions, type StartupLogger } from './open-service.ts';
export { consumerReadiness, type ConsumerHealthConfig } from './readiness.ts';
