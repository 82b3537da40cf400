import { Writable } from 'node:stream';
import {
  createLogger,
  createServiceApp,
  createTokenVerifier,
  generateSigningKeys,
  type HealthCheck,
  type HttpConfig,
  type Logger,
  type MessageCatalogue,
  type ServiceApp,
  type SigningKeys,
} from '../src/index.ts';

export const httpConfig: HttpConfig = {
  HTTP_BODY_LIMIT_BYTES: 2048,
  HTTP_REQUEST_TIMEOUT_MS: 5000,
  HTTP_CONNECTION_TIMEOUT_MS: 5000,
  HTTP_KEEP_ALIVE_TIMEOUT_MS: 5000,
  HTTP_RATE_LIMIT_PER_MINUTE: 0,
  TRUST_PROXY: false,
};

/** A logger writing into memory, and the lines written so far. */
export function memoryLogger(service = 'test'): { logger: Logger; lines: () => string[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ service, level: 'debug', destination });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

export interface TestApp {
  app: ServiceApp;
  keys: SigningKeys;
  lines: () => string[];
}

/** An app with a fresh key pair and an in-memory log; `setup` adds the routes under test. */
export async function testApp(
  setup: (app: ServiceApp) => void,
  options: {
    ready?: () => Promise<HealthCheck[]>;
    config?: Partial<HttpConfig>;
    messages?: Partial<MessageCatalogue>;
  } = {},
): Promise<TestApp> {
  const keys = await generateSigningKeys();
  const { logger, lines } = memoryLogger();
  const app = createServiceApp({
    name: 'test',
    config: { ...httpConfig, ...options.config },
    logger,
    auth: await createTokenVerifier({ publicKey: keys.publicKey }),
    ready: options.ready ?? (async () => [{ name: 'database', ok: true }]),
    ...(options.messages ? { messages: options.messages } : {}),
  });
  setup(app);
  await app.ready();
  return { app, keys, lines };
}
