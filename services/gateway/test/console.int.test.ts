import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/http/security-headers.ts';
import { gatewayHarness } from './harness.ts';

const dir = await mkdtemp(join(tmpdir(), 'siks-console-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const INDEX =
  '<!doctype html><html><head><script type="module" src="./assets/app-3f2a.js"></script></head><body></body></html>';
const SCRIPT = 'console.log("siks");'.repeat(50);
await mkdir(join(dir, 'assets'));
await writeFile(join(dir, 'index.html'), INDEX);
await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
await writeFile(join(dir, 'assets', 'app-3f2a.js'), SCRIPT);
await writeFile(join(dir, 'assets', 'app-3f2a.js.br'), brotliCompressSync(SCRIPT));
await writeFile(join(dir, 'assets', 'app-3f2a.js.gz'), gzipSync(SCRIPT));
await writeFile(join(dir, 'assets', 'app-3f2a.css'), 'body{margin:0}');

const h = await gatewayHarness({ CONSOLE_DIR: dir });
const user = await h.createUser({ username: 'auditor.lomboktengah', role: 'auditor', regionCode: '52.02' });
const auth = { authorization: `Bearer ${await h.tokenFor(user)}` };

const SECURITY = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

describe('security headers', () => {
  it('uses the strict policy of the console contract', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
  });

  it('are on HTML, JSON, problem and error answers', async () => {
    const answers = await Promise.all([
      h.app.inject({ url: '/' }),
      h.app.inject({ url: '/health/live' }),
      h.app.inject({ url: '/v1/auth/me' }),
      h.app.inject({ url: '/v1/regions/99', headers: auth }),
      h.app.inject({ url: '/assets/app-3f2a.js' }),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 401, 404, 200]);
    for (const answer of answers) expect(answer.headers).toMatchObject(SECURITY);
  });
});

describe('console', () => {
  it('serves index.html at / and for client-side routes, not cached', async () => {
    for (const url of ['/', '/usulan/0190a1b2-0000-7000-8000-000000000000', '/dasbor/52.02?x=1', '/masuk']) {
      const response = await h.app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(INDEX);
    }
  });

  it('serves precompressed assets by Accept-Encoding, immutable', async () => {
    const br = await h.app.inject({ url: '/assets/app-3f2a.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'content-encoding': 'br',
      vary: 'Accept-Encoding',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(br.rawPayload.equals(brotliCompressSync(SCRIPT))).toBe(true);
    const gz = await h.app.inject({ url: '/assets/app-3f2a.js', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await h.app.inject({ url: '/assets/app-3f2a.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const css = await h.app.inject({ url: '/assets/app-3f2a.css', headers: { 'accept-encoding': 'br' } });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toBe('body{margin:0}');
    const again = await h.app.inject({
      url: '/assets/app-3f2a.js',
      headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('serves files at the top of the console folder, and nothing outside it', async () => {
    const icon = await h.app.inject({ url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect((await h.app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/assets/..%2F..%2Fetc%2Fpasswd' })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/assets/../index.html' })).statusCode).not.toBe(500);
    const missing = await h.app.inject({ url: '/v1/whatever' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('answers 503 with how to build it when the console is missing', async () => {
    const app = h.buildApp({ CONSOLE_DIR: join(dir, 'not-built') });
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('pnpm build:console');
  });
});

describe('regions', () => {
  it('gives a region with its children, also without an account (the citizens’ pages pick a village)', async () => {
    expect((await h.app.inject({ url: '/v1/regions/52.02' })).statusCode).toBe(200);
    const response = await h.app.inject({ url: '/v1/regions/52.02', headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      code: '52.02',
      name: 'Kabupaten Lombok Tengah',
      level: 'regency',
      parentCode: '52',
      children: [
        { code: '52.02.01', name: 'Praya', level: 'district' },
        { code: '52.02.02', name: 'Jonggat', level: 'district' },
      ],
    });
    const village = await h.app.inject({ url: '/v1/regions/52.02.01.1002', headers: auth });
    expect(village.json()).toMatchObject({ level: 'village', parentCode: '52.02.01', children: [] });
    expect((await h.app.inject({ url: '/v1/regions/52.99', headers: auth })).statusCode).toBe(404);
  });

  it('lists the provinces and searches by name within a region', async () => {
    const root = await h.app.inject({ url: '/v1/regions', headers: auth });
    expect(root.json().children.map((child: { code: string }) => child.code)).toEqual(['51', '52']);
    const found = await h.app.inject({ url: '/v1/regions?q=praya', headers: auth });
    expect(found.json().results.map((r: { code: string }) => r.code)).toEqual(['52.02.01', '52.02.01.1001']);
    const within = await h.app.inject({ url: '/v1/regions?q=a&within=52.01', headers: auth });
    expect(within.statusCode).toBe(400);
    const west = await h.app.inject({ url: '/v1/regions?q=ge&within=52.01', headers: auth });
    expect(west.json().results.map((r: { code: string }) => r.code)).toEqual(['52.01.01', '52.01.01.2001']);
  });
});
