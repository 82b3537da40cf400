import { auditLogMigrations, checkInclusionProof, extendTree, proveInclusion } from '@siks/eventstore';
import { migrate } from '@siks/pg';
import { describe, expect, it } from 'vitest';
import { findUserByUsername } from '../src/users/store.ts';
import { eventStoreUserLog } from '../src/users/user-log.ts';
import { gatewayHarness } from './harness.ts';

// User administration becomes events in the event store (contracts users/events.ts), with who
// and why, and without passwords, hashes, names or user names; the audit log's proofs cover them.

const h = await gatewayHarness();
const PASSWORD = 'kata-sandi-uji-123';
const admin = await h.createUser({ username: 'admin.tengah', role: 'admin_kabkota', regionCode: '52.02' });
const adminToken = await h.tokenFor(admin);
const asAdmin = (url: string, payload?: object) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${adminToken}` },
    ...(payload ? { payload } : {}),
  });
const streamOf = (userId: string) => h.store.readStream(`user-${userId}`);

describe('user administration in the event log', () => {
  it('records a user created through the API with the admin as actor and the reason, and no secret', async () => {
    const response = await asAdmin('/v1/admin/users', {
      username: 'operator.leneng',
      name: 'Siti Operator Leneng',
      role: 'operator_desa',
      regionCode: '52.02.01.1002',
      reason: 'operator baru desa Leneng',
    });
    expect(response.statusCode).toBe(201);
    const { user, password } = response.json();
    const [event, ...rest] = await streamOf(user.id);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'UserCreated',
      data: {
        userId: user.id,
        role: 'operator_desa',
        regionCode: '52.02.01.1002',
        demo: false,
        passwordGenerated: true,
      },
      metadata: {
        actor: { userId: admin.id, role: 'admin_kabkota', regionCode: '52.02' },
        channel: 'operator',
        reason: 'operator baru desa Leneng',
      },
    });
    const stored = await findUserByUsername(h.pool, 'operator.leneng');
    const text = JSON.stringify(event);
    for (const secret of [password, stored?.passwordHash, 'scrypt', 'Siti', 'operator.leneng']) {
      expect(text).not.toContain(secret);
    }
  });

  it('records a disabling once, with its reason', async () => {
    const user = await h.createUser({ username: 'operator.praya', role: 'operator_desa', regionCode: '52.02.01.1001' });
    const disable = await asAdmin(`/v1/admin/users/${user.id}/disable`, { reason: 'pindah tugas' });
    expect(disable.statusCode).toBe(200);
    expect((await asAdmin(`/v1/admin/users/${user.id}/disable`)).statusCode).toBe(200);
    const events = await streamOf(user.id);
    expect(events.map((event) => event.type)).toEqual(['UserCreated', 'UserDisabled']);
    expect(events[1]?.metadata).toMatchObject({ actor: { userId: admin.id }, reason: 'pindah tugas' });
  });

  it('records a password changed by its owner, naming only the user', async () => {
    const user = await h.createUser({ username: 'changes.own', role: 'operator_desa', regionCode: '52.02.01.1001' });
    const token = await h.tokenFor(user);
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: PASSWORD, newPassword: 'kata-sandi-baru-456' },
    });
    expect(response.statusCode).toBe(200);
    const events = await streamOf(user.id);
    expect(events.map((event) => event.type)).toEqual(['UserCreated', 'UserPasswordChanged']);
    expect(events[1]?.data).toEqual({ userId: user.id });
    expect(events[1]?.metadata.actor.userId).toBe(user.id);
    const text = JSON.stringify(events);
    expect(text).not.toContain('kata-sandi');
    expect(text).not.toContain('scrypt');
  });

  it('creates no user when the event cannot be recorded', async () => {
    const down = h.buildApp(
      {},
      { userLog: eventStoreUserLog({ append: () => Promise.reject(new Error('event store unreachable')) }) },
    );
    const response = await down.inject({
      method: 'POST',
      url: '/v1/admin/users',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { username: 'operator.lost', name: 'Lost', role: 'operator_desa', regionCode: '52.02.01.1001' },
    });
    expect(response.statusCode).toBe(500);
    expect(await findUserByUsername(h.pool, 'operator.lost')).toBeUndefined();
  });

  it('is covered by the audit log: an inclusion proof of a user event verifies', async () => {
    await migrate(h.pool, [auditLogMigrations]);
    const head = await extendTree(h.pool);
    const [created] = await streamOf(admin.id);
    if (!created) throw new Error('no event');
    const proof = await proveInclusion(h.pool, { eventId: created.eventId });
    expect(proof.leaf).toMatchObject({ type: 'UserCreated', streamId: `user-${admin.id}` });
    expect(checkInclusionProof(proof, head.root)).toBe(true);
  });
});
