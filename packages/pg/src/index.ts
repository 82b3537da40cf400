export { createPool, type Pool, type PoolClient, type PoolOptions, type Queryable } from './pool.ts';
export { withTransaction } from './transaction.ts';
export { migrate, type Migration, type MigrationSet } from './migrate.ts';
export { createStatisticsKeeper, type StatisticsKeeper, type StatisticsKeeperOptions } from './statistics.ts';
