import { renderFieldIssues, type FieldError, type FieldIssue } from '@siks/contracts';
import { negotiateLanguage, type Language } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';
import { intakeCatalogue } from './messages.ts';

const fields = intakeCatalogue.fields ?? {};

/** The caller's language (`Accept-Language`; Bahasa Indonesia by default). */
export const languageOf = (request: FastifyRequest): Language => negotiateLanguage(request.headers['accept-language']);

/** Field issues with their text in the caller's language (for answers that are not problems). */
export function renderIssues(request: FastifyRequest, issues: readonly FieldIssue[]): FieldError[] {
  return renderFieldIssues(issues, languageOf(request), fields);
}
