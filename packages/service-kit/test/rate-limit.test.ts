import { describe, expect, it } from 'vitest';
import { testApp } from './helpers.ts';

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit per client, resets with the window, spares health checks', async () => {
    let now = 60_000 * 16_666_667; // the start of a window
    const t = await testApp(
      (app) => {
        app.get('/open', { config: { public: true } }, async () => 'ok');
      },
      { config: { HTTP_RATE_LIMIT_PER_MINUTE: 2 }, now: () => now },
    );
    const codes = [];
    for (let i = 0; i < 3; i += 1) codes.push((await t.app.inject({ url: '/open' })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const limited = await t.app.inject({ url: '/open', headers: { 'accept-language': 'en' } });
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json()).toMatchObject({ code: 'too_many_requests', detail: 'Try again in 60 seconds.' });
    expect((await t.app.inject({ url: '/health/live' })).statusCode).toBe(200);
    now += 60_000;
    expect((await t.app.inject({ url: '/open' })).statusCode).toBe(200);
    await t.app.close();
  });
});
