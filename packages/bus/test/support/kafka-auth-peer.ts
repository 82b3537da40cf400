import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';

/**
 * Just enough of a Kafka broker behind TLS to see what a client sends before it may do anything:
 * the TLS handshake, ApiVersions, SaslHandshake (the mechanism) and the first SaslAuthenticate
 * (its bytes), which it refuses (error 58), so the client stops at once. For checking that TLS and
 * SASL settings reach a real kafkajs client; no broker is needed.
 */
export interface KafkaAuthPeer {
  /** `127.0.0.1:port`. */
  broker: string;
  /** PEM of the self-signed certificate the peer presents (the CA to trust). */
  certificate: string;
  /** TLS connections that completed the handshake, and those the client refused. */
  secured: number;
  refused: number;
  /** SASL mechanisms asked for, and the first SaslAuthenticate bytes received. */
  mechanisms: string[];
  authBytes: Buffer[];
  close(): Promise<void>;
}

const API = { ApiVersions: 18, SaslHandshake: 17, SaslAuthenticate: 36 } as const;

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}
function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}
const kafkaString = (text: string): Buffer => Buffer.concat([int16(Buffer.byteLength(text)), Buffer.from(text)]);

function answer(socket: TLSSocket, correlationId: number, body: Buffer): void {
  const payload = Buffer.concat([int32(correlationId), body]);
  socket.write(Buffer.concat([int32(payload.length), payload]));
}

/** A self-signed certificate for 127.0.0.1 and localhost (openssl, one day). */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startKafkaAuthPeer(): Promise<KafkaAuthPeer> {
  const { key, cert } = selfSigned();
  const sockets = new Set<TLSSocket>();
  const server = createServer({ key, cert }, (socket) => {
    peer.secured += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        const apiKey = frame.readInt16BE(0);
        const version = frame.readInt16BE(2);
        const correlationId = frame.readInt32BE(4);
        const clientIdLength = frame.readInt16BE(8);
        const body = frame.subarray(10 + Math.max(clientIdLength, 0));
        if (apiKey === API.ApiVersions) {
          const versions: [number, number, number][] = [
            [API.ApiVersions, 0, 2],
            [API.SaslHandshake, 0, 1],
            [API.SaslAuthenticate, 0, 1],
          ];
          answer(
            socket,
            correlationId,
            Buffer.concat([
              int16(0),
              int32(versions.length),
              ...versions.flatMap(([k, min, max]) => [int16(k), int16(min), int16(max)]),
              ...(version >= 1 ? [int32(0)] : []),
            ]),
          );
        } else if (apiKey === API.SaslHandshake) {
          const mechanism = body.subarray(2, 2 + body.readInt16BE(0)).toString();
          peer.mechanisms.push(mechanism);
          answer(socket, correlationId, Buffer.concat([int16(0), int32(1), kafkaString(mechanism)]));
        } else if (apiKey === API.SaslAuthenticate) {
          peer.authBytes.push(Buffer.from(body.subarray(4, 4 + body.readInt32BE(0))));
          // SASL_AUTHENTICATION_FAILED, with a message: not retried by the client.
          answer(
            socket,
            correlationId,
            Buffer.concat([
              int16(58),
              kafkaString('refused by the test peer'),
              int32(0),
              ...(version >= 1 ? [Buffer.alloc(8)] : []),
            ]),
          );
        } else {
          socket.destroy();
        }
      }
    });
  });
  server.on('tlsClientError', () => {
    peer.refused += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const peer: KafkaAuthPeer = {
    broker: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    certificate: cert,
    secured: 0,
    refused: 0,
    mechanisms: [],
    authBytes: [],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return peer;
}
