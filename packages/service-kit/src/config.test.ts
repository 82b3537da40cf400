import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';
import { portVar, serviceConfigSchema } from './config-schema.ts';

const schema = serviceConfigSchema({ PORT: portVar(3001), INTAKE_WINDOW_DAYS: z.coerce.number().int().min(1) });
const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('applies defaults and points the event store and bus at the database when unset', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:54320/siks',
      JWT_PUBLIC_KEY: 'pem',
      INTAKE_WINDOW_DAYS: '7',
      PII_MASTER_KEY: KEY,
      HOST: '',
    });
    expect(config).toMatchObject({
      PORT: 3001,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      INTAKE_WINDOW_DAYS: 7,
      EVENTSTORE_URL: 'postgres://u:p@127.0.0.1:54320/siks',
      BUS_URL: 'postgres://u:p@127.0.0.1:54320/siks',
      HTTP_BODY_LIMIT_BYTES: 1_048_576,
      TRUST_PROXY: false,
    });
  });

  it('fails naming every bad variable at once, without echoing values', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        BUS_URL: 'amqp://broker',
        PII_MASTER_KEY: 'c2VjcmV0LXRvby1zaG9ydA==',
        TRUST_PROXY: 'maybe',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { issues, message } = error as ConfigError;
    expect(issues.map((issue) => issue.variable).sort()).toEqual(
      [
        'BUS_URL',
        'DATABASE_URL',
        'INTAKE_WINDOW_DAYS',
        'JWT_PUBLIC_KEY',
        'LOG_LEVEL',
        'PII_MASTER_KEY',
        'PORT',
        'TRUST_PROXY',
      ].sort(),
    );
    expect(message).toContain('invalid configuration (8 variables)');
    expect(message).toMatch(/DATABASE_URL: required/);
    expect(message).toMatch(/JWT_PUBLIC_KEY: required \(or set JWKS_URL\)/);
    expect(message).toMatch(/BUS_URL: must start with postgres:\/\//);
    expect(message).not.toContain('c2VjcmV0');
  });

  it('takes TRUST_PROXY as false/true, a hop count, or addresses and ranges (CIDR) of the proxies', () => {
    const trust = (value: string) =>
      loadConfig(schema, {
        DATABASE_URL: 'postgres://h/db',
        JWT_PUBLIC_KEY: 'pem',
        INTAKE_WINDOW_DAYS: '1',
        TRUST_PROXY: value,
      }).TRUST_PROXY;
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8')).toEqual(['10.0.0.0/8']);
    expect(trust('loopback, 172.18.0.2,fd00::/8')).toEqual(['loopback', '172.18.0.2', 'fd00::/8']);
    for (const bad of ['maybe', '-1', '10.0.0.0/33', '300.1.1.1', 'example.org']) {
      expect(() => trust(bad), bad).toThrow(/TRUST_PROXY/);
    }
  });

  it('accepts a Kafka bus of several brokers and refuses a malformed broker list', () => {
    const env = {
      DATABASE_URL: 'postgres://localhost/siks',
      JWKS_URL: 'http://gateway:3000/jwks',
      INTAKE_WINDOW_DAYS: '1',
    };
    for (const url of ['kafka://kafka:9092', 'kafka://k1:9092,k2:9092', 'kafka://k1:9092, k2:9093,k3.example:19092/']) {
      expect(loadConfig(schema, { ...env, BUS_URL: url }).BUS_URL).toBe(url);
    }
    for (const url of ['kafka://k1', 'kafka://k1:9092,,k2:9092', 'kafka://user:pw@k1:9092', 'kafka://', 'k1:9092']) {
      expect(() => loadConfig(schema, { ...env, BUS_URL: url }), url).toThrow(/BUS_URL: must start with postgres:\/\//);
    }
  });

  it('accepts a JWKS URL instead of a public key', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgresql://localhost/siks',
      JWKS_URL: 'http://127.0.0.1:3000/.well-known/jwks.json',
      INTAKE_WINDOW_DAYS: '1',
    });
    expect(config.JWKS_URL).toBe('http://127.0.0.1:3000/.well-known/jwks.json');
  });
});
