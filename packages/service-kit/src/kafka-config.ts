import { z } from 'zod';
import { ConfigError, loadConfig, type Env } from './config.ts';

/**
 * Optional TLS and SASL for the Kafka bus (only read when `BUS_URL` is `kafka://…`). Unset, the
 * client talks plaintext without authentication (compose's single broker on its private
 * network). `KAFKA_SSL_CA_FILE` implies TLS; the password may come from a file (Docker/Kubernetes
 * secrets), never both. `@siks/bus`'s `kafkaSecurityFromSettings` turns them into client options.
 */
export const kafkaSecurityShape = {
  /** TLS to the brokers ("true"/"false"); on by itself when `KAFKA_SSL_CA_FILE` is set. */
  KAFKA_SSL: z.stringbool().optional(),
  /** PEM file of the CA(s) that signed the brokers' certificates (else the system's CAs). */
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SASL_MECHANISM: z
    .enum(['plain', 'scram-sha-256', 'scram-sha-512'], {
      error: 'must be plain, scram-sha-256 or scram-sha-512',
    })
    .optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** A file holding the SASL password (a final line break is dropped). */
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
};

type KafkaSecurityValues = { [K in keyof typeof kafkaSecurityShape]?: z.output<(typeof kafkaSecurityShape)[K]> };

/** What is wrong with the Kafka security variables taken together, by variable (empty: nothing). */
export function kafkaSecurityIssues(values: KafkaSecurityValues): { variable: string; message: string }[] {
  const issues: { variable: string; message: string }[] = [];
  if (values.KAFKA_SSL_CA_FILE && values.KAFKA_SSL === false) {
    issues.push({ variable: 'KAFKA_SSL_CA_FILE', message: 'is set but KAFKA_SSL is false' });
  }
  if (values.KAFKA_SASL_MECHANISM) {
    if (!values.KAFKA_SASL_USERNAME) {
      issues.push({ variable: 'KAFKA_SASL_USERNAME', message: 'required when KAFKA_SASL_MECHANISM is set' });
    }
    if (!values.KAFKA_SASL_PASSWORD && !values.KAFKA_SASL_PASSWORD_FILE) {
      issues.push({
        variable: 'KAFKA_SASL_PASSWORD',
        message: 'required (or KAFKA_SASL_PASSWORD_FILE) when KAFKA_SASL_MECHANISM is set',
      });
    }
  } else {
    for (const variable of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const) {
      if (values[variable]) issues.push({ variable, message: 'is set but KAFKA_SASL_MECHANISM is not' });
    }
  }
  if (values.KAFKA_SASL_PASSWORD && values.KAFKA_SASL_PASSWORD_FILE) {
    issues.push({
      variable: 'KAFKA_SASL_PASSWORD_FILE',
      message: 'set only one of KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE',
    });
  }
  return issues;
}

/**
 * The Kafka security variables alone, for a command that builds its platform configuration by
 * hand (`pii forget`): the same checks as a service's schema; throws `ConfigError` naming them.
 */
export function loadKafkaSecurity(env: Env): KafkaSecurityValues {
  const values = loadConfig(z.object(kafkaSecurityShape), env);
  const issues = kafkaSecurityIssues(values);
  if (issues.length > 0) throw new ConfigError(issues);
  return values;
}
