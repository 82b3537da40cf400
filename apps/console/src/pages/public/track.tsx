import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/errors.ts';
import { errorText } from '../../components/error-text.ts';
import { ErrorBanner, TextField } from '../../components/fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { consoleContext } from '../../session.ts';

interface Tracked {
  stage: string;
  category: string;
  villageCode: string;
  receivedAt: string;
  stageAt: string;
  founded?: boolean;
  proposalStage?: string;
  answer?: { upheld: boolean; text: string };
}

/**
 * `/lacak`: a complaint followed with its tracking code, no account. The code is typed (or
 * handed over from the complaint page in memory), never put in the address: an address ends up
 * in histories and logs.
 */
export function PublicTrackPage({ initialCode }: { initialCode?: string }) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const [code, setCode] = useState(initialCode ?? '');
  const [tracked, setTracked] = useState<Tracked | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const look = async (value: string): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    setTracked(undefined);
    try {
      const response = await api.request<Tracked>('POST', '/v1/intake/complaints/track', { json: { code: value } });
      setTracked(response.data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setFailure(t('track.notFound'));
      else if (error instanceof ApiError && error.status === 429)
        setFailure(t('cek.limited', { seconds: error.headers.get('retry-after') ?? '60' }));
      else setFailure(errorText(error, tr));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (initialCode) void look(initialCode);
  }, [initialCode]);

  return (
    <section class="narrow">
      <h1>{t('track.title')}</h1>
      <form
        data-testid="track-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (code.trim() !== '') void look(code.trim());
        }}
      >
        <ErrorBanner message={failure} />
        <TextField id="track-code" label={t('track.code')} value={code} onInput={setCode} maxLength={40} required />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('track.submit')}
        </button>
      </form>
      {tracked ? (
        <dl class="card" data-testid="track-result" data-stage={tracked.stage} role="status">
          <dt>{t('track.stage')}</dt>
          <dd>
            {label('cstage', tracked.stage)} · {t('track.since')} {formatDateTime(tracked.stageAt, lang)}
          </dd>
          <dt>{t('complaint.kind')}</dt>
          <dd>{label('category', tracked.category)}</dd>
          {tracked.founded !== undefined ? (
            <>
              <dt>{t('track.founded')}</dt>
              <dd>{t(tracked.founded ? 'track.founded.true' : 'track.founded.false')}</dd>
            </>
          ) : null}
          {tracked.proposalStage !== undefined ? (
            <>
              <dt>{t('track.proposal')}</dt>
              <dd data-testid="track-proposal-stage" data-stage={tracked.proposalStage}>
                {label('stage', tracked.proposalStage)}
              </dd>
            </>
          ) : null}
          {tracked.answer ? (
            <>
              <dt>{t('track.answer')}</dt>
              <dd data-testid="track-answer">
                <strong>{t(tracked.answer.upheld ? 'track.upheld.true' : 'track.upheld.false')}</strong>{' '}
                {tracked.answer.text}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
