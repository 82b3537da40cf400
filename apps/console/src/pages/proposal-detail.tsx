import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { DocumentView, ProposalDetail } from '../api/types.ts';
import { errorText } from '../components/error-text.ts';
import { EvidenceCard, GeotagInfo } from '../components/evidence.tsx';
import { ErrorBanner, Notice, SelectField, TextArea } from '../components/fields.tsx';
import { FamilyCard } from '../components/family-card.tsx';
import { HouseholdFields } from '../components/household-fields.tsx';
import { StatusBadge } from '../components/status.tsx';
import { useAsync } from '../components/use-async.ts';
import { fieldPathText } from '../i18n/field-paths.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { amendmentSet } from '../proposals/amend-diff.ts';
import { DocumentKind, evidenceCompleteness } from '../proposals/contracts.ts';
import { fromHouseholdData, toHouseholdData, type HouseholdDraft } from '../proposals/form-model.ts';
import { useHouseholdCheck } from '../proposals/use-household-check.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { ProposalOrigin } from '../components/proposal-origin.tsx';

const AMENDABLE = ['draft', 'returned', 'corrected'];
const PHOTO_KINDS = ['foto_rumah', 'ktp', 'kk'];

interface Loaded {
  proposal: ProposalDetail;
  etag: string | null;
  documents: DocumentView[];
}

