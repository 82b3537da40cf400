import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSigner, sha256Hex } from '@siks/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../src/cli/export-verify.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'siks-export-verify-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runExport(args, { out: (t) => void (out += t), err: (t) => void (err += t), env });
  return { code, out, err };
}

describe('siks export verify', () => {
  it('says valid for a signed file, and why not for a changed file or another key', async () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signer = await createFileSigner(key);
    const content = 'period,household_id\r\n2025-05,x\r\n';
    const signature = await signer.sign({
      layout: 'siks-cutoff-export/1',
      fileName: 'f.csv',
      sha256: sha256Hex(content),
      rows: 1,
      signedAt: '2025-06-01T00:00:00.000Z',
      subject: {},
    });
    await writeFile(join(dir, 'f.csv'), content);
    await writeFile(join(dir, 'f.csv.sig'), signature);
    await writeFile(join(dir, 'changed.csv'), content.replace('x', 'y'));
    await writeFile(join(dir, 'jwks.json'), JSON.stringify(signer.jwks));
    // The embedded default's key file under SIKS_DATA_DIR.
    const dataDir = join(dir, 'data');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dataDir, 'keys'), { recursive: true }));
    await writeFile(join(dataDir, 'keys', 'export-signing.pem'), key);

    const valid = await run(['verify', join(dir, 'f.csv'), join(dir, 'f.csv.sig')], { SIKS_DATA_DIR: dataDir });
    expect(valid).toMatchObject({ code: 0 });
    expect(valid.out).toContain(`valid: signed by key ${signer.keyId}`);
    expect(
      (await run(['verify', join(dir, 'f.csv'), join(dir, 'f.csv.sig'), '--jwks', join(dir, 'jwks.json')])).code,
    ).toBe(0);
    const changed = await run([
      'verify',
      join(dir, 'changed.csv'),
      join(dir, 'f.csv.sig'),
      '--jwks',
      join(dir, 'jwks.json'),
    ]);
    expect(changed).toMatchObject({ code: 1, err: 'not valid: checksum_mismatch\n' });
    const otherKey = join(dir, 'other.pem');
    await writeFile(
      otherKey,
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    expect(await run(['verify', join(dir, 'f.csv'), join(dir, 'f.csv.sig'), '--key', otherKey])).toMatchObject({
      code: 1,
      err: 'not valid: unknown_key\n',
    });
    expect((await run(['verify', join(dir, 'f.csv')])).code).toBe(2);
  });
});
