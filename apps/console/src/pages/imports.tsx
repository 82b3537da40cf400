import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { Checkbox, ErrorBanner, SelectField } from '../components/fields.tsx';
import { useT } from '../i18n/use-t.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { TemplateLinks } from '../components/template-links.tsx';

interface ImportIssue {
  field?: string;
  path?: string;
  code: string;
  message: string;
}

interface ImportView {
  importId: string;
  status: 'processing' | 'completed' | 'interrupted';
  progress: {
    rows: number;
    rowsAccepted: number;
    rowsPending: number;
    rowsRejected: number;
    proposals: number;
    proposalsCreated: number;
    percent: number;
  };
  warnings: ImportIssue[];
  rows: { row: number; status: string; proposalId?: string; errors?: ImportIssue[]; warnings?: ImportIssue[] }[];
  nextAfterRow?: number;
}

const POLL_MS = 1500;

/** `/impor`: upload a musdes / RT-RW list; a progress bar while it runs; a result per row. */
export function ImportPage(_props: PageProps) {
  const tr = useT();
  const { t, label } = tr;
  const { api } = consoleContext();
  const [channel, setChannel] = useState('musdes');
  const [submit, setSubmit] = useState(false);
  const [file, setFile] = useState<File | undefined>();
  const [view, setView] = useState<ImportView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // Poll progress until the import completes; then read every row's result.
  useEffect(() => {
    if (!view || view.status !== 'processing') return;
    const timer = setTimeout(() => {
      api
        .get<ImportView>(`/v1/intake/imports/${view.importId}?limit=1000`)
        .then(setView, (failure: unknown) => setError(errorText(failure, tr)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [view]);

  const start = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = new FormData();
      body.set('channel', channel);
      body.set('submit', String(submit));
      body.set('file', file, file.name);
      const { data } = await api.request<ImportView>('POST', '/v1/intake/imports', { body });
      setView(await api.get<ImportView>(`/v1/intake/imports/${data.importId}?limit=1000`));
    } catch (failure) {
      setError(errorText(failure, tr));
      const problem = (failure as { problem?: { errors?: ImportIssue[] } }).problem;
      if (problem?.errors?.length)
        setError(`${errorText(failure, tr)} — ${problem.errors.map((e) => e.message).join('; ')}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('import.title')}</h1>
      <form class="card" data-testid="import-form" onSubmit={(event) => void start(event)}>
        <SelectField
          id="import-channel"
          label={t('import.channel')}
          value={channel}
          options={['musdes', 'rtrw'].map((value) => ({ value, label: label('channel', value) }))}
          onChange={setChannel}
          placeholder=""
        />
        <TemplateLinks channel={channel} />
        <div class="field">
          <label for="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => setFile(event.currentTarget.files?.[0])}
          />
        </div>
        <Checkbox id="import-submit" label={t('import.submitAll')} checked={submit} onChange={setSubmit} />
        <button type="submit" class="btn btn-primary" disabled={!file || busy}>
          {t('import.start')}
        </button>
      </form>
      <ErrorBanner message={error} />
      {view ? <ImportProgress view={view} /> : null}
    </section>
  );
}

function ImportProgress({ view }: { view: ImportView }) {
  const { t } = useT();
  const { progress } = view;
  return (
    <div class="card">
      <label for="import-progress">{t('import.progress')}</label>
      <progress id="import-progress" class="progress" max={100} value={progress.percent}>
        {progress.percent}%
      </progress>
      <p role="status" data-testid="import-status" data-status={view.status}>
        {progress.percent}% · {t('import.status', { status: t(`import.${view.status}`) })}
      </p>
      <p>
        {t('import.counts', {
          accepted: progress.rowsAccepted,
          pending: progress.rowsPending,
          rejected: progress.rowsRejected,
          rows: progress.rows,
        })}
      </p>
      {view.warnings.length > 0 ? (
        <ul>
          {view.warnings.map((warning, index) => (
            <li key={index} class="warning">
              {warning.message}
            </li>
          ))}
        </ul>
      ) : null}
      {view.rows.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t('import.row')}
                </th>
                <th scope="col">{t('import.result')}</th>
                <th scope="col">{t('import.messages')}</th>
                <th scope="col">{t('import.proposal')}</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr key={row.row} data-testid="import-row" data-status={row.status}>
                  <td class="num">{row.row}</td>
                  <td>
                    <span
                      class={`status ${row.status === 'rejected' ? 'result-fail' : row.status === 'accepted' ? 'result-pass' : ''}`}
                    >
                      {t(`import.rowStatus.${row.status}` as 'import.rowStatus.pending')}
                    </span>
                  </td>
                  <td>
                    {[...(row.errors ?? []), ...(row.warnings ?? [])].map((issue, index) => (
                      <div key={index}>
                        {issue.field ? <code>{issue.field}</code> : null} {issue.message}
                      </div>
                    ))}
                  </td>
                  <td>
                    {row.proposalId ? (
                      <a href={routePath('proposal', { id: row.proposalId })}>{row.proposalId.slice(0, 8)}</a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
