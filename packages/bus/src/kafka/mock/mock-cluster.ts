import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { TopicSpec } from '../../port.ts';

const SOURCE = new URL('./mock-cluster.c', import.meta.url);
const HEADER = '/usr/include/librdkafka/rdkafka_mock.h';

export interface MockCluster {
  /** Bootstrap address, e.g. "127.0.0.1:39521". */
  bootstrap: string;
  stop(): Promise<void>;
}

/** Why the mock cluster cannot be built here, or undefined when it can. */
export function mockClusterUnavailable(): string | undefined {
  if (!existsSync(HEADER)) {
    return `librdkafka headers are missing (${HEADER}); install them with: apt-get install -y librdkafka-dev gcc libc6-dev`;
  }
  if (!['/usr/bin/cc', '/usr/local/bin/cc', '/bin/cc'].some((path) => existsSync(path))) {
    return 'no C compiler (cc) to build the Kafka mock cluster; install it with: apt-get install -y gcc libc6-dev';
  }
  return undefined;
}

/** Compiles mock-cluster.c once per content into the temp folder, and returns the program's path. */
async function buildMockCluster(): Promise<string> {
  const source = await readFile(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const folder = join(tmpdir(), 'siks-kafka-mock');
  const binary = join(folder, `mock-cluster-${hash}`);
  if (existsSync(binary)) return binary;
  await mkdir(folder, { recursive: true });
  const building = `${binary}.${process.pid}.tmp`;
  await promisify(execFile)('cc', ['-O1', '-o', building, SOURCE.pathname, '-lrdkafka']);
  await rename(building, binary); // atomic: parallel builds leave one complete program
  return binary;
}

/**
 * Starts librdkafka's mock cluster (one broker on 127.0.0.1) with `topics` (and nothing else:
 * it has no CreateTopics API). It exits when stopped or when this process goes away.
 * A protocol peer for tests and for trying the Kafka path (`SIKS_BUS=kafka pnpm start`), not a
 * broker: it keeps everything in memory and loses it when it stops.
 */
export async function startMockCluster(topics: readonly TopicSpec[], startTimeoutMs = 15_000): Promise<MockCluster> {
  const binary = await buildMockCluster();
  const child = spawn(
    binary,
    topics.map((topic) => `${topic.name}:${topic.partitions}`),
    // Its own process group: Ctrl-C on a launcher must not take the bus away before the services
    // have stopped; it still exits with its parent (stdin closes).
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kafka mock cluster did not start: ${stderr}`)), startTimeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kafka mock cluster exited (${code}): ${stderr}`));
    });
  });
  return {
    bootstrap,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
