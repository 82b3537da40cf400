/**
 * Errors of the blob store. `code` is a stable problem code, `status` the HTTP status it
 * answers with, `params` values for the message (never personal data): the service maps them
 * to RFC 9457 problem+json.
 */
export class StorageError extends Error {
  readonly code: string;
  readonly status: number;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(code: string, status: number, message: string, params: Readonly<Record<string, string | number>> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.params = params;
  }
}

/** The stream passed `limit` bytes; it was cut off there and nothing was kept. */
export class TooLargeError extends StorageError {
  constructor(readonly limit: number) {
    super('file_too_large', 413, `file is larger than ${limit} bytes`, { limit });
  }
}

/** The stream ended without a single byte; nothing was kept. */
export class EmptyFileError extends StorageError {
  constructor() {
    super('file_empty', 400, 'file is empty');
  }
}

/** No blob has this content address. */
export class BlobNotFoundError extends StorageError {
  constructor() {
    super('blob_not_found', 404, 'no blob with this sha256');
  }
}

/** A content address that is not 64 lower-case hex digits (never used as a path). */
export class InvalidBlobIdError extends StorageError {
  constructor() {
    super('invalid_blob_id', 400, 'a blob id is 64 lower-case hex digits');
  }
}
