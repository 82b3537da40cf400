import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Env } from './config.ts';
import { serviceConfigSchema } from './config-schema.ts';
import { loadKafkaSecurity } from './kafka-config.ts';

const schema = serviceConfigSchema({});
const base = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/siks',
  JWT_PUBLIC_KEY: 'pem',
  BUS_URL: 'kafka://k1:9093,k2:9093',
};

function issues(env: Env): Record<string, string> {
  try {
    loadConfig(schema, { ...base, ...env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).not.toContain('hunter2'); // a password is never echoed
    return Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.message]));
  }
  return {};
}

describe('Kafka TLS and SASL settings', () => {
  it('are all optional: plaintext without authentication by default', () => {
    const config = loadConfig(schema, base);
    expect(config.KAFKA_SSL).toBeUndefined();
    expect(config.KAFKA_SASL_MECHANISM).toBeUndefined();
  });

  it('reads TLS, a CA file, a SASL mechanism with a username and a password or a password file', () => {
    expect(
      loadConfig(schema, {
        ...base,
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: '/run/secrets/kafka-ca.pem',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'siks-intake',
        KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka-password',
      }),
    ).toMatchObject({
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: '/run/secrets/kafka-ca.pem',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'siks-intake',
      KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka-password',
    });
    expect(
      loadConfig(schema, {
        ...base,
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'hunter2',
      }),
    ).toMatchObject({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'hunter2' });
  });

  it('names what is missing or contradictory, by variable', () => {
    expect(issues({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual({
      KAFKA_SASL_USERNAME: 'required when KAFKA_SASL_MECHANISM is set',
      KAFKA_SASL_PASSWORD: 'required (or KAFKA_SASL_PASSWORD_FILE) when KAFKA_SASL_MECHANISM is set',
    });
    expect(issues({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'hunter2' })).toEqual({
      KAFKA_SASL_USERNAME: 'is set but KAFKA_SASL_MECHANISM is not',
      KAFKA_SASL_PASSWORD: 'is set but KAFKA_SASL_MECHANISM is not',
    });
    expect(
      issues({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'hunter2',
        KAFKA_SASL_PASSWORD_FILE: '/p',
      }),
    ).toEqual({ KAFKA_SASL_PASSWORD_FILE: 'set only one of KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE' });
    expect(issues({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '/ca.pem' })).toEqual({
      KAFKA_SSL_CA_FILE: 'is set but KAFKA_SSL is false',
    });
    expect(
      issues({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'hunter2' }),
    ).toEqual({
      KAFKA_SASL_MECHANISM: 'must be plain, scram-sha-256 or scram-sha-512',
    });
    expect(issues({ KAFKA_SSL: 'sometimes' })).toHaveProperty('KAFKA_SSL');
  });
});

describe('loadKafkaSecurity (commands that build their platform configuration by hand)', () => {
  it('reads the same variables with the same checks', () => {
    expect(
      loadKafkaSecurity({
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toEqual({
      KAFKA_SSL: true,
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    });
    expect(loadKafkaSecurity({ DATABASE_URL: 'postgres://x/y' })).toEqual({});
    expect(() => loadKafkaSecurity({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_USERNAME: required/);
  });
});
