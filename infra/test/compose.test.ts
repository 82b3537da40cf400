/**
 * docker-compose.yml checked without Docker: every service's environment against that service's
 * own configuration schema, every URL against the services and ports the file defines, the
 * database URLs against the production layout (infra/src/layout.ts) that the one-shot `setup`
 * service makes, the secrets required (no default passwords), and the start order waiting on
 * healthchecks and the setup.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig, type ConfigError } from '@siks/service-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBusUrl } from '@siks/bus';
import { INFRA_COMMANDS } from '../src/build-image.ts';
import { describeLayout } from '../src/layout.ts';
import { layoutOptionsFromEnv, passwordVariableOf } from '../src/setup-layout.ts';
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
    // The services sit behind the gateway, which replaces X-Forwarded-For: they trust exactly one
    // hop (a blanket `true` would trust whatever a client forged); the gateway is the public entry.
    expect(config['TRUST_PROXY'], 'services trust one hop; the gateway none').toBe(name === 'gateway' ? false : 1);
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

  it('connects each service with the URLs of the production layout, as its own role', () => {
    // The layout as the setup service makes it, with the passwords compose gives each role.
    const layout = describeLayout(layoutOptionsFromEnv(envOf('setup')));
    for (const name of APP_SERVICES) {
      const expected = layout.services[name];
      const env = envOf(name);
      // The gateway keeps users and sessions and records user administration in the event
      // store: no keyring (it opens no sealed personal data).
      const keys =
        name === 'gateway' ? ['DATABASE_URL', 'EVENTSTORE_URL'] : ['DATABASE_URL', 'EVENTSTORE_URL', 'KEYRING_URL'];
      expect(Object.keys(expected).sort(), name).toEqual(keys.sort());
      for (const key of keys) {
        const url = new URL(env[key] ?? '');
        expect(url.username, `${name} ${key}`).toBe(`siks_${name}`);
        expect(url.password, `${name} ${key}`).toBe(vars[`SIKS_${name.toUpperCase()}_DB_PASSWORD`]);
        expect(url.toString(), `${name} ${key}`).toBe(expected[key]);
      }
      if (name === 'gateway') {
        expect(env['KEYRING_URL']).toBeUndefined();
        continue;
      }
      const bus = parseBusUrl(env['BUS_URL'] ?? '');
      expect(bus.kind).toBe('kafka');
      for (const broker of bus.kind === 'kafka' ? bus.brokers : []) {
        const [host, port] = broker.split(':');
        expect(Number(port)).toBe(listensOn(host ?? ''));
      }
    }
  });

  it('lets no service connect as the superuser or an owner of the shared databases', () => {
    const layout = describeLayout(layoutOptionsFromEnv(envOf('setup')));
    const forbidden = ['postgres', layout.roles.eventstore, layout.roles.keyring];
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'setup') continue;
      const urls = Object.entries(service.environment).filter(([, value]) => /^postgres(ql)?:/.test(value));
      if (APP_SERVICES.includes(name as AppService)) expect(urls.length, name).toBeGreaterThan(0);
      for (const [key, value] of urls) expect(forbidden, `${name} ${key}`).not.toContain(new URL(value).username);
      // No role switching either (the interim `SET role` of an earlier compose).
      expect(JSON.stringify(service), name).not.toMatch(/siks_(eventstore|keyring)/);
    }
  });

  it('sets the layout up once, as the superuser, before any service starts', () => {
    const setup = compose.services['setup'];
    expect(setup?.restart).toBe('no');
    expect(setup?.build).toEqual(compose.services['gateway']?.build);
    // The command build-image.ts bundles into every image.
    expect(INFRA_COMMANDS).toContain('setup-layout.ts');
    expect(setup?.command).toEqual(['node', '--enable-source-maps', 'infra/dist/setup-layout.js']);
    expect(setup?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const options = layoutOptionsFromEnv(envOf('setup'));
    const admin = new URL(options.adminUrl);
    expect(`${admin.username}@${admin.host}`).toBe('postgres@postgres:5432');
    expect(admin.password).toBe(vars['POSTGRES_PASSWORD']);
    for (const role of Object.values(describeLayout(options).roles)) {
      expect(options.password(role), role).toBe(vars[passwordVariableOf(role)]);
    }
    for (const name of APP_SERVICES) {
      expect(compose.services[name]?.depends_on?.['setup'], name).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it('names every missing variable of the setup, never a value', () => {
    const env = { ...envOf('setup') };
    delete env['SIKS_KEYRING_DB_PASSWORD'];
    env['SIKS_INTAKE_DB_PASSWORD'] = '';
    const error = (() => {
      try {
        layoutOptionsFromEnv(env);
      } catch (caught) {
        return (caught as Error).message;
      }
      return 'no error';
    })();
    expect(error).toBe('set SIKS_KEYRING_DB_PASSWORD, SIKS_INTAKE_DB_PASSWORD');
    expect(error).not.toContain(vars['POSTGRES_PASSWORD']);
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

  it('starts a service only once what it depends on is healthy (or the setup done), and checks every service', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      // The collector and Jaeger have no shell to check with; the setup is a one-shot that exits.
      if (!['otel-collector', 'jaeger', 'setup'].includes(name)) {
        expect(service.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      }
      for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
        if (dependency === 'setup') {
          expect(condition.condition, `${name} → setup`).toBe('service_completed_successfully');
          continue;
        }
        if (name === 'otel-collector' && dependency === 'jaeger') continue; // no healthcheck to wait for
        expect(condition.condition, `${name} → ${dependency}`).toBe('service_healthy');
        expect(compose.services[dependency]?.healthcheck?.test, `${dependency} healthcheck`).toBeDefined();
      }
    }
    for (const name of APP_SERVICES.filter((service) => service !== 'gateway')) {
      expect(Object.keys(compose.services[name]?.depends_on ?? {}).sort()).toEqual([
        'kafka',
        'kurrentdb',
        'postgres',
        'setup',
      ]);
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

describe('docker-compose.yml: Kafka TLS and SASL', () => {
  it('documents settings (commented) that every service accepts once uncommented', async () => {
    const text = await readFile(repoFile('docker-compose.yml'), 'utf8');
    const documented = Object.fromEntries(
      [...text.matchAll(/^ {2}# (KAFKA_(?:SSL|SASL)[A-Z_]*): '?([^'\s]+)'?/gm)].map((match) => [match[1]!, match[2]!]),
    );
    expect(Object.keys(documented).sort()).toEqual([
      'KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD_FILE',
      'KAFKA_SASL_USERNAME',
      'KAFKA_SSL',
      'KAFKA_SSL_CA_FILE',
    ]);
    for (const name of APP_SERVICES) {
      const env = { ...envOf(name), ...documented };
      if (name === 'gateway' && env['JWT_PRIVATE_KEY'] && !env['JWKS_URL'] && !env['JWT_PUBLIC_KEY']) {
        env['JWT_PUBLIC_KEY'] = publicKeyOf(env['JWT_PRIVATE_KEY']);
      }
      expect(loadConfig(schemas[name], env), name).toMatchObject({
        KAFKA_SSL: true,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'siks',
      });
    }
  });
});
