export { piiMigrations } from './migrations.ts';
export { createKeyring, type Keyring, type KeyringOptions, type SealItem } from './keyring.ts';
export { isSealed, DEFAULT_FIELD, type Sealed } from './sealed.ts';
export {
  sealFields,
  openFields,
  openDeep,
  type FieldPath,
  type OpenFieldsOptions,
  type SealedField,
} from './fields.ts';
export { blindIndexKeyId, computeBlindIndex, normaliseForIndex } from './blind-index.ts';
export { type IndexResolver, type ResolveOptions } from './identities.ts';
export { reindexBlindIndexes, type ReindexOptions, type ReindexProgress, type ReindexResult } from './reindex.ts';
export { decodeKey, decryptBytes, encryptBytes } from './crypto.ts';
export { maskNik } from './mask.ts';
export { parsePreviousMasterKeys, rewrapSubjectKeys, type RewrapOptions, type RewrapResult } from './rotate.ts';
export { SubjectForgottenError, PiiIntegrityError, type PiiIntegrityReason } from './errors.ts';
