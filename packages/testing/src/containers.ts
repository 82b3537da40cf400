import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Real servers for the suites that need them, through testcontainers, where a Docker engine
 * exists (README, "What ran where"). A machine without Docker pays nothing: `dockerUnavailable`
 * looks only at the environment and for a socket file, and testcontainers is not even loaded
 * unless one of those says an engine may be there. `SIKS_TESTCONTAINERS=0` turns containers off,
 * `SIKS_TESTCONTAINERS=1` makes a missing engine an error instead of a skip.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** Kafka for the bus suite and the end-to-end flow: Confluent's build of Kafka 3.9, in KRaft mode. */
export const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.1';

const ROOT = new URL('../../../', import.meta.url);

/** The KurrentDB image `docker-compose.yml` pins (one place to change it). */
export function kurrentDbImage(composeText = readFileSync(new URL('docker-compose.yml', ROOT), 'utf8')): string {
  const image = /^ {2}kurrentdb:\n(?: {4}.*\n)*? {4}image: *(\S+)/m.exec(composeText)?.[1];
  if (!image) throw new Error('docker-compose.yml: no image for the kurrentdb service');
  return image;
}

/** Docker sockets testcontainers would find without DOCKER_HOST. */
function dockerSockets(env: Env): string[] {
  return [
    '/var/run/docker.sock',
    ...(env['XDG_RUNTIME_DIR'] ? [join(env['XDG_RUNTIME_DIR'], 'docker.sock')] : []),
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
  ];
}

/**
 * Why containers cannot run here, or undefined when a Docker engine may be there. Synchronous and
 * without I/O beyond checking for socket files, so suites decide at collection time.
 */
export function dockerUnavailable(
  env: Env = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const setting = env['SIKS_TESTCONTAINERS'];
  if (setting === '0' || setting === 'false') return 'SIKS_TESTCONTAINERS=0';
  if (setting === '1' || setting === 'true') return undefined;
  if (env['DOCKER_HOST'] || env['TESTCONTAINERS_HOST_OVERRIDE']) return undefined;
  if (dockerSockets(env).some((path) => exists(path))) return undefined;
  return 'no Docker engine (no DOCKER_HOST, no docker.sock; SIKS_TESTCONTAINERS=1 forces a try)';
}

/**
 * `dockerUnavailable`, then testcontainers' own check that the engine answers (only when a
 * socket or `DOCKER_HOST` said it may). An engine that does not answer is a skip, with the
 * reason, unless `SIKS_TESTCONTAINERS=1` asked for containers.
 */
export async function containerRuntimeUnavailable(env: Env = process.env): Promise<string | undefined> {
  const unavailable = dockerUnavailable(env);
  if (unavailable) return unavailable;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    if (env['SIKS_TESTCONTAINERS'] === '1' || env['SIKS_TESTCONTAINERS'] === 'true') throw error;
    return `Docker engine did not answer (${(error as Error).message.split('\n')[0] ?? ''})`;
  }
}

export interface RunningContainer {
  stop(): Promise<void>;
}

/** A KurrentDB node (insecure, as compose runs it) from the compose file's image; its connection string. */
export async function startKurrentDbContainer(): Promise<RunningContainer & { url: string }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(kurrentDbImage())
    .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
    .withStartupTimeout(120_000)
    .start();
  return {
    url: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}

/** A single Kafka broker (KRaft); its bootstrap address as `host:port`. */
export async function startKafkaContainer(): Promise<RunningContainer & { brokers: string[] }> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
  return {
    brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
    stop: async () => {
      await container.stop();
    },
  };
}
