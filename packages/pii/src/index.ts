export { piiMigrations } from './migrations.ts';
export { createKeyring, type Keyring, type KeyringOptions, type SealItem } from './keyring.ts';
export { isSealed, type Sealed } from './sealed.ts';
export {
  sealFields,
  openFields,
  openDeep,
  type FieldPath,
  type OpenFieldsOptions,
  type SealedField,
} from './fields.ts';
export { computeBlindIndex, normaliseForIndex } from './blind-index.ts';
export { decodeKey } from './crypto.ts';
export { maskNik } from './mask.ts';
export { SubjectForgottenError, PiiIntegrityError, type PiiIntegrityReason } from './errors.ts';
