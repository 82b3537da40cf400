/**
 * docker-compose.yml checked without Docker: every service's environment against that service's
 * own configuration schema, every URL against the services and ports the file defines, the
 * secrets required (no default passwords), and the start order waiting on healthchecks.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig, type ConfigError } from '@siks/service-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBusUrl } from '@siks/bus';
import { publicKeyOf } from '../../services/gateway/src/auth/issuer.ts';
import * as documentConfig from '../../services/document/src/config.ts';
import * as gatewayConfig from '../../services/gateway/src/config.ts';
import * as intakeConfig from '../../services/intake/src/config.ts';
import * as registryConfig from '../../services/registry/src/config.ts';
import * as reportingConfig from '../../services/reporting/src/config.ts';
import * as verificationConfig from '../../services/verification/src/config.ts';
import {
  APP_SERVICES,
  composeTestVars,
  loadCompose,
  MissingVariable,
  repoFile,
  type AppService,
  type ComposeFile,
} from './support/compose.ts';

const schemas = {
  gateway: gatewayConfig.configSchema,
  intake: intakeConfig.configSchema,
  document: documentConfig.configSchema,
  verification: verificationConfig.configSchema,
  registry: registryConfig.configSchema,
  reporting: reportingConfig.configSchema,
} as const;

let vars: Record<string, string>;
let compose: ComposeFile;
beforeAll(async () => {
  vars = await composeTestVars();
  compose = await loadCompose(vars);
});

const envOf = (service: string): Record<string, string> => {
  const found = compose.services[service];
  if (!found) throw new Error(`no service ${service} in docker-compose.yml`);
  return found.environment;
};

/** The port a service listens on inside the network: its PORT (the app services) or a known one. */
const listensOn = (service: string): number | undefined =>
  envOf(service)['PORT'] ? Number(envOf(service)['PORT']) : { postgres: 5432, kafka: 9092 }[service];

