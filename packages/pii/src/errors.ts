/** The subject was forgotten (crypto-shredded): nothing new may be sealed for it. */
export class SubjectForgottenError extends Error {
  override readonly name = 'SubjectForgottenError';
  constructor(readonly subjectId: string) {
    super('pii: the subject was forgotten; its data can no longer be sealed');
  }
}

export type PiiIntegrityReason =
  | 'malformed'
  | 'unknown_subject'
  | 'unknown_key_version'
  | 'key_unwrap_failed'
  | 'authentication_failed'
  | 'field_mismatch';

/**
 * A sealed value or a wrapped key did not authenticate: wrong master key, tampered
 * ciphertext, a value moved to another subject, or a key row that is missing.
 */
export class PiiIntegrityError extends Error {
  override readonly name = 'PiiIntegrityError';
  constructor(
    readonly reason: PiiIntegrityReason,
    options?: { cause?: unknown },
  ) {
    super(`pii: cannot open sealed value (${reason})`, options);
  }
}
