import { createPrivateKey } from 'node:crypto';
import {
  hashLeaf,
  inclusionProof,
  leafData,
  perfectNodesOf,
  rootOfLeaves,
  shortCode,
  signCheckpoint,
  verifierKey,
  type LogLeaf,
} from '../src/index.ts';

/**
 * Test vectors of the audit log shared by the server side (this package) and the console's
 * in-browser verifier (apps/console/src/audit/log-proof.ts): leaves, their canonical text and
 * hashes, roots, inclusion proofs and a signed checkpoint by a fixed throw-away key. Everything
 * is deterministic (Ed25519 signatures are), so `audit-log-vectors.json` is compared to this in
 * a test and regenerated with `node --import tsx packages/eventstore/test/audit-log-vectors.ts`.
 */
const SEED = Buffer.alloc(32, 7);
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
export const VECTOR_KEY_PEM = createPrivateKey({
  key: Buffer.concat([PKCS8_ED25519_PREFIX, SEED]),
  format: 'der',
  type: 'pkcs8',
})
  .export({ format: 'pem', type: 'pkcs8' })
  .toString();

const ORIGIN = 'siks.test/vectors';

function leaves(): LogLeaf[] {
  const out: LogLeaf[] = [];
  for (let i = 0; i < 7; i += 1) {
    out.push({
      v: 1,
      logPosition: `${1000 + i}:${i + 1}`,
      eventId: `0190a000-0000-7000-8000-00000000000${i}`,
      streamId:
        i % 2 === 0 ? 'proposal-0190a000-0000-7000-8000-aaaaaaaaaaaa' : 'case-0190a000-0000-7000-8000-bbbbbbbbbbbb',
      revision: Math.floor(i / 2),
      type:
        [
          'ProposalDrafted',
          'CaseOpened',
          'ProposalSubmitted',
          'CaseVerified',
          'ProposalApproved',
          'CaseClosed',
          'ProposalAmended',
        ][i] ?? 'X',
      recordedAt: `2026-12-07T12:00:0${i}.12345${i}Z`,
      // One leaf without an actor, one with text that JSON escapes.
      actor:
        i === 3
          ? null
          : { userId: i === 5 ? 'op "Praya" ü' : `user-${i}`, role: 'operator_desa', regionCode: '52.02.01.1001' },
      hash: Buffer.alloc(32, i + 1).toString('hex'),
    });
  }
  return out;
}

export interface AuditLogVectors {
  leaves: { leaf: LogLeaf; text: string; leafHash: string }[];
  /** roots[n] = root of the first n leaves. */
  roots: string[];
  inclusion: { leafIndex: number; treeSize: number; proof: string[] }[];
  checkpoint: { note: string; vkey: string; size: number; rootBase64: string; shortCode: string };
  /** The same note with one character of the root changed: its signature must fail. */
  forgedNote: string;
}

export function buildVectors(): AuditLogVectors {
  const all = leaves();
  const hashes = all.map((leaf) => hashLeaf(leaf));
  const roots = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => rootOfLeaves(hashes.slice(0, n)).toString('hex'));
  const inclusion: AuditLogVectors['inclusion'] = [];
  for (const treeSize of [1, 2, 3, 5, 7]) {
    const nodes = perfectNodesOf(hashes.slice(0, treeSize));
    for (let leafIndex = 0; leafIndex < treeSize; leafIndex += 1) {
      inclusion.push({
        leafIndex,
        treeSize,
        proof: inclusionProof(nodes, leafIndex, treeSize).map((hash) => hash.toString('hex')),
      });
    }
  }
  const root = rootOfLeaves(hashes);
  const signed = signCheckpoint({ origin: ORIGIN, size: 7, root, time: '2026-12-07T12:00:10.000Z' }, VECTOR_KEY_PEM);
  const rootBase64 = root.toString('base64');
  const forgedRoot = Buffer.from(root);
  forgedRoot[0] = (forgedRoot[0] ?? 0) ^ 1;
  return {
    leaves: all.map((leaf, index) => ({
      leaf,
      text: leafData(leaf).toString('utf8'),
      leafHash: (hashes[index] as Buffer).toString('hex'),
    })),
    roots,
    inclusion,
    checkpoint: {
      note: signed.text,
      vkey: verifierKey(ORIGIN, VECTOR_KEY_PEM),
      size: 7,
      rootBase64,
      shortCode: shortCode(signed),
    },
    forgedNote: signed.text.replace(rootBase64, forgedRoot.toString('base64')),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '-')) {
  const { writeFile } = await import('node:fs/promises');
  const target = new URL('./audit-log-vectors.json', import.meta.url);
  await writeFile(target, `${JSON.stringify(buildVectors(), null, 2)}\n`);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
