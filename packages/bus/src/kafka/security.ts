import { readFile } from 'node:fs/promises';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** TLS and SASL of the Kafka client, as kafkajs takes them (`new Kafka({ ssl, sasl })`). */
export interface KafkaSecurity {
  /** `true`: TLS with the system's CAs; `{ ca }`: TLS trusting these PEM certificates. */
  ssl?: boolean | { ca: string[] };
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
}

/**
 * The service configuration's Kafka security variables. `@siks/service-kit`'s schema checks
 * them together (`kafkaSecurityIssues`: SASL needs a username and one password source, …), so
 * a service fails at start naming the variable; here they are only turned into client options.
 */
export interface KafkaSecuritySettings {
  KAFKA_SSL?: boolean | undefined;
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_SASL_PASSWORD_FILE?: string | undefined;
}

/** A file named by `variable`, read; the error names the variable and the path, never the content. */
async function readSetting(variable: string, path: string, read: (path: string) => Promise<string>): Promise<string> {
  try {
    return await read(path);
  } catch (error) {
    throw new Error(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * The client's TLS and SASL from the settings: reads the CA file and the password file (a final
 * line break is dropped, as secrets files usually end with one). Throws naming the variable on
 * an unreadable file. No settings: no TLS, no SASL (the plaintext listener).
 */
export async function kafkaSecurityFromSettings(
  settings: KafkaSecuritySettings,
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<KafkaSecurity> {
  const security: KafkaSecurity = {};
  if (settings.KAFKA_SSL_CA_FILE) {
    security.ssl = { ca: [await readSetting('KAFKA_SSL_CA_FILE', settings.KAFKA_SSL_CA_FILE, read)] };
  } else if (settings.KAFKA_SSL) {
    security.ssl = true;
  }
  const mechanism = settings.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    if (!settings.KAFKA_SASL_USERNAME)
      throw new Error('KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set');
    const password = settings.KAFKA_SASL_PASSWORD_FILE
      ? (await readSetting('KAFKA_SASL_PASSWORD_FILE', settings.KAFKA_SASL_PASSWORD_FILE, read)).replace(/\r?\n$/, '')
      : (settings.KAFKA_SASL_PASSWORD ?? '');
    security.sasl = { mechanism, username: settings.KAFKA_SASL_USERNAME, password };
  }
  return security;
}

/** The parts of kafkajs's client configuration that `security` sets. */
export function kafkaSecurityConfig(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return {
    ...(security.ssl === undefined ? {} : { ssl: security.ssl }),
    ...(security.sasl ? { sasl: security.sasl as SASLOptions } : {}),
  };
}
