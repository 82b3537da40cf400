import { interpolate, type Language, type MessageCatalogue } from './messages.ts';
import type { FieldIssue, ProblemError } from './problem.ts';

/** A field error as sent to the client. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem document, as served with `application/problem+json`. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The `type` URI of a problem code. */
export const problemType = (code: string): string => `urn:siks:problem:${code}`;

function renderField(issue: FieldIssue, language: Language, catalogue: MessageCatalogue): FieldError {
  const params = issue.params ?? {};
  if (issue.message !== undefined) {
    const named = catalogue.fields[issue.message];
    if (named) return { path: issue.path, code: issue.message, message: interpolate(named[language], params) };
    return { path: issue.path, code: issue.code, message: issue.message };
  }
  const text = catalogue.fields[issue.code] ?? catalogue.fields['invalid'];
  return { path: issue.path, code: issue.code, message: text ? interpolate(text[language], params) : issue.code };
}

export interface RenderContext {
  language: Language;
  catalogue: MessageCatalogue;
  /** The request path (no query string). */
  instance: string;
  requestId: string;
}

/** The problem document of `problem` in the caller's language. */
export function renderProblem(problem: ProblemError, context: RenderContext): ProblemDocument {
  const { language, catalogue } = context;
  const message = catalogue.problems[problem.code];
  const params = { requestId: context.requestId, ...problem.params };
  const document: ProblemDocument = {
    ...problem.extensions,
    type: problemType(problem.code),
    title: message ? message.title[language] : problem.code,
    status: problem.status,
    code: problem.code,
    instance: context.instance,
    requestId: context.requestId,
  };
  if (message?.detail) document.detail = interpolate(message.detail[language], params);
  if (problem.errors.length > 0) {
    document.errors = problem.errors.map((issue) => renderField(issue, language, catalogue));
  }
  return document;
}
