import { ApiError, NetworkError, SessionLostError } from '../api/errors.ts';
import type { Translator } from '../i18n/use-t.ts';

/** A person-readable line for any failure: the server's title/detail (already in the right language) or ours. */
export function errorText(error: unknown, { t }: Pick<Translator, 't'>): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof SessionLostError) return t('error.sessionLost');
  if (error instanceof ApiError) {
    if (error.status === 404) return t('error.notFound');
    if (error.status === 409 || error.status === 412) return error.problem?.detail ?? t('error.conflict');
    const problem = error.problem;
    if (problem?.title) return problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
  }
  return t('error.generic');
}
