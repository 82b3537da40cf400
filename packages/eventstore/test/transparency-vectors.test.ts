import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checkInclusionProof, leafData, openCheckpoint, type InclusionProof } from '../src/index.ts';
import { buildVectors, type AuditLogVectors } from './audit-log-vectors.ts';

const committed = JSON.parse(
  await readFile(new URL('./audit-log-vectors.json', import.meta.url), 'utf8'),
) as AuditLogVectors;

// The console's verifier (apps/console/src/audit/log-proof.test.ts) checks the same file.
describe('audit log test vectors shared with the console', () => {
  it('are what the server side computes today', () => {
    expect(committed).toEqual(buildVectors());
  });

  it('hold together: every proof verifies, the checkpoint opens, the forged one does not', () => {
    for (const { leaf, text } of committed.leaves) expect(leafData(leaf).toString('utf8')).toBe(text);
    for (const { leafIndex, treeSize, proof } of committed.inclusion) {
      const entry = committed.leaves[leafIndex];
      if (!entry) throw new Error('vector leaf missing');
      const full: InclusionProof = {
        leafIndex,
        treeSize,
        leaf: entry.leaf,
        leafHash: entry.leafHash,
        proof,
        root: committed.roots[treeSize] ?? '',
      };
      expect(checkInclusionProof(full), `${leafIndex}/${treeSize}`).toBe(true);
      expect(checkInclusionProof({ ...full, leafIndex: (leafIndex + 1) % treeSize }), `${leafIndex}/${treeSize}`).toBe(
        treeSize === 1,
      );
    }
    const opened = openCheckpoint(committed.checkpoint.note, committed.checkpoint.vkey);
    expect(opened.root.toString('hex')).toBe(committed.roots[7]);
    expect(() => openCheckpoint(committed.forgedNote, committed.checkpoint.vkey)).toThrow(/no valid signature/);
  });
});
