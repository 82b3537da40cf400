import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../i18n/i18n.ts';
import { actorName, systemService } from './actors.ts';

const words =
  (lang: 'id' | 'en') =>
  (key: string, params?: Record<string, string>): string =>
    translate(lang, key as MessageKey, params);

describe('actorName', () => {
  const names = new Map([
    ['u-1', { name: 'Siti Verifikator', username: 'verif.loteng' }],
    ['u-2', { name: 'Admin Provinsi' }],
  ]);

  it('names colleagues by display name, never by id', () => {
    expect(actorName({ userId: 'u-1', role: 'verifikator_kabkota' }, names, words('id'))).toBe(
      'Siti Verifikator (verif.loteng)',
    );
    expect(actorName({ userId: 'u-2', role: 'admin_provinsi' }, names, words('en'))).toBe('Admin Provinsi');
    const unknown = actorName({ userId: 'u-9', role: 'operator_desa' }, names, words('id'));
    expect(unknown).not.toContain('u-9');
    expect(unknown).toBe('Pengguna di luar wilayah Anda');
  });

  it('names each service that acts on its own in both languages', () => {
    expect(actorName({ userId: 'siks-verification', role: 'system' }, names, words('id'))).toBe('Sistem (verifikasi)');
    expect(actorName({ userId: 'siks-verification', role: 'system' }, names, words('en'))).toBe(
      'System (verification)',
    );
    expect(actorName({ userId: 'document-service', role: 'system' }, names, words('en'))).toBe('System (documents)');
    expect(actorName({ userId: 'intake.deferred-submissions', role: 'system' }, names, words('en'))).toBe(
      'System (proposal intake)',
    );
    expect(actorName({ userId: 'public', role: 'system' }, names, words('id'))).toBe(
      'Sistem (formulir pengaduan publik)',
    );
    expect(actorName({ userId: 'something-new', role: 'system' }, names, words('en'))).toBe('System (another service)');
  });

  it('finds the service in every system user id the services write', () => {
    expect(
      ['siks-verification', 'verification', 'document-service', 'intake.deferred-submissions', 'public'].map(
        systemService,
      ),
    ).toEqual(['verification', 'verification', 'document', 'intake', 'public']);
  });
});
