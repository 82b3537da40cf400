import type { FastifyInstance } from 'fastify';

/** The console's Content-Security-Policy (docs/console contract): own origin only, no inline code. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Headers set on every answer: HTML, JSON, problems, proxied and static alike. */
export function securityHeaders(production: boolean): Readonly<Record<string, string>> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()',
    ...(production ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** A policy that sandboxes the content and allows nothing by default (the document service's). */
function isSandbox(policy: string): boolean {
  const directives = policy.split(';').map((directive) => directive.trim());
  return directives.includes('sandbox') && directives.includes("default-src 'none'");
}

/**
 * Sets the security headers on the way out (`onSend` runs for every answer, also errors thrown
 * by earlier hooks such as authentication, and proxied answers, whose own values it overrides),
 * except a service's own sandboxing policy: the document service serves uploaded files with
 * `sandbox` and no scripts, stricter than the console's, and that one must reach the browser.
 */
export function installSecurityHeaders(app: FastifyInstance, production: boolean): void {
  const headers = securityHeaders(production);
  const { 'content-security-policy': consolePolicy, ...others } = headers;
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(others);
    const upstream = reply.getHeader('content-security-policy');
    if (!(typeof upstream === 'string' && isSandbox(upstream))) reply.header('content-security-policy', consolePolicy);
    return payload;
  });
}