describe('docker-compose.yml', () => {
  it.each(APP_SERVICES)('gives %s an environment its own configuration schema accepts', (name: AppService) => {
    const env = { ...envOf(name) };
    // As gateway/src/main.ts does: the signing key's public half verifies its own tokens.
    if (name === 'gateway' && env['JWT_PRIVATE_KEY'] && !env['JWKS_URL'] && !env['JWT_PUBLIC_KEY']) {
      env['JWT_PUBLIC_KEY'] = publicKeyOf(env['JWT_PRIVATE_KEY']);
    }
    let config: Record<string, unknown> | undefined;
    try {
      config = loadConfig(schemas[name], env) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${name}: ${(error as ConfigError).message}`);
    }
    expect(config['NODE_ENV']).toBe('production');
    expect(config['HOST']).toBe('0.0.0.0');
    expect(config['TRUST_PROXY'], 'the services sit behind the gateway; the gateway is the public entry').toBe(
      name !== 'gateway',
    );
  });

  it('points every upstream URL at a service of the file and the port it listens on', () => {
    const urls = APP_SERVICES.flatMap((name) =>
      Object.entries(envOf(name))
        .filter(([key]) => /_URL$/.test(key) && /^https?:/.test(envOf(name)[key] ?? ''))
        .filter(([key]) => key !== 'OTEL_EXPORTER_OTLP_ENDPOINT')
        .map(([key, value]) => ({ from: name, key, url: new URL(value) })),
    );
    const gatewayUpstreams = urls.filter(({ from, key }) => from === 'gateway' && key !== 'JWKS_URL');
    expect(gatewayUpstreams.map(({ key }) => key).sort()).toEqual(
      ['DOCUMENT_URL', 'INTAKE_URL', 'REGISTRY_URL', 'REPORTING_URL', 'VERIFICATION_URL'].sort(),
    );
    for (const { from, key, url } of urls) {
      expect(compose.services[url.hostname], `${from} ${key} names service "${url.hostname}"`).toBeDefined();
      expect(Number(url.port), `${from} ${key}`).toBe(listensOn(url.hostname));
    }
    for (const { key, url } of gatewayUpstreams) expect(url.hostname).toBe(key.replace(/_URL$/, '').toLowerCase());
    for (const name of APP_SERVICES.filter((service) => service !== 'gateway')) {
      expect(envOf(name)['JWKS_URL']).toBe(`http://gateway:${listensOn('gateway')}/.well-known/jwks.json`);
    }
    const telemetry = new URL(envOf('intake')['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '');
    expect(compose.services[telemetry.hostname]).toBeDefined();
  });

  it('connects each service as its own role to its own database, and the event store to PostgreSQL', async () => {
    const sql = await readFile(repoFile('infra/compose/create-databases.sql'), 'utf8');
    for (const name of APP_SERVICES) {
      const database = new URL(envOf(name)['DATABASE_URL'] ?? '');
      expect(database.hostname).toBe('postgres');
      expect(database.username).toBe(`siks_${name}`);
      expect(database.password).toBe(vars[`SIKS_${name.toUpperCase()}_DB_PASSWORD`]);
      expect(database.pathname).toBe(`/${name}`);
      expect(sql).toContain(`CREATE ROLE siks_${name} LOGIN PASSWORD :'${name}_password';`);
      expect(sql).toContain(`CREATE DATABASE ${name} OWNER siks_${name};`);
      if (name === 'gateway') continue;
      const store = new URL(envOf(name)['EVENTSTORE_URL'] ?? '');
      expect(`${store.protocol}//${store.username}@${store.host}${store.pathname}`).toBe(
        `postgres://siks_${name}@postgres:5432/eventstore`,
      );
      // One keyring for all of them: what intake seals, verification and registry must open.
      const keyring = new URL(envOf(name)['KEYRING_URL'] ?? '');
      expect(`${keyring.protocol}//${keyring.username}@${keyring.host}${keyring.pathname}`).toBe(
        `postgres://siks_${name}@postgres:5432/keyring`,
      );
      expect(keyring.password).toBe(database.password);
      const bus = parseBusUrl(envOf(name)['BUS_URL'] ?? '');
      expect(bus.kind).toBe('kafka');
      for (const broker of bus.kind === 'kafka' ? bus.brokers : []) {
        const [host, port] = broker.split(':');
        expect(Number(port)).toBe(listensOn(host ?? ''));
      }
    }
    for (const shared of ['eventstore', 'keyring']) {
      expect(sql).toContain(`CREATE DATABASE ${shared} OWNER siks_${shared};`);
      expect(sql).toMatch(new RegExp(`REVOKE CONNECT ON DATABASE [^;]*\\b${shared}\\b[^;]* FROM PUBLIC;`));
    }
    const init = await readFile(repoFile('infra/compose/create-databases.sh'), 'utf8');
    for (const name of APP_SERVICES) {
      expect(init).toContain(`-v ${name}_password="\${SIKS_${name.toUpperCase()}_DB_PASSWORD:?}"`);
      expect(envOf('postgres')[`SIKS_${name.toUpperCase()}_DB_PASSWORD`]).toBe(
        vars[`SIKS_${name.toUpperCase()}_DB_PASSWORD`],
      );
    }
  });

  it('runs KurrentDB only in its profile and lets SIKS_EVENTSTORE_URL switch to it', async () => {
    expect(compose.services['kurrentdb']?.profiles).toEqual(['kurrentdb']);
    const withKurrent = await loadCompose({ ...vars, SIKS_EVENTSTORE_URL: 'kurrentdb://kurrentdb:2113?tls=false' });
    for (const name of APP_SERVICES.filter((service) => service !== 'gateway')) {
      expect(withKurrent.services[name]?.environment['EVENTSTORE_URL']).toBe('kurrentdb://kurrentdb:2113?tls=false');
      expect(compose.services[name]?.depends_on?.['kurrentdb']).toEqual({
        condition: 'service_healthy',
        required: false,
      });
    }
  });

  it('refuses to start without any one secret (no default passwords or keys)', async () => {
    for (const name of Object.keys(vars)) {
      const without = { ...vars, [name]: undefined };
      await expect(loadCompose(without), name).rejects.toThrow(MissingVariable);
      await expect(loadCompose(without), name).rejects.toThrow(new RegExp(`^${name}: `));
    }
  });

  it('starts a service only once what it depends on is healthy, and checks every service', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== 'otel-collector') expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
        expect(condition.condition, `${name} → ${dependency}`).toBe('service_healthy');
        expect(compose.services[dependency]?.healthcheck?.test, `${dependency} healthcheck`).toBeDefined();
      }
    }
    for (const name of APP_SERVICES.filter((service) => service !== 'gateway')) {
      expect(Object.keys(compose.services[name]?.depends_on ?? {}).sort()).toEqual(['kafka', 'kurrentdb', 'postgres']);
    }
  });

  it('keeps Kafka’s log, PostgreSQL’s data and the blobs on volumes', () => {
    const kafka = compose.services['kafka'];
    expect(kafka?.volumes).toContain(`kafkadata:${kafka?.environment['KAFKA_LOG_DIRS']}`);
    expect(compose.services['postgres']?.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(compose.services['document']?.volumes).toContain(`blobs:${envOf('document')['BLOB_ROOT']}`);
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['pgdata', 'kafkadata', 'blobs']));
  });

  it('serves the console built into the image and keeps secrets and local data out of the build context', async () => {
    const dockerfile = await readFile(repoFile('Dockerfile'), 'utf8');
    expect(dockerfile).toContain('infra/src/build-image.ts');
    expect(envOf('gateway')['CONSOLE_DIR']).toBe('/app/apps/console/dist');
    expect(dockerfile).toContain('/app/apps/console/dist');
    expect(dockerfile).toMatch(/CMD .*node --enable-source-maps services\/\$\{SERVICE\}\/dist\/main\.js/);
    const ignored = (await readFile(repoFile('.dockerignore'), 'utf8')).split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.data', 'node_modules', '**/node_modules', '.git']));
  });
});