/** `/usulan/:id`: one proposal — status, what is missing, evidence (camera upload, geotag), amend, submit. */
export function ProposalDetailPage({ params, user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const id = params['id'] ?? '';
  const [notice, setNotice] = useState<string | undefined>();
  const [banner, setBanner] = useState<string | undefined>();
  const state = useAsync<Loaded>(async () => {
    const answer = await api.request<ProposalDetail>('GET', `/v1/intake/proposals/${encodeURIComponent(id)}`);
    const documents = await api
      .get<{ items: DocumentView[] }>(`/v1/documents?proposalId=${encodeURIComponent(id)}`)
      .then((page) => page.items)
      .catch(() => [] as DocumentView[]);
    return { proposal: answer.data, etag: answer.etag, documents };
  }, [id]);

  if (!state.data)
    return state.error ? (
      <ErrorBanner message={errorText(state.error, tr)} />
    ) : (
      <p aria-busy="true">{t('app.loading')}</p>
    );
  const { proposal, etag, documents } = state.data;
  const household = proposal.content?.household as { location?: { lat: number; lon: number } } | undefined;
  const completeness = evidenceCompleteness(
    proposal.proposalType,
    documents.map((document) => ({ kind: document.kind as 'foto_rumah', geotagged: document.geotag !== undefined })),
  );
  const isOperator = user.role === 'operator_desa';
  const amendable = isOperator && AMENDABLE.includes(proposal.status);
  // Evidence may be taken back until the proposal is submitted, and again once it is returned.
  const removable = isOperator && AMENDABLE.includes(proposal.status);

  const command = async (path: string, body: unknown): Promise<void> => {
    setBanner(undefined);
    try {
      const { data } = await api.request<{ status: string; deferredUntil?: string }>(
        'POST',
        `/v1/intake/proposals/${encodeURIComponent(id)}/${path}`,
        { json: body, ...(etag ? { ifMatch: etag } : {}) },
      );
      setNotice(
        data.deferredUntil
          ? t('list.deferred', { date: data.deferredUntil })
          : `${t('detail.status')}: ${label('status', data.status)}`,
      );
      state.reload();
    } catch (error) {
      setBanner(errorText(error, tr));
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) state.reload();
    }
  };

  return (
    <section>
      <h1>{t('detail.title', { id: id.slice(0, 8) })}</h1>
      <ErrorBanner message={banner ?? (state.error ? errorText(state.error, tr) : undefined)} />
      <Notice message={notice} />
      <div class="card">
        <dl class="facts">
          <dt>{t('detail.status')}</dt>
          <dd>
            <StatusBadge status={proposal.status} testId="proposal-status" />
            {proposal.deferredUntil ? ` ${t('list.deferred', { date: proposal.deferredUntil })}` : ''}
          </dd>
          <dt>{t('detail.type')}</dt>
          <dd>{label('type', proposal.proposalType)}</dd>
          <dt>{t('detail.channel')}</dt>
          <dd>{label('channel', proposal.channel)}</dd>
          <ProposalOrigin proposal={proposal} />
          <dt>{t('detail.created')}</dt>
          <dd>{formatDateTime(proposal.createdAt, lang)}</dd>
        </dl>
        <p>
          <a href={`${routePath('audit')}?proposalId=${encodeURIComponent(id)}`}>{t('detail.history')}</a>
        </p>
      </div>

      {proposal.returned ? (
        <div class="banner banner-error" role="note">
          <strong>{t('detail.returned')}:</strong> {proposal.returned.reason}
          {proposal.returned.fields && proposal.returned.fields.length > 0 ? (
            <p>
              {t('detail.returnedFields')}: {proposal.returned.fields.map((path) => fieldPathText(path, tr)).join(', ')}
            </p>
          ) : null}
        </div>
      ) : null}
      {proposal.content === null ? (
        <p class="warning">{t('detail.dataForgotten')}</p>
      ) : (
        <FamilyCard content={proposal.content} tr={tr} />
      )}

      <h2>{t('evidence.title')}</h2>
      {completeness.complete ? (
        <p class="hint">{t('evidence.complete')}</p>
      ) : (
        <div class="banner banner-error" role="note">
          {t('evidence.missing')}: {completeness.missing.map((code) => label('missing', code)).join('; ')}
        </div>
      )}
      {documents.length === 0 ? (
        <p data-testid="evidence-none">{t('evidence.none')}</p>
      ) : (
        <ul class="evidence-list">
          {documents.map((document) => (
            <EvidenceCard
              key={document.documentId}
              document={document}
              household={household?.location}
              removeFrom={removable ? id : undefined}
              onRemoved={() => {
                setNotice(t('evidence.removed'));
                state.reload();
              }}
            />
          ))}
        </ul>
      )}
      {isOperator && !['withdrawn', 'rejected', 'approved'].includes(proposal.status) ? (
        <EvidenceUpload proposalId={id} household={household?.location} onUploaded={state.reload} />
      ) : null}

      {isOperator &&
      (proposal.status === 'draft' || proposal.status === 'returned' || proposal.status === 'corrected') ? (
        <div class="actions">
          <button
            type="button"
            class="btn btn-primary"
            data-testid="submit-proposal"
            onClick={() => void command('submit', {})}
          >
            {proposal.status === 'draft' ? t('detail.submit') : t('detail.resubmit')}
          </button>
        </div>
      ) : null}

      {amendable && proposal.content?.household && etag ? (
        <AmendForm
          proposalId={id}
          etag={etag}
          household={proposal.content.household}
          onDone={() => {
            setNotice(t('form.saved'));
            state.reload();
          }}
          onConflict={state.reload}
        />
      ) : null}

      {isOperator && ['draft', 'submitted', 'returned', 'corrected'].includes(proposal.status) ? (
        <WithdrawForm onWithdraw={(reason) => command('withdraw', { reason })} />
      ) : null}
    </section>
  );
}

