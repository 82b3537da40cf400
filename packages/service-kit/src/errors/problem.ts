/** One field problem before translation: where, which rule, and the rule's parameters. */
export interface FieldIssue {
  /** Dotted path from the root of the checked part, e.g. `members.0.nik` or `query.limit`. */
  path: string;
  /** A stable code: a catalogue `fields` key (`required`, `too_small`, …) or a schema's own. */
  code: string;
  params?: Readonly<Record<string, string | number>>;
  /** A schema author's own message, used as is when `code` is not in the catalogue. */
  message?: string;
}

export interface ProblemInit {
  status: number;
  /** A stable code: a key of the catalogue's `problems`. */
  code: string;
  params?: Readonly<Record<string, string | number>>;
  errors?: readonly FieldIssue[];
  /** Extra members of the problem document (RFC 9457 extensions); never personal data. */
  extensions?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}

/** An error that becomes an `application/problem+json` response (RFC 9457). */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly errors: readonly FieldIssue[];
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit) {
    super(`${init.status} ${init.code}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProblemError';
    this.status = init.status;
    this.code = init.code;
    this.params = init.params ?? {};
    this.errors = init.errors ?? [];
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }
}

/** 400 with field errors; thrown by `parse` and by route schema validation. */
export class ValidationProblem extends ProblemError {
  constructor(errors: readonly FieldIssue[]) {
    super({ status: 400, code: 'validation_failed', errors });
    this.name = 'ValidationProblem';
  }
}

/** 404; also the answer for anything outside the caller's region scope (leaks nothing). */
export const notFound = (): ProblemError => new ProblemError({ status: 404, code: 'not_found' });

/** 409: a concurrent change won (wrong expected revision), or a duplicate. */
export const conflict = (extensions?: Readonly<Record<string, unknown>>, code = 'conflict'): ProblemError =>
  new ProblemError({ status: 409, code, ...(extensions ? { extensions } : {}) });

/** 403: authenticated, but the role may not do this. */
export const forbidden = (): ProblemError => new ProblemError({ status: 403, code: 'forbidden' });

/** 401 with `WWW-Authenticate`, for a missing, invalid or expired token. */
export const unauthorized = (code: 'unauthorized' | 'token_expired' = 'unauthorized'): ProblemError =>
  new ProblemError({
    status: 401,
    code,
    headers: {
      'www-authenticate':
        code === 'token_expired' ? 'Bearer error="invalid_token", error_description="expired"' : 'Bearer',
    },
  });

/** 428: an update came without `If-Match`. */
export const preconditionRequired = (): ProblemError =>
  new ProblemError({ status: 428, code: 'precondition_required' });

/** 412: `If-Match` does not name the current revision. */
export const preconditionFailed = (extensions?: Readonly<Record<string, unknown>>): ProblemError =>
  new ProblemError({ status: 412, code: 'precondition_failed', ...(extensions ? { extensions } : {}) });
