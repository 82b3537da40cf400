import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { decodeKey, publicJwks, verifyFileSignature } from '@siks/service-kit';
import { layout } from '../paths.ts';
import { exportSigningKeyPath } from '../services.ts';
import { ExitCode, type CliIo } from './io.ts';

const USAGE = `usage: pnpm siks export verify <file> <signature file> [--jwks <file or URL>] [--key <PEM file>]
  Checks a signed cut-off export (docs/cutoff-export.md): the JWS in <signature file> against the
  registry's export key, then the file's SHA-256 against the signed one. Keys: --jwks (the JSON of
  GET /v1/registry/export-keys, a file or a URL), --key (a PEM key file, public or private), else
  the embedded default's .data/keys/export-signing.pem.
`;

type Jwks = Parameters<typeof verifyFileSignature>[2];

async function loadJwks(options: { jwks?: string; key?: string }, io: CliIo): Promise<Jwks> {
  if (options.jwks !== undefined) {
    const text = /^https?:\/\//.test(options.jwks)
      ? await (await fetch(options.jwks)).text()
      : await readFile(options.jwks, 'utf8');
    return JSON.parse(text) as Jwks;
  }
  const path = options.key ?? exportSigningKeyPath(layout(io.env).dataDir);
  const text = await readFile(path, 'utf8');
  const kind = text.includes('PRIVATE KEY') ? 'private' : 'public';
  const publicPem = createPublicKey(decodeKey(text, kind)).export({ type: 'spki', format: 'pem' }).toString();
  return publicJwks(publicPem);
}

/** `siks export verify <file> <sig> [--jwks …] [--key …]`: 0 valid, 1 not valid, 2 usage. */
export async function runExport(args: readonly string[], io: CliIo): Promise<number> {
  const positional: string[] = [];
  const options: { jwks?: string; key?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--jwks' || arg === '--key') {
      const value = args[++i];
      if (value === undefined) return usage(io);
      options[arg === '--jwks' ? 'jwks' : 'key'] = value;
    } else positional.push(arg);
  }
  const [command, file, signature] = positional;
  if (command !== 'verify' || file === undefined || signature === undefined || positional.length > 3) return usage(io);
  const verdict = await verifyFileSignature(
    await readFile(file),
    await readFile(signature, 'utf8'),
    await loadJwks(options, io),
  );
  if (verdict.valid) {
    io.out(`${JSON.stringify(verdict.payload, null, 2)}\nvalid: signed by key ${verdict.keyId}, checksum matches\n`);
    return ExitCode.ok;
  }
  io.err(`not valid: ${verdict.why}\n`);
  return ExitCode.failed;
}

function usage(io: CliIo): number {
  io.err(USAGE);
  return ExitCode.usage;
}
