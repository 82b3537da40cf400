/**
 * Who may see which personal data, and the record of every read of it (docs/security.md):
 * `@siks/service-kit/access`, kept out of the main entry so services without personal data
 * (gateway, reporting) do not load the event store and the PII package.
 */
export {
  disclosureOf,
  discloseRecord,
  maskIdentityNumbers,
  recordFields,
  IDENTITY_KEYS,
  WITHHELD_KEYS,
  type Disclosure,
} from './disclosure.ts';
export { accessRegion } from './read-region.ts';
export { personalReadConfigShape, personalReadLimits, type PersonalReadLimits } from './config.ts';
export {
  createPersonalReadLog,
  personalReadStream,
  readBudgetExhausted,
  type PersonalRead,
  type PersonalReadLog,
  type PersonalReadLogDeps,
  type ReaderRequest,
  type ReadingService,
} from './personal-reads.ts';
