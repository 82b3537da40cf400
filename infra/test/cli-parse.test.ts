import { describe, expect, it } from 'vitest';
import { parseCommand, resolveDatabaseUrl, UsageError } from '../src/index.ts';

describe('parseCommand', () => {
  it('reads a token request with defaults', () => {
    expect(parseCommand(['token', '--role', 'operator_desa', '--region', '52.02.01.2001'])).toEqual({
      name: 'token',
      role: 'operator_desa',
      region: '52.02.01.2001',
      sub: 'dev-operator_desa',
      displayName: 'Dev operator_desa',
      ttlSeconds: 3600,
    });
  });

  it('reads every token option, and an empty region for national scope', () => {
    expect(
      parseCommand(['token', '--role', 'pusdatin', '--region', '', '--sub', 'u-7', '--name', 'Pusat', '--ttl', '15m']),
    ).toMatchObject({ role: 'pusdatin', region: '', sub: 'u-7', displayName: 'Pusat', ttlSeconds: 900 });
  });

  it.each([
    [['token', '--region', '52'], /needs --role/],
    [['token', '--role', 'lurah', '--region', '52'], /unknown role "lurah"/],
    [['token', '--role', 'admin_provinsi'], /needs --region/],
    [['token', '--role', 'operator_desa', '--region', '52.02'], /not a valid scope for operator_desa/],
    [['token', '--role', 'auditor', '--region', '52', '--ttl', 'forever'], /--ttl: invalid duration/],
    [['token', '--role', 'auditor', '--region', '52', '--colour'], /Unknown option '--colour'/],
    [['audit'], /unknown audit command/],
    [['audit', 'verify', 'extra'], /positional/],
    [['audit', 'export'], /needs --out/],
    [['audit', 'prove'], /--event ID or --position N/],
    [['audit', 'prove', '--event', 'x', '--position', '3'], /--event ID or --position N/],
    [['audit', 'consistency', '--from', 'ten'], /whole number/],
    [['rebuild'], /unknown command "rebuild"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it('reads audit verify, migrate and help', () => {
    expect(parseCommand(['audit', 'verify'])).toEqual({
      name: 'audit-verify',
      databaseUrl: undefined,
      checkpointDir: undefined,
      checkpoint: undefined,
      vkey: undefined,
      eventstoreUrl: undefined,
    });
    expect(parseCommand(['audit', 'checkpoint', '--checkpoint-dir', '/c'])).toEqual({
      name: 'audit-checkpoint',
      databaseUrl: undefined,
      checkpointDir: '/c',
    });
    expect(parseCommand(['audit', 'consistency', '--from', '10', '--to', '20'])).toMatchObject({ from: 10, to: 20 });
    expect(parseCommand(['migrate', '--database-url', 'postgres://x/y'])).toEqual({
      name: 'migrate',
      databaseUrl: 'postgres://x/y',
    });
    expect(parseCommand([])).toEqual({ name: 'help' });
    expect(parseCommand(['--help'])).toEqual({ name: 'help' });
  });
});

describe('resolveDatabaseUrl', () => {
  it('prefers the flag, then DATABASE_URL, then the embedded default', () => {
    expect(resolveDatabaseUrl('postgres://flag/db', { DATABASE_URL: 'postgres://env/db' }).url).toBe(
      'postgres://flag/db',
    );
    expect(resolveDatabaseUrl(undefined, { DATABASE_URL: 'postgres://env/db' }).url).toBe('postgres://env/db');
    expect(resolveDatabaseUrl(undefined, { SIKS_PG_PORT: '6000' })).toEqual({
      url: 'postgres://postgres:postgres@127.0.0.1:6000/siks',
      embedded: true,
    });
  });
});
