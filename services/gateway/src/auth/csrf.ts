import { timingSafeEqual } from 'node:crypto';
import { ProblemError } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';
import { CSRF_COOKIE, parseCookies } from './cookies.ts';

export const CSRF_HEADER = 'x-csrf-token';

const csrfFailed = (): ProblemError => new ProblemError({ status: 403, code: 'csrf_failed' });

/**
 * Refuses a request a browser sent from another site: an `Origin` other than the gateway's own
 * (or one of `allowedOrigins`), or `Sec-Fetch-Site: cross-site|same-site`. Clients that send
 * neither header (curl, tests) pass; a browser always sends `Origin` on a POST.
 */
export function assertSameOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw csrfFailed();
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const own = `${request.protocol}://${request.host}`;
  if (origin !== own && !allowedOrigins.includes(origin)) throw csrfFailed();
}

/**
 * Double submit: the `X-CSRF-Token` header must equal the `siks_csrf` cookie (a page of another
 * site can neither read the cookie nor set the header). Returns the token.
 */
export function assertCsrfToken(request: FastifyRequest): string {
  const header = request.headers[CSRF_HEADER];
  const cookie = parseCookies(request.headers.cookie).get(CSRF_COOKIE);
  if (typeof header !== 'string' || !cookie || header.length === 0) throw csrfFailed();
  const a = Buffer.from(header);
  const b = Buffer.from(cookie);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw csrfFailed();
  return header;
}
