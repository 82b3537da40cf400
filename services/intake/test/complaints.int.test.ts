import { ProblemError } from '@siks/service-kit';
import { describe, expect, it } from 'vitest';
import { createWindowLimiter, sweepComplaintAttempts } from '../src/complaints/limiter.ts';
import { OTHER_VILLAGE, REGENCY, startIntake, VILLAGE } from './support.ts';

const intake = await startIntake({ INTAKE_COMPLAINTS_PER_HOUR: '3' });
const { app, platform } = intake;

const complaint = {
  regionCode: VILLAGE,
  category: 'missing_household',
  description: 'Keluarga Bapak Amaq Saleh di RT 003 belum pernah terdata padahal sangat miskin.',
  address: 'RT 003 RW 001 Dusun Montong',
  contact: { name: 'Inaq Rahmah', phone: '081234567890' },
};
const file = (body: unknown, ip: string) =>
  app.inject({ method: 'POST', url: '/v1/intake/complaints', payload: body as object, remoteAddress: ip });

describe('POST /v1/intake/complaints (public)', () => {
  it('takes a complaint without a token, echoes nothing of it, and seals what it holds', async () => {
    const response = await file(complaint, '10.0.0.1');
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['complaintId', 'receivedAt', 'status', 'trackingCode']);
    for (const text of ['Amaq Saleh', 'Montong', 'Inaq Rahmah', '081234567890'])
      expect(response.body).not.toContain(text);
    const stored = await platform.pool.query(`SELECT data, metadata FROM eventstore.events WHERE stream_id = $1`, [
      `complaint-${body.complaintId}`,
    ]);
    expect(stored.rows).toHaveLength(1);
    expect(JSON.stringify(stored.rows[0])).not.toContain('Amaq Saleh');
    expect(stored.rows[0].metadata).toMatchObject({
      channel: 'complaint',
      actor: { userId: 'public', role: 'system' },
    });
  });

  it('refuses an unknown village and unknown fields', async () => {
    const unknown = await file({ ...complaint, regionCode: '52.02.01.2999' }, '10.0.0.2');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toMatchObject([{ path: 'regionCode', code: 'region.village_unknown' }]);
    const extra = await file({ ...complaint, nik: '5202011203800001' }, '10.0.0.2');
    expect(extra.statusCode).toBe(400);
    expect(extra.body).not.toContain('5202011203800001');
  });

  it('limits each client address more strictly than the rest of the service', async () => {
    for (let i = 0; i < 3; i += 1) expect((await file(complaint, '10.0.0.3')).statusCode).toBe(202);
    const limited = await file(complaint, '10.0.0.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.json()).toMatchObject({ code: 'complaints_rate_limited' });
    expect((await file(complaint, '10.0.0.4')).statusCode).toBe(202);
  });
});

describe('the complaint limit', () => {
  it('is shared by every process through PostgreSQL, keeps no address in clear, and resets each window', async () => {
    const hour = 3_600_000;
    // A window in 2038: after the windows the HTTP tests above counted (their clock is in 2025).
    let now = hour * 600_000 + 60_000;
    // Two limiters on one database stand for two intake processes behind the gateway.
    const [first, second] = [1, 2].map(() =>
      createWindowLimiter({
        db: platform.pool,
        limit: 2,
        windowMs: hour,
        now: () => now,
        clientKey: (address) => platform.keyring.blindIndex('complaint_client', address),
      }),
    );
    await first!.take('192.0.2.7');
    await second!.take('192.0.2.7');
    await second!.take('192.0.2.8');
    const refused = await first!.take('192.0.2.7').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 429, headers: { 'retry-after': '3540' } });
    const stored = await platform.pool.query('SELECT * FROM intake.complaint_attempts');
    expect(JSON.stringify(stored.rows)).not.toContain('192.0.2');

    now += 3_540_000;
    await expect(first!.take('192.0.2.7')).resolves.toBeUndefined();
    const before = Number((await platform.pool.query('SELECT count(*) FROM intake.complaint_attempts')).rows[0].count);
    // Swept an hour later: only the window that began at `now` is still current.
    expect(await sweepComplaintAttempts(platform.pool, new Date(now + hour), hour)).toBe(before - 1);
    const left = await platform.pool.query<{ window_start: Date; attempts: number }>(
      'SELECT window_start, attempts FROM intake.complaint_attempts',
    );
    expect(left.rows).toEqual([{ window_start: new Date(now), attempts: 1 }]);
  });
});

describe('GET /v1/intake/complaints', () => {
  it('is the operator’s queue of leads in scope, with the description; others see none', async () => {
    const operator = await intake.auth();
    const leads = await intake.eventually(async () => {
      const response = await app.inject({ url: `/v1/intake/complaints?region=${VILLAGE}`, headers: operator });
      const items = response.json().items;
      return items.length >= 5 && items;
    }, 'the leads');
    expect(leads[0]).toMatchObject({
      regionCode: VILLAGE,
      category: 'missing_household',
      status: 'open',
      description: complaint.description,
    });
    const page = (await app.inject({ url: '/v1/intake/complaints?limit=2', headers: operator })).json();
    expect(page.items).toHaveLength(2);
    const next = (
      await app.inject({ url: `/v1/intake/complaints?limit=2&cursor=${page.nextCursor}`, headers: operator })
    ).json();
    expect(next.items[0].complaintId).not.toBe(page.items[1].complaintId);
    const district = await app.inject({
      url: '/v1/intake/complaints',
      headers: await intake.auth('verifikator_kabkota', REGENCY),
    });
    expect(district.json().items.length).toBeGreaterThanOrEqual(5);
    const foreign = await app.inject({
      url: '/v1/intake/complaints',
      headers: await intake.auth('operator_desa', OTHER_VILLAGE),
    });
    expect(foreign.json().items).toEqual([]);
    expect((await app.inject({ url: '/v1/intake/complaints' })).statusCode).toBe(401);
  });
});
