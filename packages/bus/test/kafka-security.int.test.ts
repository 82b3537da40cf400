import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { createPool } from '@siks/pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusFromUrl, kafkaClientConfig, kafkaSecurityFromSettings } from '../src/index.ts';
import { eventually } from './eventually.ts';
import { startKafkaAuthPeer, type KafkaAuthPeer } from './support/kafka-auth-peer.ts';

/**
 * KAFKA_SSL*, KAFKA_SASL* reach kafkajs: a real client (through `createBusFromUrl`, as the
 * platform makes it) talks TLS to a peer that trusts nothing but the configured CA and sees the
 * SASL mechanism, username and password it sends. No broker: the peer speaks just enough Kafka
 * (support/kafka-auth-peer.ts). A real TLS/SASL broker has not been tried here.
 */
let peer: KafkaAuthPeer;
let dir: string;
// Never connected: the Kafka adapter does not use the pool.
const pool = createPool({ url: 'postgres://127.0.0.1:1/unused', max: 1, applicationName: 'unused' });

beforeAll(async () => {
  peer = await startKafkaAuthPeer();
  dir = await mkdtemp(join(tmpdir(), 'kafka-security-'));
  await writeFile(join(dir, 'ca.pem'), peer.certificate);
  await writeFile(join(dir, 'password'), 'pass word from a file\n');
});
afterAll(async () => {
  await peer?.close();
  await pool.end();
  await rm(dir, { recursive: true, force: true });
});

describe('Kafka TLS and SASL settings', () => {
  it('reads the CA file and the password file, and leaves plaintext alone without settings', async () => {
    expect(await kafkaSecurityFromSettings({})).toEqual({});
    expect(await kafkaSecurityFromSettings({ KAFKA_SSL: true })).toEqual({ ssl: true });
    expect(
      await kafkaSecurityFromSettings({
        KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'siks',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
      }),
    ).toEqual({
      ssl: { ca: [peer.certificate] },
      sasl: { mechanism: 'scram-sha-256', username: 'siks', password: 'pass word from a file' },
    });
    await expect(kafkaSecurityFromSettings({ KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).rejects.toThrow(
      /^KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)$/,
    );
    await expect(kafkaSecurityFromSettings({ KAFKA_SASL_MECHANISM: 'plain' })).rejects.toThrow(/KAFKA_SASL_USERNAME/);
  });

  it('puts them into the client configuration the bus constructs kafkajs with', async () => {
    const security = await kafkaSecurityFromSettings({
      KAFKA_SSL: true,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'siks',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(kafkaClientConfig({ brokers: ['k:9093'], clientId: 'c', security })).toMatchObject({
      brokers: ['k:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'siks', password: 'secret' },
    });
    expect(kafkaClientConfig({ brokers: ['k:9092'], clientId: 'c' })).not.toHaveProperty('ssl');
  });

  it('talks TLS trusting the CA file and authenticates with SASL PLAIN from the password file', async () => {
    const security = await kafkaSecurityFromSettings({
      KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'siks-intake',
      KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
    });
    const bus = createBusFromUrl(`kafka://${peer.broker}`, pool, { kafka: { security, logLevel: 'nothing' } });
    try {
      await expect(bus.lag('g', ['t'])).rejects.toThrow(/refused by the test peer/);
    } finally {
      await bus.close();
    }
    expect(peer.secured).toBeGreaterThan(0);
    expect(peer.mechanisms).toContain('PLAIN');
    expect(peer.authBytes.map((bytes) => bytes.toString())).toContain('\0siks-intake\0pass word from a file');
  });

  it('sends the SCRAM mechanism and username; refuses the peer without its CA', async () => {
    const scram = await kafkaSecurityFromSettings({
      KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'siks-registry',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    const bus = createBusFromUrl(`kafka://${peer.broker}`, pool, { kafka: { security: scram, logLevel: 'nothing' } });
    try {
      await expect(bus.lag('g', ['t'])).rejects.toThrow(/refused by the test peer/);
    } finally {
      await bus.close();
    }
    expect(peer.mechanisms).toContain('SCRAM-SHA-512');
    expect(peer.authBytes.map((bytes) => bytes.toString())).toContainEqual(
      expect.stringMatching(/^n,,n=siks-registry,r=/),
    );

    // TLS with the system's CAs only: the self-signed peer is refused during the handshake.
    const [refusedBefore, securedBefore] = [peer.refused, peer.secured];
    const client = new Kafka({
      ...kafkaClientConfig({ brokers: [peer.broker], clientId: 'c', logLevel: 'nothing', security: { ssl: true } }),
      retry: { retries: 0 },
    });
    const admin = client.admin();
    await expect(admin.connect()).rejects.toThrow(/certificate/);
    await eventually(() => expect(peer.refused).toBeGreaterThan(refusedBefore), 5_000);
    expect(peer.secured).toBe(securedBefore);
  });
});
