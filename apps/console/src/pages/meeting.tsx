import { useEffect, useState } from 'preact/hooks';
import type { DocumentView } from '../api/types.ts';
import { errorText } from '../components/error-text.ts';
import { DocumentViewer } from '../components/evidence.tsx';
import { ErrorBanner, Notice, SelectField } from '../components/fields.tsx';
import { StatusBadge } from '../components/status.tsx';
import { useAsync } from '../components/use-async.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { rowsText, type MeetingView } from '../meetings/types.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { TemplateLinks } from '../components/template-links.tsx';
import { MeetingPrints } from '../components/print-buttons.tsx';

interface ImportProgress {
  importId: string;
  status: 'processing' | 'completed' | 'interrupted';
  progress: { rows: number; proposalsCreated: number; percent: number };
}

/**
 * `/musyawarah/:id`: one village meeting — its facts, its minutes and attendance list (uploaded
 * once, then backing every proposal of its list), the import of its list, and the proposals it
 * agreed with their rows and whether they were changed afterwards.
 */
export function MeetingPage({ params, user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const id = params['id'] ?? '';
  const state = useAsync(async () => {
    const meeting = await api.get<MeetingView>(`/v1/intake/meetings/${encodeURIComponent(id)}`);
    const documents = await Promise.all(
      meeting.documents.map((document) =>
        api.get<DocumentView>(`/v1/documents/${document.documentId}`).catch(() => undefined),
      ),
    );
    return { meeting, documents: documents.filter((document) => document !== undefined) };
  }, [id]);
  const [kind, setKind] = useState('berita_acara');
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | undefined>();

  // Poll the import until it ends, then show the proposals it made.
  useEffect(() => {
    if (!progress || progress.status !== 'processing') return;
    const timer = setTimeout(() => {
      api.get<ImportProgress>(`/v1/intake/imports/${progress.importId}?limit=1`).then(
        (next) => {
          setProgress(next);
          if (next.status !== 'processing') state.reload();
        },
        (failure: unknown) => setError(errorText(failure, tr)),
      );
    }, 1000);
    return () => clearTimeout(timer);
  }, [progress]);

  const attach = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = new FormData();
      body.set('kind', kind);
      body.set('file', file, file.name);
      const { data } = await api.request<DocumentView>('POST', '/v1/documents', { body });
      await api.request('POST', `/v1/intake/meetings/${encodeURIComponent(id)}/documents`, {
        json: { documentId: data.documentId, kind },
      });
      input.value = '';
      setNotice(t('evidence.uploaded'));
      state.reload();
    } catch (failure) {
      setError(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };

  const importList = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = new FormData();
      body.set('channel', 'musdes');
      body.set('meetingId', id);
      body.set('file', file, file.name);
      const { data } = await api.request<ImportProgress>('POST', '/v1/intake/imports', { body });
      input.value = '';
      setProgress(data);
      if (data.status !== 'processing') state.reload();
    } catch (failure) {
      const problem = (failure as { problem?: { errors?: { message: string }[] } }).problem;
      setError(
        problem?.errors?.length
          ? `${errorText(failure, tr)} — ${problem.errors.map((issue) => issue.message).join('; ')}`
          : errorText(failure, tr),
      );
    } finally {
      setBusy(false);
    }
  };

  if (!state.data)
    return state.error ? (
      <ErrorBanner message={errorText(state.error, tr)} />
    ) : (
      <p aria-busy="true">{t('app.loading')}</p>
    );
  const { meeting, documents } = state.data;
  const operator = user.role === 'operator_desa';
  return (
    <section>
      <h1>{t('meeting.heading', { number: meeting.number, date: meeting.date })}</h1>
      <ErrorBanner message={error} />
      <Notice message={notice} />
      <div class="card">
        <dl class="facts" data-testid="meeting-facts">
          <dt>{t('meeting.kind')}</dt>
          <dd>{t(`meeting.kind.${meeting.kind}`)}</dd>
          <dt>{t('meeting.date')}</dt>
          <dd>{meeting.date}</dd>
          <dt>{t('meeting.number')}</dt>
          <dd>{meeting.number}</dd>
          <dt>{t('meeting.place')}</dt>
          <dd>{meeting.place}</dd>
          <dt>{t('meeting.attendees')}</dt>
          <dd>{meeting.attendeeCount}</dd>
        </dl>
      </div>

      <h2>{t('print.meetingTitle')}</h2>
      <p class="hint">{t('print.meetingHint')}</p>
      <MeetingPrints meetingId={meeting.meetingId} date={meeting.date} />

      <h2>{t('meeting.documentsTitle')}</h2>
      <p class="hint">{t('meeting.documentsHint')}</p>
      {documents.length === 0 ? <p>{t('meeting.noDocuments')}</p> : null}
      <ul class="evidence" data-testid="meeting-documents">
        {documents.map((document) => (
          <li key={document.documentId} data-kind={document.kind}>
            <strong>{label('kind', document.kind)}</strong>
            <p class="hint">{formatDateTime(document.uploadedAt, lang)}</p>
            <DocumentViewer
              documentId={document.documentId}
              mediaType={document.mediaType}
              label={label('kind', document.kind)}
            />
          </li>
        ))}
      </ul>
      {operator ? (
        <form class="card" onSubmit={(event) => event.preventDefault()}>
          <SelectField
            id="meeting-document-kind"
            label={t('evidence.kind')}
            value={kind}
            options={['berita_acara', 'daftar_hadir'].map((value) => ({ value, label: label('kind', value) }))}
            onChange={setKind}
            placeholder=""
          />
          <div class="field">
            <label for="meeting-document-file">{t('meeting.attach')}</label>
            <input
              id="meeting-document-file"
              type="file"
              data-testid="meeting-document-upload"
              accept="image/*,application/pdf"
              disabled={busy}
              onChange={(event) => void attach(event.currentTarget)}
            />
          </div>
        </form>
      ) : null}

      <h2>{t('meeting.listTitle')}</h2>
      {operator ? (
        <form class="card" onSubmit={(event) => event.preventDefault()}>
          <p class="hint">{t('meeting.listHint')}</p>
          <TemplateLinks channel="musdes" />
          <div class="field">
            <label for="meeting-list-file">{t('meeting.import')}</label>
            <input
              id="meeting-list-file"
              type="file"
              data-testid="meeting-list-upload"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy}
              onChange={(event) => void importList(event.currentTarget)}
            />
          </div>
          {progress ? (
            <p role="status" data-testid="meeting-import-status" data-status={progress.status}>
              {progress.status === 'processing'
                ? t('meeting.importing', { percent: progress.progress.percent })
                : t('meeting.imported', { created: progress.progress.proposalsCreated, rows: progress.progress.rows })}
            </p>
          ) : null}
        </form>
      ) : null}
      {meeting.proposals.length === 0 ? <p>{t('meeting.noProposals')}</p> : null}
      {meeting.proposals.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="meeting-proposals">
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t('meeting.row')}
                </th>
                <th scope="col">{t('meeting.proposals')}</th>
                <th scope="col">{t('detail.status')}</th>
                <th scope="col">{t('origin.label')}</th>
              </tr>
            </thead>
            <tbody>
              {meeting.proposals.map((proposal) => (
                <tr
                  key={proposal.proposalId}
                  data-testid="meeting-proposal"
                  data-amended={String(proposal.amendedAfterMeeting)}
                >
                  <td class="num">{rowsText(proposal.rows)}</td>
                  <td>
                    <a href={routePath('proposal', { id: proposal.proposalId })}>{proposal.proposalId.slice(0, 8)}</a>
                  </td>
                  <td>
                    <StatusBadge status={proposal.status} />
                  </td>
                  <td>
                    {proposal.amendedAfterMeeting ? (
                      <span class="status result-warn">{t('meeting.amended')}</span>
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
    </section>
  );
}
