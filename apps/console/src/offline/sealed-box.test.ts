import { describe, expect, it } from 'vitest';
import { newSealingKey, openBytes, openJson, sealBytes, sealJson } from './sealed-box.ts';

describe('sealing the outbox', () => {
  it('opens only with the same key and context, and the key cannot be exported', async () => {
    const key = await newSealingKey();
    const other = await newSealingKey();
    const item = { proposal: { household: { members: [{ name: 'Siti', nik: '5202014101900001' }] } } };
    const sealed = await sealJson(key, item, 'siks-outbox-item:user-a:c1');
    const stored = new TextDecoder().decode(sealed.data);
    expect(stored).not.toContain('Siti');
    expect(stored).not.toContain('5202014101900001');
    expect(await openJson(key, sealed, 'siks-outbox-item:user-a:c1')).toEqual(item);
    await expect(openJson(key, sealed, 'siks-outbox-item:user-b:c1')).rejects.toThrow();
    await expect(openJson(other, sealed, 'siks-outbox-item:user-a:c1')).rejects.toThrow();
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('keeps photo bytes exactly, with a fresh IV each time', async () => {
    const key = await newSealingKey();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 1, 2, 3]);
    const a = await sealBytes(key, bytes, 'photo:p1');
    const b = await sealBytes(key, bytes, 'photo:p1');
    expect(a.iv).not.toEqual(b.iv);
    expect(new Uint8Array(await openBytes(key, a, 'photo:p1'))).toEqual(bytes);
  });
});
