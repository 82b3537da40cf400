/** A field error of a problem document (service-kit's render). */
export interface ProblemFieldError {
  path: string;
  code: string;
  message: string;
}

/** An `application/problem+json` answer (RFC 9457) as the services render it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/** The server answered with an error status. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  readonly headers: Headers;
  constructor(status: number, problem: Problem | undefined, headers: Headers) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.headers = headers;
  }
  get code(): string | undefined {
    return this.problem?.code;
  }
}

/** No answer at all (offline, DNS, connection reset). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

/** The session could not be renewed: the user must log in again. */
export class SessionLostError extends Error {
  constructor() {
    super('session lost');
    this.name = 'SessionLostError';
  }
}

/** Field errors of a problem keyed by path (first message wins per path). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const item of error.problem?.errors ?? []) out[item.path] ??= item.message;
  return out;
}
