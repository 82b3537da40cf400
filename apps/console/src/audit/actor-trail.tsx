import { useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner } from '../components/fields.tsx';
import { useAsync } from '../components/use-async.ts';
import { eventTitle } from '../i18n/event-titles.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import { ChangeList } from './change-list.tsx';
import type { ReportAuditEntry } from './timeline.ts';

interface Entry extends ReportAuditEntry {
  proposalId: string | null;
  regionCode: string | null;
}

/**
 * The audit explorer filtered by person (`/audit?actor=<userId>`): everything one operator or
 * verifikator did in the caller's scope, newest first, page by page, each event linking to its
 * proposal's whole timeline. The supervisor view drills down to here.
 */
export function ActorTrail({ actor, name }: { actor: string; name: string }) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const [cursor, setCursor] = useState<string | undefined>();
  const [entries, setEntries] = useState<Entry[]>([]);
  const page = useAsync(async () => {
    const query = new URLSearchParams({ actor, order: 'desc', limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const answer = await api.get<{ items: Entry[]; nextCursor: string | null }>(
      `/v1/reports/audit?${query.toString()}`,
    );
    setEntries((previous) => (cursor ? [...previous, ...answer.items] : answer.items));
    return answer;
  }, [actor, cursor]);
  return (
    <div data-testid="actor-trail" data-actor={actor}>
      <h2>{t('audit.byActor', { who: name })}</h2>
      <p class="hint">{t('audit.byActorHint')}</p>
      <ErrorBanner message={page.error ? errorText(page.error, tr) : undefined} />
      {page.loading && entries.length === 0 ? <p aria-busy="true">{t('app.loading')}</p> : null}
      {!page.loading && entries.length === 0 ? <p>{t('app.none')}</p> : null}
      <ol class="timeline">
        {entries.map((entry) => (
          <li key={entry.eventId} data-testid="actor-entry" data-event-type={entry.type}>
            <p>
              <strong>{eventTitle(entry.type, lang)}</strong> ·{' '}
              <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, lang)}</time> ·{' '}
              {label('channel', entry.channel)}
              {entry.proposalId ? (
                <>
                  {' · '}
                  <a href={`${routePath('audit')}?proposalId=${encodeURIComponent(entry.proposalId)}`}>
                    {t('audit.proposalOf', { id: entry.proposalId.slice(0, 8) })}
                  </a>
                </>
              ) : null}
            </p>
            {entry.reason ? (
              <p>
                {t('audit.reason')}: {entry.reason}
              </p>
            ) : null}
            <ChangeList changes={entry.changes} />
          </li>
        ))}
      </ol>
      {page.data?.nextCursor ? (
        <button type="button" class="btn btn-secondary" onClick={() => setCursor(page.data?.nextCursor ?? undefined)}>
          {t('app.more')}
        </button>
      ) : null}
    </div>
  );
}
