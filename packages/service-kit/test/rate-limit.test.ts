import { afterEach, describe, expect, it, vi } from 'vitest';
import { testApp } from './helpers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit per client, resets with the window, spares health checks', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 60_000 * 16_666_667 }); // the start of a window
    const t = await testApp(
      (app) => {
        app.get('/open', { config: { public: true } }, async () => 'ok');
      },
      { config: { HTTP_RATE_LIMIT_PER_MINUTE: 2 } },
    );
    const codes = [];
    for (let i = 0; i < 3; i += 1) codes.push((await t.app.inject({ url: '/open' })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const limited = await t.app.inject({ url: '/open', headers: { 'accept-language': 'en' } });
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json()).toMatchObject({ code: 'too_many_requests', detail: 'Try again in 60 seconds.' });
    expect((await t.app.inject({ url: '/health/live' })).statusCode).toBe(200);
    vi.advanceTimersByTime(60_000);
    expect((await t.app.inject({ url: '/open' })).statusCode).toBe(200);
    await t.app.close();
  });

  it('behind a trusted proxy hop, limits each client on its own: one flooding does not lock out another', async () => {
    for (const trust of [1, ['10.0.0.0/8']]) {
      const t = await testApp(
        (app) => {
          app.get('/open', { config: { public: true } }, async (request) => request.ip);
        },
        { config: { HTTP_RATE_LIMIT_PER_MINUTE: 3, TRUST_PROXY: trust } },
      );
      // The proxy (10.0.0.2) appends the address it saw to whatever the client sent.
      const via = (client: string, forged?: string) =>
        t.app.inject({
          url: '/open',
          remoteAddress: '10.0.0.2',
          headers: { 'x-forwarded-for': forged ? `${forged}, ${client}` : client },
        });
      const flood = [];
      for (let i = 0; i < 5; i += 1) flood.push((await via('203.0.113.7')).statusCode);
      expect(flood).toEqual([200, 200, 200, 429, 429]);
      // A forged X-Forwarded-For does not give the flooder a fresh bucket...
      expect((await via('203.0.113.7', '198.51.100.99')).statusCode).toBe(429);
      // ...and the other client, through the same proxy, is still served as itself.
      const other = await via('203.0.113.8');
      expect(other.statusCode).toBe(200);
      expect(other.body).toBe('203.0.113.8');
      await t.app.close();
    }
  });
});
