import type { FastifyRequest } from 'fastify';

export const REFRESH_COOKIE = 'siks_refresh';
export const CSRF_COOKIE = 'siks_csrf';
/** The refresh cookie goes only to the auth endpoints. */
export const REFRESH_COOKIE_PATH = '/v1/auth';

/** The cookies of a request (first value of each name wins; malformed pairs are skipped). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    let value = part.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  path: string;
  httpOnly: boolean;
  secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

const COOKIE_VALUE = /^[A-Za-z0-9_-]*$/;

/** A `Set-Cookie` value, always `SameSite=Strict`. Values are our own base64url tokens. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!COOKIE_VALUE.test(value)) throw new Error('cookie values must be base64url');
  const parts = [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`];
  if (options.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  parts.push('SameSite=Strict');
  return parts.join('; ');
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Whether cookies get `Secure`: always over https; in production also over http, except plain
 * http on localhost (where browsers would drop nothing but a curl session would).
 */
export function secureCookies(request: FastifyRequest, nodeEnv: string): boolean {
  if (request.protocol === 'https') return true;
  if (nodeEnv !== 'production') return false;
  return !LOCAL_HOSTS.has(request.hostname);
}

/** The cookies a login or refresh sets. */
export function sessionCookies(
  tokens: { refreshToken: string; csrfToken: string; expiresAt: Date },
  now: Date,
  secure: boolean,
): string[] {
  const maxAge = Math.max(1, Math.floor((tokens.expiresAt.getTime() - now.getTime()) / 1000));
  return [
    serializeCookie(REFRESH_COOKIE, tokens.refreshToken, { path: REFRESH_COOKIE_PATH, httpOnly: true, secure, maxAge }),
    serializeCookie(CSRF_COOKIE, tokens.csrfToken, { path: '/', httpOnly: false, secure, maxAge }),
  ];
}

/** The cookies a logout (or a dead session) sets: both removed. */
export function clearedCookies(secure: boolean): string[] {
  return [
    serializeCookie(REFRESH_COOKIE, '', { path: REFRESH_COOKIE_PATH, httpOnly: true, secure, maxAge: 0 }),
    serializeCookie(CSRF_COOKIE, '', { path: '/', httpOnly: false, secure, maxAge: 0 }),
  ];
}
