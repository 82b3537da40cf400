/**
 * A verifier of an exported audit-log segment that needs no database and nothing of SIKS: only
 * Node's own modules, so a third party can read it whole, or write their own from
 * TRANSPARENCY.md and compare. Given the directory `pnpm siks audit export --out DIR` wrote:
 *
 *   node --import tsx packages/eventstore/src/transparency/standalone-verify.ts DIR [--vkey FILE]
 *
 * it checks every checkpoint's Ed25519 signature, recomputes every event's chained content hash
 * from its exported content, every leaf hash, and the Merkle root at every checkpoint's size.
 * Exit 0 when everything holds, 1 naming what does not, 2 on a wrong command line.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const sha256 = (...parts: (Buffer | string)[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** Keys sorted by UTF-16 code units at every depth, no whitespace, JSON.stringify's strings and numbers. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

interface Checkpoint {
  file: string;
  size: number;
  root: Buffer;
}

/** Opens a C2SP signed-note checkpoint with the verifier key `name+keyid+base64(0x01‖key)`. */
function openCheckpoint(file: string, text: string, vkey: string): Checkpoint {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  const name = vkey.slice(0, first);
  const id = Buffer.from(vkey.slice(first + 1, second), 'hex');
  const encoded = Buffer.from(vkey.slice(second + 1), 'base64');
  if (first < 1 || encoded.length !== 33 || encoded[0] !== 1) throw new Error('not an Ed25519 verifier key');
  const raw = encoded.subarray(1);
  if (
    !sha256(`${name}\n`, Buffer.from([1]), raw)
      .subarray(0, 4)
      .equals(id)
  )
    throw new Error('verifier key id mismatch');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  const split = text.indexOf('\n\n');
  const body = text.slice(0, split + 1);
  const [origin, size, root] = body.split('\n');
  const signed = text
    .slice(split + 2)
    .split('\n')
    .some((line) => {
      const [dash, signer, stamp] = line.split(' ');
      const bytes = Buffer.from(stamp ?? '', 'base64');
      return (
        dash === '\u2014' &&
        signer === name &&
        bytes.length === 68 &&
        bytes.subarray(0, 4).equals(id) &&
        verify(null, Buffer.from(body), key, bytes.subarray(4))
      );
    });
  if (split < 0 || !signed) throw new Error(`${file}: no valid signature by ${name}`);
  if (origin !== name) throw new Error(`${file}: checkpoint of log "${origin}", key of "${name}"`);
  if (!/^\d+$/.test(size ?? '')) throw new Error(`${file}: no tree size`);
  return { file, size: Number(size), root: Buffer.from(root ?? '', 'base64') };
}

/** The right edge of the tree as it grows: one complete subtree per set bit of the size. */
class Frontier {
  private readonly levels: (Buffer | undefined)[] = [];
  size = 0;
  add(leaf: Buffer): void {
    let carry = leaf;
    let level = 0;
    for (let count = this.size; count % 2 === 1; count = Math.floor(count / 2)) {
      carry = sha256(Buffer.from([1]), this.levels[level] as Buffer, carry);
      this.levels[level] = undefined;
      level += 1;
    }
    this.levels[level] = carry;
    this.size += 1;
  }
  root(): Buffer {
    let root: Buffer | undefined;
    for (const hash of this.levels) {
      if (hash) root = root ? sha256(Buffer.from([1]), hash, root) : hash;
    }
    return root ?? sha256();
  }
}

export interface ExportVerification {
  ok: boolean;
  /** One line per finding, good or bad, for a person. */
  report: string[];
}

export async function verifyExport(dir: string, vkeyText: string): Promise<ExportVerification> {
  const report: string[] = [];
  let ok = true;
  const fail = (line: string): void => {
    ok = false;
    report.push(`BROKEN: ${line}`);
  };
  const vkey = vkeyText.trim();
  const checkpoints: Checkpoint[] = [];
  const checkpointDir = join(dir, 'checkpoints');
  for (const name of (await readdir(checkpointDir)).filter((n) => /^checkpoint-\d+\.txt$/.test(n)).sort()) {
    try {
      checkpoints.push(openCheckpoint(name, await readFile(join(checkpointDir, name), 'utf8'), vkey));
    } catch (error) {
      fail((error as Error).message);
    }
  }
  checkpoints.sort((a, b) => a.size - b.size);
  const frontier = new Frontier();
  const chains = new Map<string, { next: number; previous: Buffer }>();
  let next = 0;
  const check = (): void => {
    while (checkpoints[next] && (checkpoints[next] as Checkpoint).size === frontier.size) {
      const checkpoint = checkpoints[next] as Checkpoint;
      if (frontier.root().equals(checkpoint.root))
        report.push(`ok: ${checkpoint.file}: root of ${checkpoint.size} leaves matches`);
      else
        fail(
          `${checkpoint.file}: the root of the first ${checkpoint.size} exported leaves differs from the signed root`,
        );
      next += 1;
    }
  };
  check();
  const lines = createInterface({ input: createReadStream(join(dir, 'leaves.jsonl')), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text === '') continue;
    const { index, leaf, event } = JSON.parse(text) as {
      index: number;
      leaf: { streamId: string; revision: number; eventId: string; type: string; hash: string };
      event?: { schemaVersion: number; data: unknown; metadata: unknown };
    };
    const where = `leaf ${frontier.size} (stream ${leaf.streamId} revision ${leaf.revision})`;
    if (index !== frontier.size) fail(`${where}: numbered ${index}`);
    if (event) {
      const chain = chains.get(leaf.streamId) ?? { next: 0, previous: Buffer.alloc(32) };
      const content = canonical({
        streamId: leaf.streamId,
        revision: leaf.revision,
        eventId: leaf.eventId,
        type: leaf.type,
        ...event,
      });
      const hash = sha256(chain.previous, sha256(content));
      if (leaf.revision !== chain.next) fail(`${where}: the stream's previous exported revision was ${chain.next - 1}`);
      if (hash.toString('hex') !== leaf.hash) fail(`${where}: its content does not hash to the leaf's content hash`);
      chains.set(leaf.streamId, { next: leaf.revision + 1, previous: Buffer.from(leaf.hash, 'hex') });
    }
    frontier.add(sha256(Buffer.from([0]), canonical(leaf)));
    check();
  }
  for (const checkpoint of checkpoints.slice(next)) {
    fail(`${checkpoint.file}: the export has ${frontier.size} leaves, fewer than the checkpoint's ${checkpoint.size}`);
  }
  report.push(`${frontier.size} leaves, ${chains.size} streams, ${checkpoints.length} checkpoints read`);
  return { ok, report };
}

async function main(args: string[]): Promise<number> {
  const [dir, flag, vkeyFile] = args;
  if (!dir || (flag !== undefined && (flag !== '--vkey' || !vkeyFile))) {
    process.stderr.write('usage: standalone-verify.ts EXPORT_DIR [--vkey FILE]\n');
    return 2;
  }
  if (!vkeyFile)
    process.stderr.write('no --vkey: trusting the key in the export itself (pin one to rely on the result)\n');
  const vkey = await readFile(vkeyFile ?? join(dir, 'checkpoints', 'public.vkey'), 'utf8');
  const result = await verifyExport(dir, vkey);
  process.stdout.write(`${result.report.join('\n')}\n`);
  return result.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
