import type { DocumentMediaType } from '@siks/contracts';

/** One field problem of an upload, in the service kit's `FieldIssue` shape. */
export interface UploadFieldIssue {
  /** `file`, `kind`, `proposalId`, or the unknown field's name (a form field name, not data). */
  path: string;
  /** `required` | `invalid_value` | `invalid_format` | `unrecognized_keys` | `duplicate` | `too_big_string` */
  code: string;
  params?: Readonly<Record<string, string | number>>;
}

/**
 * Errors of evidence handling. `code` is a stable problem code, `status` the HTTP status,
 * `params` message values and `errors` field issues (never personal data, never the client's
 * file name); the service maps them to RFC 9457 problem+json.
 */
export class EvidenceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly params: Readonly<Record<string, string | number>>;
  readonly errors: readonly UploadFieldIssue[];

  constructor(init: {
    code: string;
    status: number;
    message: string;
    params?: Readonly<Record<string, string | number>>;
    errors?: readonly UploadFieldIssue[];
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.params = init.params ?? {};
    this.errors = init.errors ?? [];
  }
}

/** The bytes are not a JPEG, PNG or PDF. `detected` is what they look like, or `unknown`. */
export class UnsupportedTypeError extends EvidenceError {
  constructor(readonly detected: string | undefined) {
    super({
      code: 'unsupported_file_type',
      status: 415,
      message: `file content is not JPEG, PNG or PDF (detected: ${detected ?? 'unknown'})`,
      params: { detected: detected ?? 'unknown', accepted: 'image/jpeg, image/png, application/pdf' },
    });
  }
}

/** The bytes are an accepted type, but the name or declared type claims another one. */
export class TypeMismatchError extends EvidenceError {
  constructor(
    readonly claimed: DocumentMediaType,
    readonly detected: DocumentMediaType,
  ) {
    super({
      code: 'file_type_mismatch',
      status: 415,
      message: `file claims ${claimed} but its content is ${detected}`,
      params: { claimed, detected },
    });
  }
}

/** The upload's form fields are missing, unknown, repeated or invalid. */
export class UploadFieldError extends EvidenceError {
  constructor(errors: readonly UploadFieldIssue[]) {
    super({
      code: 'validation_failed',
      status: 400,
      message: `invalid upload fields: ${errors.map((e) => `${e.path} ${e.code}`).join(', ')}`,
      errors,
    });
  }
}

/** The request is not `multipart/form-data`. */
export class NotMultipartError extends EvidenceError {
  constructor() {
    super({ code: 'not_multipart', status: 415, message: 'send the upload as multipart/form-data' });
  }
}

/** More parts, files or fields than an upload may have. */
export class UploadLimitError extends EvidenceError {
  constructor(what: 'parts' | 'files' | 'fields') {
    super({ code: 'too_many_parts', status: 413, message: `too many ${what} in the upload`, params: { what } });
  }
}

/** The multipart body is broken (bad boundary, truncated, malformed headers). */
export class MalformedUploadError extends EvidenceError {
  constructor(cause?: unknown) {
    super({ code: 'malformed_multipart', status: 400, message: 'the multipart body cannot be read', cause });
  }
}
