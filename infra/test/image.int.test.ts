/**
 * The Dockerfile's steps without Docker: the build context (.dockerignore applied) copied into a
 * clean folder, a full install, every service bundled and the console built
 * (infra/src/build-image.ts), then node_modules thrown away and production dependencies installed
 * afresh; the services started from their bundles on plain node as an unprivileged user (nobody)
 * that owns nothing but the blob folder, with docker-compose.yml's environment; one proposal taken
 * from login to the dashboard through the gateway, its photo stored by the document service.
 *
 * The data layer is compose's: the image's own setup command (infra/dist/setup-layout.js, as
 * compose's one-shot `setup` service runs it) makes the production layout on the embedded
 * PostgreSQL, and every service connects with compose's URLs, as its own least-privilege role.
 * What differs from compose: hosts become 127.0.0.1 on free ports; the bus is librdkafka's mock
 * cluster (the Kafka protocol; `KAFKA_BROKERS` for a real broker); no telemetry collector.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { mockClusterUnavailable } from '@siks/bus/kafka-peer';
import { freePort, httpStatus, startPostgres, type RunningPostgres } from '@siks/testing';
import { generateHouseholds } from '@siks/testing/generate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHouseholdData } from './support/households.ts';
import { eventually, uploadForm } from './support/http.ts';
import { startSystemBus, type SystemBus } from '../src/bus-choice.ts';
import { APP_SERVICES, composeTestVars, loadCompose, repoFile } from './support/compose.ts';

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;
const kafkaUnavailable = process.env['KAFKA_BROKERS'] ? undefined : mockClusterUnavailable();
const skipReason = !asRoot
  ? 'skipped: runs as root only'
  : kafkaUnavailable && !process.env['CI']
    ? `skipped: ${kafkaUnavailable}`
    : undefined;
const TITLE = `the image, built and run without Docker (runs as root: services run as nobody)${skipReason ? ` (${skipReason})` : ''}`;
const PRAYA = '52.02.01.1001';
const ALWAYS_OPEN = JSON.stringify({
  default: { additions: { fromDay: 1, toDay: 31 }, pbiJk: { fromDay: 1, toDay: 31 } },
});

/** .dockerignore's patterns as Docker reads them (relative to the root; `**` any folders). */
async function dockerignore(): Promise<(path: string) => boolean> {
  const patterns = (await readFile(repoFile('.dockerignore'), 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const regexes = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .split('**/')
          .map((part) => part.replace(/\*/g, '[^/]*'))
          .join('(?:.*/)?')}(?:/.*)?$`,
      ),
  );
  return (path) => regexes.some((regex) => regex.test(path));
}

/** The build context: tracked and new files of the working tree minus .dockerignore. */
async function copyBuildContext(target: string): Promise<number> {
  const root = repoFile('');
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ignored = await dockerignore();
  const files = stdout.split('\0').filter((file) => file && !ignored(file) && existsSync(join(root, file)));
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(
      files.slice(i, i + 64).map(async (file) => {
        await mkdir(dirname(join(target, file)), { recursive: true });
        await copyFile(join(root, file), join(target, file));
      }),
    );
  }
  return files.length;
}

const pnpm = (cwd: string, args: string[]) =>
  run('pnpm', args, { cwd, env: { ...process.env, NODE_ENV: '', CI: 'true' }, maxBuffer: 64 * 1024 * 1024 });

async function removeNodeModules(dir: string): Promise<void> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules') await rm(path, { recursive: true, force: true });
    else await removeNodeModules(path);
  }
}

describe.skipIf(skipReason !== undefined)(TITLE, () => {
  let app: string;
  let server: RunningPostgres | undefined;
  let bus: SystemBus | undefined;
  const children: ChildProcess[] = [];
  const output: string[] = [];
  let gatewayUrl = '';
  let gatewayDatabaseUrl = '';
  let nobody: { uid: number; gid: number };

  /** One of the image's commands run to its end, as the image's unprivileged user. */
  const runAsNobody = async (
    args: string[],
    env: Record<string, string>,
    stdin = '',
  ): Promise<{ code: number | null; text: string }> => {
    const child = spawn(process.execPath, args, {
      cwd: app,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      uid: nobody.uid,
      gid: nobody.gid,
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stdin.end(stdin);
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    return { code, text };
  };

  beforeAll(async () => {
    nobody = {
      uid: Number((await run('id', ['-u', 'nobody'])).stdout.trim()),
      gid: Number((await run('id', ['-g', 'nobody'])).stdout.trim()),
    };
    app = await mkdtemp(join(tmpdir(), 'siks-image-'));
    await chmod(app, 0o755); // readable by nobody, as /app is in the image; writable by root only
    expect(await copyBuildContext(app)).toBeGreaterThan(100);
    // The build stage: everything installed, the bundles and the console built.
    await pnpm(app, ['install', '--frozen-lockfile', '--prefer-offline']);
    await run(process.execPath, ['--import', 'tsx', 'infra/src/build-image.ts', ...APP_SERVICES], { cwd: app });
    // The image: production dependencies only, installed afresh at the same path.
    await removeNodeModules(app);
    await pnpm(app, ['install', '--frozen-lockfile', '--prod', '--prefer-offline']);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await bus?.stop();
    await server?.stop();
    if (app) await rm(app, { recursive: true, force: true });
  }, 60_000);

  it('holds production dependencies only, the bundles and the built console', () => {
    const store = readdirSync(join(app, 'node_modules', '.pnpm'));
    expect(store.some((name) => name.startsWith('fastify@'))).toBe(true);
    // Development-only packages of the workspace are absent (nothing may run through them).
    for (const devOnly of ['typescript@', 'eslint@', 'prettier@', 'typescript-eslint@', 'playwright-core@']) {
      expect(
        store.filter((name) => name.startsWith(devOnly)),
        devOnly,
      ).toEqual([]);
    }
    for (const name of APP_SERVICES)
      expect(existsSync(join(app, 'services', name, 'dist', 'main.js')), name).toBe(true);
    expect(existsSync(join(app, 'services', 'gateway', 'dist', 'users', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'services', 'reporting', 'dist', 'rebuild', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'apps', 'console', 'dist', 'index.html'))).toBe(true);
    expect(existsSync(join(app, 'infra', 'dist', 'setup-layout.js'))).toBe(true);
  });

  it('starts every service as nobody with the compose environment and takes a proposal to the dashboard', async () => {
    const vars = await composeTestVars();
    const compose = await loadCompose(vars);
    server = await startPostgres();
    bus = await startSystemBus('kafka', '');
    // Compose's one-shot `setup` service: the image's command, as nobody, with compose's
    // passwords; only the superuser's URL is this server's.
    const setupEnv: Record<string, string> = {
      ...compose.services['setup']?.environment,
      POSTGRES_ADMIN_URL: server.adminUrl,
    };
    delete setupEnv['POSTGRES_PASSWORD'];
    const setup = await runAsNobody(['infra/dist/setup-layout.js'], setupEnv);
    expect(setup.code, setup.text).toBe(0);
    expect(setup.text).toContain('production layout ready');
    const blobs = join(app, 'blobs');
    await mkdir(blobs);
    await chown(blobs, nobody.uid, nobody.gid); // as the Dockerfile's `chown node:node /blobs`

    const ports = Object.fromEntries(await Promise.all(APP_SERVICES.map(async (name) => [name, await freePort()])));
    const local = (value: string): string => {
      // Compose's hosts become this machine: postgres → the embedded server, a service → its port.
      let out = value.replace(/@postgres:5432\//g, `@127.0.0.1:${server?.port}/`);
      if (out === 'kafka://kafka:9092') out = bus?.url ?? out;
      for (const name of APP_SERVICES) {
        const inside = compose.services[name]?.environment['PORT'];
        out = out.replaceAll(`http://${name}:${inside}`, `http://127.0.0.1:${ports[name]}`);
      }
      return out.replace(/^\/app\//, `${app}/`).replace(/^\/blobs$/, blobs);
    };
    const envOf = (name: (typeof APP_SERVICES)[number]): Record<string, string> => {
      const env = Object.fromEntries(
        Object.entries(compose.services[name]?.environment ?? {}).map(([key, value]) => [key, local(value)]),
      );
      delete env['OTEL_EXPORTER_OTLP_ENDPOINT'];
      if (name !== 'gateway') env['PROPOSAL_WINDOWS'] = ALWAYS_OPEN;
      return {
        ...env,
        ...(name === 'gateway' ? {} : bus?.env),
        PATH: process.env['PATH'] ?? '',
        HOST: '127.0.0.1',
        PORT: String(ports[name]),
        LOG_LEVEL: 'warn',
      };
    };
    gatewayDatabaseUrl = envOf('gateway')['DATABASE_URL'] ?? '';
    expect(new URL(gatewayDatabaseUrl).pathname, 'the gateway keeps its own database').toBe('/gateway');
    gatewayUrl = `http://127.0.0.1:${ports['gateway']}`;

    for (const name of APP_SERVICES) {
      // The image's CMD, as the image's unprivileged user.
      const child = spawn(process.execPath, ['--enable-source-maps', `services/${name}/dist/main.js`], {
        cwd: app,
        env: envOf(name),
        uid: nobody.uid,
        gid: nobody.gid,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        stream?.on('data', (chunk: Buffer) => output.push(`${name}: ${chunk.toString('utf8').trimEnd()}`));
      }
      children.push(child);
    }
    try {
      for (const name of APP_SERVICES) {
        await eventually(
          async () => (await httpStatus(`http://127.0.0.1:${ports[name]}/health/ready`)) === 200,
          `${name} ready`,
          60_000,
        );
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output.slice(-40).join('\n')}`);
    }

    // The first users, made with the image's own command (as `docker compose exec gateway …`).
    const addUser = async (username: string, role: string, region: string, password: string): Promise<void> => {
      const { code, text } = await runAsNobody(
        [
          'services/gateway/dist/users/main.js',
          'add',
          ...['--username', username, '--name', username, '--role', role, '--region', region, '--password-stdin'],
        ],
        { DATABASE_URL: gatewayDatabaseUrl },
        `${password}\n`,
      );
      expect(code, text).toBe(0);
    };
    const password = 'Uji-Gambar-Sandi!9';
    await addUser('admin.lomboktengah', 'admin_kabkota', '52.02', password);
    await addUser('operator.praya', 'operator_desa', PRAYA, password);

    const login = async (username: string): Promise<string> => {
      const response = await fetch(`${gatewayUrl}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await response.json()) as { accessToken?: string };
      expect(response.status, JSON.stringify(body)).toBe(200);
      return body.accessToken ?? '';
    };
    const api = async <T>(token: string, path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      if (typeof init.body === 'string') headers.set('content-type', 'application/json');
      const response = await fetch(`${gatewayUrl}${path}`, { ...init, headers });
      return { status: response.status, body: (await response.json()) as T };
    };

    const operator = await login('operator.praya');
    const [household] = generateHouseholds({ seed: 'image', count: 1, villages: [PRAYA], today: '2025-03-01' });
    const created = await api<{ proposalId: string; status: string }>(operator, '/v1/intake/proposals', {
      method: 'POST',
      body: JSON.stringify({
        proposal: { type: 'new_household', household: toHouseholdData(household!) },
        submit: false,
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { proposalId } = created.body;
    // The photo is written to the blob folder by the document service, running as nobody.
    const uploaded = await api(operator, '/v1/documents', {
      method: 'POST',
      body: await uploadForm(
        { kind: 'foto_rumah', proposalId },
        { path: repoFile('services/document/fixtures/photo-gps.jpg'), type: 'image/jpeg' },
      ),
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(readdirSync(blobs, { recursive: true }).length).toBeGreaterThan(0);
    const submitted = await api<{ status: string }>(operator, `/v1/intake/proposals/${proposalId}/submit`, {
      method: 'POST',
      body: '{}',
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const adminToken = await login('admin.lomboktengah');
    const summary = await eventually(async () => {
      const answer = await api<{ proposals?: { total: number } }>(adminToken, '/v1/reports/regions/52.02/summary');
      return answer.status === 200 && (answer.body.proposals?.total ?? 0) >= 1 ? answer.body : undefined;
    }, 'the proposal on the dashboard');
    expect(summary.proposals?.total).toBe(1);

    // The console the gateway serves is the one built into the image.
    const page = await fetch(`${gatewayUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module"');
  }, 150_000);
});