function EvidenceUpload({
  proposalId,
  household,
  onUploaded,
}: {
  proposalId: string;
  household: { lat: number; lon: number } | undefined;
  onUploaded: () => void;
}) {
  const tr = useT();
  const { t, label } = tr;
  const { api } = consoleContext();
  const [kind, setKind] = useState('foto_rumah');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [uploaded, setUploaded] = useState<DocumentView | undefined>();
  const upload = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setUploaded(undefined);
    const body = new FormData();
    body.set('kind', kind);
    body.set('proposalId', proposalId);
    body.set('file', file, file.name);
    try {
      const { data } = await api.request<DocumentView>('POST', '/v1/documents', { body });
      setUploaded(data);
      input.value = '';
      onUploaded();
    } catch (failure) {
      setError(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };
  const photo = PHOTO_KINDS.includes(kind);
  return (
    <form class="card" onSubmit={(event) => event.preventDefault()}>
      <SelectField
        id="evidence-kind"
        label={t('evidence.kind')}
        value={kind}
        options={DocumentKind.options.map((value) => ({ value, label: label('kind', value) }))}
        onChange={setKind}
        placeholder=""
      />
      <div class="field">
        <label for="evidence-file">{t('evidence.file')}</label>
        <input
          id="evidence-file"
          type="file"
          data-testid="evidence-upload"
          accept={photo ? 'image/*' : 'image/*,application/pdf'}
          {...(photo ? { capture: 'environment' } : {})}
          disabled={busy}
          onChange={(event) => void upload(event.currentTarget)}
        />
      </div>
      {busy ? <p aria-busy="true">{t('evidence.uploading')}</p> : null}
      <ErrorBanner message={error} />
      {uploaded ? (
        <>
          <Notice message={t('evidence.uploaded')} />
          {uploaded.mediaType !== 'application/pdf' ? (
            <GeotagInfo geotag={uploaded.geotag} household={household} />
          ) : null}
        </>
      ) : null}
    </form>
  );
}

function AmendForm({
  proposalId,
  etag,
  household,
  onDone,
  onConflict,
}: {
  proposalId: string;
  etag: string;
  household: Record<string, unknown>;
  onDone: () => void;
  onConflict: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const { api } = consoleContext();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<HouseholdDraft>(() => fromHouseholdData(household));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const check = useHouseholdCheck(draft);
  if (!open)
    return (
      <button type="button" class="btn btn-secondary" onClick={() => setOpen(true)}>
        {t('detail.amend')}
      </button>
    );
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    if (!check.ok) return setError(t('form.invalid'));
    const set = amendmentSet(household, toHouseholdData(draft));
    if (Object.keys(set).length === 0) return setError(t('detail.noChanges'));
    if (reason.trim() === '') return setError(t('case.reasonRequired'));
    try {
      await api.request('PATCH', `/v1/intake/proposals/${encodeURIComponent(proposalId)}`, {
        json: { reason: reason.trim(), set },
        ifMatch: etag,
      });
      setOpen(false);
      onDone();
    } catch (failure) {
      setError(errorText(failure, tr));
      const fields: Record<string, string> = {};
      if (failure instanceof ApiError) {
        for (const item of failure.problem?.errors ?? []) fields[item.path.replace(/^set\./, '')] ??= item.message;
        if (failure.status === 409 || failure.status === 412) onConflict();
      }
      setServerErrors(fields);
    }
  };
  return (
    <form class="card" onSubmit={(event) => void save(event)} noValidate>
      <h2>{t('detail.amend')}</h2>
      <ErrorBanner message={error} />
      <HouseholdFields
        draft={draft}
        onChange={setDraft}
        errors={{ ...check.errors, ...serverErrors }}
        warnings={check.warnings}
        idPrefix="amend"
      />
      <TextArea
        id="amend-reason"
        label={t('detail.amendReason')}
        hint={t('detail.amendHint')}
        value={reason}
        onInput={setReason}
        required
      />
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          {t('detail.amendSave')}
        </button>
        <button type="button" class="btn btn-secondary" onClick={() => setOpen(false)}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function WithdrawForm({ onWithdraw }: { onWithdraw: (reason: string) => Promise<void> }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <p>
        <button type="button" class="btn btn-danger" onClick={() => setOpen(true)}>
          {t('detail.withdraw')}
        </button>
      </p>
    );
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() !== '') void onWithdraw(reason.trim());
      }}
    >
      <TextArea
        id="withdraw-reason"
        label={t('detail.withdrawReason')}
        hint={t('detail.amendHint')}
        value={reason}
        onInput={setReason}
        required
      />
      <button type="submit" class="btn btn-danger">
        {t('detail.withdraw')}
      </button>
    </form>
  );
}
