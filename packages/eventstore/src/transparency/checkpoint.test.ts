import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash } from './merkle.ts';
import {
  base32,
  CheckpointError,
  openCheckpoint,
  parseVerifierKey,
  shortCode,
  signCheckpoint,
  verifierKey,
} from './checkpoint.ts';

const newKey = (): string =>
  generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

const ORIGIN = 'example.siks/eventstore';
const checkpoint = { origin: ORIGIN, size: 1000, root: leafHash('x'), time: '2026-12-07T12:00:00.000Z' };

describe('signed checkpoints', () => {
  it('writes the signed-note text and opens it with the verifier key', () => {
    const key = newKey();
    const signed = signCheckpoint(checkpoint, key);
    const lines = signed.text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      ORIGIN,
      '1000',
      checkpoint.root.toString('base64'),
      'time 2026-12-07T12:00:00.000Z',
      '',
    ]);
    expect(lines[5]).toMatch(new RegExp(`^\u2014 ${ORIGIN} [A-Za-z0-9+/]{91}=$`));
    const vkey = verifierKey(ORIGIN, key);
    expect(vkey).toMatch(new RegExp(`^${ORIGIN}\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{43}[A-Za-z0-9+/=]$`));
    expect(parseVerifierKey(vkey).name).toBe(ORIGIN);
    expect(openCheckpoint(signed.text, vkey)).toMatchObject({
      origin: ORIGIN,
      size: 1000,
      root: checkpoint.root,
      time: checkpoint.time,
    });
  });

  it('refuses a changed size, root or time, another key, and another log', () => {
    const key = newKey();
    const { text } = signCheckpoint(checkpoint, key);
    const vkey = verifierKey(ORIGIN, key);
    expect(() => openCheckpoint(text.replace('\n1000\n', '\n1001\n'), vkey)).toThrow(CheckpointError);
    expect(() =>
      openCheckpoint(text.replace(checkpoint.root.toString('base64'), leafHash('y').toString('base64')), vkey),
    ).toThrow(/no valid signature/);
    expect(() => openCheckpoint(text.replace('12:00:00', '12:00:01'), vkey)).toThrow(/no valid signature/);
    expect(() => openCheckpoint(text, verifierKey(ORIGIN, newKey()))).toThrow(/no valid signature/);
    const other = signCheckpoint({ ...checkpoint, origin: 'other.log' }, key);
    expect(() => openCheckpoint(other.text, vkey)).toThrow(/no valid signature/);
    expect(() => parseVerifierKey(vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/does not match/);
  });

  it('encodes base32 as RFC 4648 does, and makes the short code from size and root', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32(Buffer.from('f'))).toBe('MY');
    expect(shortCode({ size: 42, root: Buffer.from('foobarfoobar') })).toBe('42-MZXW6YTBOJ'); // base32('foobarfoobar') = MZXW6YTBOJTG633CMFZA;
  });
});
