export {
  consistencyProof,
  consistencyRanges,
  EMPTY_ROOT,
  inclusionProof,
  inclusionRanges,
  leafHash,
  MerkleFrontier,
  nodeHash,
  perfectNodesOf,
  rangeHash,
  rootOfLeaves,
  verifyConsistency,
  verifyInclusion,
  type PerfectNodes,
} from './merkle.ts';
export { describeLeaf, hashLeaf, leafData, leafOfEvent, type LogLeaf } from './leaf.ts';
export { auditLogMigrations, extendTree, readTreeHead, type ExtendOptions, type TreeHead } from './tree-store.ts';
export {
  base32,
  CheckpointError,
  checkpointBody,
  keyId,
  openCheckpoint,
  parseVerifierKey,
  shortCode,
  signCheckpoint,
  verifierKey,
  type Checkpoint,
  type SignedCheckpoint,
} from './checkpoint.ts';
export {
  LATEST,
  listCheckpointFiles,
  publishCheckpoint,
  readCheckpoints,
  VKEY_FILE,
  type Published,
} from './checkpoint-dir.ts';
export {
  checkConsistencyProof,
  checkInclusionProof,
  ProofError,
  proveConsistency,
  proveInclusion,
  storedRoot,
  type ConsistencyProof,
  type InclusionProof,
} from './proofs.ts';
export { verifyLogAgainstCheckpoint, type LogVerification, type VerifyLogOptions } from './verify-log.ts';
export { exportLogLines, type ExportedLeaf } from './export.ts';
export { readRecordedCheckpoint, recordCheckpoint, type StoredCheckpoint } from './checkpoint-table.ts';
export { leavesOfStore, rootOfStore } from './store-leaves.ts';
