import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Paths that never fall back to the console page. */
const NOT_CONSOLE = /^\/(v1(\/|$)|\.well-known\/|health\/|metrics$|docs(\/|$)|assets\/)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The encodings the client accepts, best first, that we keep beside the files. */
export function acceptedEncodings(header: string | undefined): ('br' | 'gzip')[] {
  const accepted = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) accepted.add(name.trim());
  }
  return (['br', 'gzip'] as const).filter((encoding) => accepted.has(encoding));
}

const fileStat = (path: string): Promise<Stats | undefined> =>
  stat(path).then(
    (stats) => (stats.isFile() ? stats : undefined),
    () => undefined,
  );

/** Sends `path` (or its `.br`/`.gz` twin when accepted), with a validator and a 304 when unchanged. */
async function sendFile(request: FastifyRequest, reply: FastifyReply, path: string, cacheControl: string) {
  let chosen: { path: string; stats: Stats; encoding?: string } | undefined;
  for (const encoding of acceptedEncodings(request.headers['accept-encoding'])) {
    const twin = `${path}.${encoding === 'br' ? 'br' : 'gz'}`;
    const stats = await fileStat(twin);
    if (stats) {
      chosen = { path: twin, stats, encoding };
      break;
    }
  }
  if (!chosen) {
    const stats = await fileStat(path);
    if (!stats) return undefined;
    chosen = { path, stats };
  }
  const etag = `"${chosen.stats.size.toString(36)}-${Math.floor(chosen.stats.mtimeMs).toString(36)}${chosen.encoding ? `-${chosen.encoding}` : ''}"`;
  reply
    .header('content-type', TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream')
    .header('cache-control', cacheControl)
    .header('vary', 'Accept-Encoding')
    .header('etag', etag)
    .header('last-modified', chosen.stats.mtime.toUTCString());
  if (chosen.encoding) reply.header('content-encoding', chosen.encoding);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.header('content-length', chosen.stats.size).send(createReadStream(chosen.path));
}

const MISSING_PAGE = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>SIKS</title></head>
<body><h1>Konsol belum dibangun / The console is not built</h1>
<p>Jalankan <code>pnpm build:console</code>, lalu muat ulang halaman ini.</p>
<p>Run <code>pnpm build:console</code>, then reload this page.</p></body></html>
`;

/** Resolves `relative` under `root`, or undefined when it would leave it (or is odd). */
function inside(root: string, relative: string): string | undefined {
  if (relative === '' || relative.includes('\0') || relative.includes('\\')) return undefined;
  if (relative.split('/').some((segment) => segment === '..' || segment === '' || segment.startsWith('.')))
    return undefined;
  const path = resolve(root, relative);
  return path.startsWith(root + sep) ? path : undefined;
}

/**
 * Serves the web console from `dir`: `/assets/*` immutable (precompressed `.br`/`.gz` by
 * `Accept-Encoding`), files at the top of `dir` (icons, manifest) revalidated, and every other
 * non-API path the console page `index.html` (client-side routes), `Cache-Control: no-cache`.
 * Without a built console `/` answers 503 with how to build it.
 */
export function consoleRoutes(dir: string) {
  const root = resolve(dir);
  const assets = join(root, 'assets');
  return async (app: FastifyInstance): Promise<void> => {
    const opts = { config: { public: true }, schema: { hide: true } } as const;

    app.get('/assets/*', opts, async (request, reply) => {
      const path = inside(assets, (request.params as { '*': string })['*']);
      const sent = path ? await sendFile(request, reply, path, IMMUTABLE) : undefined;
      return sent ?? reply.callNotFound();
    });

    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?', 1)[0] ?? '/';
      if (NOT_CONSOLE.test(pathname)) return reply.callNotFound();
      const top = /^\/[\w.-]+$/.test(pathname) ? inside(root, pathname.slice(1)) : undefined;
      if (top && !top.endsWith(`${sep}index.html`)) {
        const sent = await sendFile(request, reply, top, 'no-cache');
        if (sent) return sent;
      }
      const sent = await sendFile(request, reply, join(root, 'index.html'), 'no-cache');
      if (sent) return sent;
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(MISSING_PAGE);
    };
    app.get('/', opts, page);
    app.get('/*', opts, page);
  };
}
