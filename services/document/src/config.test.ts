import { join, resolve } from 'node:path';
import { loadConfig } from '@siks/service-kit';
import { describe, expect, it } from 'vitest';
import { blobRootOf, configSchema } from './config.ts';

const base = { DATABASE_URL: 'postgres://localhost/siks', JWT_PUBLIC_KEY: 'x' };

describe('document config', () => {
  it('has its own defaults: port, a long request timeout for uploads, limits', () => {
    const config = loadConfig(configSchema, base);
    expect(config).toMatchObject({
      PORT: 3002,
      HTTP_REQUEST_TIMEOUT_MS: 600_000,
      DOCUMENT_MAX_FILE_BYTES: 20 * 1024 * 1024,
      DOCUMENT_PHASH_MAX_DISTANCE: 6,
    });
  });

  it('puts blobs under BLOB_ROOT, else the data folder, else ./.data', () => {
    expect(blobRootOf(loadConfig(configSchema, { ...base, BLOB_ROOT: '/srv/blobs', SIKS_DATA_DIR: '/d' }))).toBe(
      '/srv/blobs',
    );
    expect(blobRootOf(loadConfig(configSchema, { ...base, SIKS_DATA_DIR: '/var/siks' }))).toBe('/var/siks/blobs');
    expect(blobRootOf(loadConfig(configSchema, base))).toBe(resolve(join('.data', 'blobs')));
  });

  it('names a bad limit', () => {
    expect(() => loadConfig(configSchema, { ...base, DOCUMENT_MAX_FILE_BYTES: '0' })).toThrow(
      /DOCUMENT_MAX_FILE_BYTES/,
    );
  });
});
