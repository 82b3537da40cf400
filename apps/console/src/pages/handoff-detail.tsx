import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, Notice, TextArea } from '../components/fields.tsx';
import { RegionName } from '../components/region-name.tsx';
import { useAsync } from '../components/use-async.ts';
import { reasonText } from '../i18n/reason-codes.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime, formatMonth } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import { stageKey, type Stage } from './handoff-list.tsx';
import type { PageProps } from './types.ts';

interface Handoff {
  cutoffId: string;
  regencyCode: string;
  period: string;
  stage: Stage;
  returnReason?: string;
  exports: { sha256: string; rows: number; households: number; at: string }[];
  answers: { accepted: number; returned: number };
  returned: { householdId: string; proposalId: string; regionCode: string; reason?: string }[];
}

interface ExportFile {
  fileName: string;
  content: string;
  sha256: string;
  rows: number;
  households: number;
  signature: string;
}

interface AnswerOutcome {
  recorded: number;
  unchanged: number;
  returned: number;
  handoff: Handoff;
}

const PROVINCE = new Set(['admin_provinsi', 'pusdatin']);

/** A blob URL for a text file, revoked when the page lets go of it. */
function useFileUrl(text: string | undefined, type: string): string | undefined {
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    if (text === undefined) return;
    const next = URL.createObjectURL(new Blob([text], { type }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [text]);
  return url;
}

/**
 * `/penetapan/:id`: one cut-off above the regency. The regency sends it to the province; the
 * province forwards it to the ministry or returns it with a reason, exports the signed file
 * (recorded as a personal-data read), and uploads the ministry's answer file; households the
 * ministry returned are listed with their reopened verification cases.
 */
export function HandoffPage({ params, user }: PageProps) {
  const tr = useT();
  const { t, lang } = tr;
  const { api } = consoleContext();
  const id = params['id'] ?? '';
  const [handoff, setHandoff] = useState<Handoff | undefined>();
  const loaded = useAsync(() => api.get<Handoff>(`/v1/registry/cutoffs/${encodeURIComponent(id)}/handoff`), [id]);
  const current = handoff ?? loaded.data;
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [file, setFile] = useState<ExportFile | undefined>();
  const [answers, setAnswers] = useState<File | undefined>();
  const [busy, setBusy] = useState(false);
  const csvUrl = useFileUrl(file?.content, 'text/csv;charset=utf-8');
  const sigUrl = useFileUrl(file?.signature, 'application/jose');
  const province = PROVINCE.has(user.role);

  const act = async (run: () => Promise<void>): Promise<void> => {
    setError(undefined);
    setNotice(undefined);
    setBusy(true);
    try {
      await run();
    } catch (failure) {
      setError(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };
  const post = async <T,>(path: string, json: unknown = {}): Promise<T> =>
    (await api.request<T>('POST', `/v1/registry/cutoffs/${encodeURIComponent(id)}/${path}`, { json })).data;

  const submit = () =>
    act(async () => {
      setHandoff(await post<Handoff>('submission'));
      setNotice(t('handoff.submitted'));
    });
  const review = (decision: 'forward' | 'return') =>
    act(async () => {
      setReasonError(undefined);
      if (decision === 'return' && reason.trim() === '') return setReasonError(t('handoff.reasonRequired'));
      if (decision === 'forward' && !window.confirm(t('handoff.confirmForward'))) return;
      setHandoff(await post<Handoff>('review', { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
    });
  const exportFile = () =>
    act(async () => {
      const exported = await post<ExportFile>('export');
      setFile(exported);
      loaded.reload();
      setHandoff(undefined);
    });
  const upload = (event: Event) => {
    event.preventDefault();
    return act(async () => {
      if (!answers) return setError(t('handoff.pickFile'));
      const body = new Blob([await answers.text()], { type: 'text/csv' });
      const { data } = await api.request<AnswerOutcome>(
        'POST',
        `/v1/registry/cutoffs/${encodeURIComponent(id)}/answers/file`,
        { body },
      );
      setHandoff(data.handoff);
      setNotice(t('handoff.uploaded', { recorded: data.recorded, unchanged: data.unchanged, returned: data.returned }));
    });
  };

  if (loaded.error && !current) return <ErrorBanner message={errorText(loaded.error, tr)} />;
  if (!current) return <p aria-busy="true">{t('app.loading')}</p>;
  const { stage } = current;
  return (
    <section>
      <h1>
        {t('handoff.heading', { regency: current.regencyCode, period: formatMonth(current.period, lang) })}{' '}
        <small>
          (<RegionName code={current.regencyCode} />)
        </small>
      </h1>
      <p>
        <strong data-testid="handoff-stage">{t(stageKey(stage))}</strong>
      </p>
      {stage === 'returned' && current.returnReason ? (
        <p class="banner" data-testid="handoff-return-reason">
          {t('handoff.returnReason', { reason: current.returnReason })}
        </p>
      ) : null}
      <ErrorBanner message={error} />
      <Notice message={notice} />

      {user.role === 'admin_kabkota' && (stage === 'fixed' || stage === 'returned') ? (
        <button
          type="button"
          class="btn btn-primary"
          disabled={busy}
          onClick={() => void submit()}
          data-testid="handoff-submit"
        >
          {t('handoff.submit')}
        </button>
      ) : null}

      {province && stage === 'submitted' ? (
        <div class="card" data-testid="handoff-review">
          <h2>{t('handoff.review')}</h2>
          <TextArea
            id="handoff-reason"
            label={t('handoff.reason')}
            value={reason}
            onInput={setReason}
            error={reasonError}
          />
          <button
            type="button"
            class="btn btn-primary"
            disabled={busy}
            onClick={() => void review('forward')}
            data-testid="handoff-forward"
          >
            {t('handoff.forward')}
          </button>{' '}
          <button
            type="button"
            class="btn btn-secondary"
            disabled={busy}
            onClick={() => void review('return')}
            data-testid="handoff-return"
          >
            {t('handoff.return')}
          </button>
        </div>
      ) : null}

      {province && stage === 'forwarded' ? (
        <div class="card" data-testid="handoff-export">
          <h2>{t('handoff.export')}</h2>
          <p class="hint">{t('handoff.exportHint')}</p>
          <button
            type="button"
            class="btn btn-primary"
            disabled={busy}
            onClick={() => void exportFile()}
            data-testid="handoff-export-button"
          >
            {t('handoff.exportButton')}
          </button>
          {file && csvUrl && sigUrl ? (
            <div data-testid="handoff-exported">
              <p>
                {t('handoff.exported', {
                  file: file.fileName,
                  rows: file.rows,
                  households: file.households,
                  sha: file.sha256,
                })}
              </p>
              <a class="btn btn-link" href={csvUrl} download={file.fileName} data-testid="handoff-download-csv">
                {t('handoff.downloadFile')}
              </a>{' '}
              <a
                class="btn btn-link"
                href={sigUrl}
                download={`${file.fileName}.sig`}
                data-testid="handoff-download-sig"
              >
                {t('handoff.downloadSig')}
              </a>
            </div>
          ) : null}
        </div>
      ) : null}

      {current.exports.length > 0 ? (
        <>
          <h2>{t('handoff.exports')}</h2>
          <ul>
            {current.exports.map((entry) => (
              <li key={`${entry.at}-${entry.sha256}`}>
                {t('handoff.exportLine', { time: formatDateTime(entry.at, lang), rows: entry.rows, sha: entry.sha256 })}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {stage === 'forwarded' ? (
        <div class="card" data-testid="handoff-answers">
          <h2>{t('handoff.answers')}</h2>
          <p data-testid="handoff-counts">
            {t('handoff.counts', { accepted: current.answers.accepted, returned: current.answers.returned })}
          </p>
          {province ? (
            <form onSubmit={(event) => void upload(event)} noValidate>
              <p class="hint">{t('handoff.answersHint')}</p>
              <label for="handoff-answer-file">{t('handoff.answerFile')}</label>
              <input
                id="handoff-answer-file"
                type="file"
                accept=".csv,text/csv"
                onChange={(event) => setAnswers((event.currentTarget as HTMLInputElement).files?.[0])}
              />{' '}
              <button type="submit" class="btn btn-secondary" disabled={busy} data-testid="handoff-upload">
                {t('handoff.upload')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}

      {current.returned.length > 0 ? (
        <>
          <h2>{t('handoff.returnedRows')}</h2>
          <p class="hint">{t('handoff.returnedHint')}</p>
          <div class="table-wrap">
            <table data-testid="handoff-returned">
              <thead>
                <tr>
                  <th scope="col">{t('handoff.household')}</th>
                  <th scope="col">{t('handoff.ministryReason')}</th>
                  <th scope="col">{t('handoff.case')}</th>
                </tr>
              </thead>
              <tbody>
                {current.returned.map((row) => (
                  <tr key={row.householdId}>
                    <td>
                      <a href={routePath('household', { id: row.householdId })}>{row.householdId.slice(0, 8)}</a>{' '}
                      <RegionName code={row.regionCode} />
                    </td>
                    <td>{row.reason ? reasonText(row.reason, lang) : '—'}</td>
                    <td>
                      <a href={routePath('case', { proposalId: row.proposalId })} data-testid="handoff-case-link">
                        {row.proposalId.slice(0, 8)}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
