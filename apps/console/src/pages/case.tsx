import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { CaseDetail, ProposalDetail } from '../api/types.ts';
import { errorText } from '../components/error-text.ts';
import { DocumentViewer } from '../components/evidence.tsx';
import { FamilyCard } from '../components/family-card.tsx';
import { RegionName } from '../components/region-name.tsx';
import { Checkbox, ErrorBanner, Notice, SelectField, TextArea } from '../components/fields.tsx';
import { StatusBadge } from '../components/status.tsx';
import { useAsync } from '../components/use-async.ts';
import { useUserNames } from '../components/use-user-names.ts';
import { actorName } from '../audit/actors.ts';
import { checkDetailsText } from '../i18n/check-details.ts';
import { fieldPathText } from '../i18n/field-paths.ts';
import { checkReasonText } from '../i18n/check-reasons.ts';
import { isMessageKey } from '../i18n/i18n.ts';
import { identityMessages, type IdentityIssueCode } from '../proposals/contracts.ts';
import { reasonText } from '../i18n/reason-codes.ts';
import { useT, type Translator } from '../i18n/use-t.ts';
import { formatDateTime, formatMonth } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { ProposalOrigin } from '../components/proposal-origin.tsx';

const OPEN = ['open', 'checks_done', 'field_validation'];

/** The form's sections a verifikator can send back for correction (content paths, shown in words). */
const RETURN_SECTIONS = [
  'household.members',
  'household.kkNumber',
  'household.address',
  'household.location',
  'household.housing',
  'household.programmes',
] as const;

/** `/verifikasi/:proposalId`: checks (pass/warn/fail and why), evidence, decision, field validation. */
export function CasePage({ params, user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const id = params['proposalId'] ?? '';
  const [notice, setNotice] = useState<string | undefined>();
  const names = useUserNames(user);
  const state = useAsync(
    () => api.request<CaseDetail>('GET', `/v1/verification/cases/${encodeURIComponent(id)}`),
    [id],
  );
  // The family as the operator sent it (intake opens it for a caller in scope and records the read).
  const proposal = useAsync(
    () => api.get<ProposalDetail>(`/v1/intake/proposals/${encodeURIComponent(id)}`).catch(() => null),
    [id],
  );
  if (!state.data)
    return state.error ? (
      <ErrorBanner message={errorText(state.error, tr)} />
    ) : (
      <p aria-busy="true">{t('app.loading')}</p>
    );
  const view = state.data.data;
  const etag = state.data.etag ?? `"${view.revision}"`;
  const canDecide = user.role === 'verifikator_kabkota' && OPEN.includes(view.status);
  // A decision names the person (the gateway's directory) and their role; a service by its name.
  const by = (who: { userId: string; role: string }): string =>
    who.role === 'system' ? actorName(who, names, t) : `${actorName(who, names, t)} · ${label('role', who.role)}`;
  const done = (message: string): void => {
    setNotice(message);
    state.reload();
  };
  return (
    <section>
      <h1>
        {t('case.title')} {id.slice(0, 8)}
      </h1>
      <Notice message={notice} />
      <ErrorBanner message={state.error ? errorText(state.error, tr) : undefined} />
      <div class="card">
        <dl class="facts">
          <dt>{t('detail.status')}</dt>
          <dd>
            <StatusBadge status={view.status} testId="proposal-status" />
          </dd>
          <dt>{t('detail.type')}</dt>
          <dd>{label('type', view.proposalType)}</dd>
          <dt>{t('queue.region')}</dt>
          <dd>
            <RegionName code={view.regionCode} />
          </dd>
          <dt>{t('detail.channel')}</dt>
          <dd>{label('channel', view.channel)}</dd>
          {proposal.data ? <ProposalOrigin proposal={proposal.data} /> : null}
        </dl>
        <p>
          <a href={routePath('proposal', { id })}>{t('case.proposal')}</a> ·{' '}
          <a href={`${routePath('audit')}?proposalId=${encodeURIComponent(id)}`}>{t('detail.history')}</a>
        </p>
      </div>

      {proposal.data?.content ? (
        <FamilyCard content={proposal.data.content} tr={tr} />
      ) : proposal.data === null ? null : proposal.data ? (
        <p class="warning">{t('detail.dataForgotten')}</p>
      ) : null}

      <h2>{view.checks ? t('case.checks', { round: view.checks.round }) : t('case.checks', { round: 0 })}</h2>
      {view.checks ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('case.check')}</th>
                <th scope="col">{t('case.result')}</th>
                <th scope="col">{t('case.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {view.checks.results.map((result) => (
                <tr key={result.check}>
                  <td>{label('check', result.check)}</td>
                  <td>
                    <span class={`status result-${result.result}`}>{label('result', result.result)}</span>
                  </td>
                  <td>
                    {checkReasonText(result.reason, lang)}
                    {result.details
                      ? checkDetailsText(result.details, lang, (code) => codeText(code, tr)).map((line) => (
                          <div class="hint" key={line}>
                            {line}
                          </div>
                        ))
                      : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('case.noChecks')}</p>
      )}

      <h2>{t('case.evidence')}</h2>
      {view.evidence.length === 0 ? <p>{t('evidence.none')}</p> : null}
      <ul class="evidence-list">
        {view.evidence.map((item) => {
          const name = item.kind ? label('kind', item.kind) : item.documentId.slice(0, 8);
          return (
            <li key={item.documentId}>
              <strong>{name}</strong>
              <p class="hint">
                {formatDateTime(item.recordedAt, lang)}
                {item.kind === 'foto_rumah' ? ` · ${item.geotagged ? 'GPS ✓' : t('evidence.noGeotag')}` : ''}
              </p>
              {item.status === 'active' ? (
                <DocumentViewer documentId={item.documentId} mediaType={item.mediaType} label={name} />
              ) : (
                <p>{label('evidence.status', item.status)}</p>
              )}
            </li>
          );
        })}
      </ul>

      {view.decisions.length > 0 ? (
        <>
          <h2>{t('case.decisions')}</h2>
          <ul class="timeline">
            {view.decisions.map((decision, index) => (
              <li key={index}>
                <strong>{label('decision', decision.decision)}</strong> · {formatDateTime(decision.at, lang)} ·{' '}
                {by(decision.by)}
                {decision.reason ? <p>{reasonText(decision.reason, lang)}</p> : null}
                {decision.decision === 'reopen' && decision.cutoffId && decision.period ? (
                  <p class="hint" data-testid="decision-reopened">
                    <a href={routePath('handoff', { id: decision.cutoffId })}>
                      {t('decision.reopenPeriod', { period: formatMonth(decision.period, lang) })}
                    </a>
                  </p>
                ) : null}
                {decision.fields?.length ? (
                  <p class="hint">{decision.fields.map((path) => fieldPathText(path, tr)).join(', ')}</p>
                ) : null}
                {decision.overrides?.length ? (
                  <p class="warning" data-testid="decision-overrides">
                    {t('case.overridden', {
                      checks: decision.overrides.map((check) => label('check', check)).join(', '),
                    })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {canDecide ? (
        <DecisionForm
          proposalId={id}
          etag={etag}
          failedChecks={(view.checks?.results ?? []).filter((r) => r.result === 'fail').map((r) => r.check)}
          onDone={() => done(t('case.decided'))}
          onConflict={state.reload}
          tr={tr}
        />
      ) : null}

      <h2>{t('case.fieldValidation')}</h2>
      <ul class="timeline">
        {view.fieldValidations.map((fv) => (
          <li key={fv.fieldValidationId}>
            <p>{t('case.ordered', { time: formatDateTime(fv.orderedAt, lang), by: by(fv.orderedBy) })}</p>
            <p>{fv.instructions ?? '—'}</p>
            {fv.outcome ? (
              <p>
                <strong>{label('outcome', fv.outcome)}</strong> {fv.notes ?? ''}
              </p>
            ) : canDecide || (user.role === 'verifikator_kabkota' && fv.status === 'ordered') ? (
              <RecordOutcome
                fieldValidationId={fv.fieldValidationId}
                etag={etag}
                onDone={() => done(t('case.decided'))}
                tr={tr}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {canDecide ? (
        <OrderFieldValidation proposalId={id} etag={etag} onDone={() => done(t('case.decided'))} tr={tr} />
      ) : null}
    </section>
  );
}

/** Finding codes that are not check reasons: identity findings (`nik.date`) and evidence kinds. */
function codeText(code: string, tr: Translator): string | undefined {
  if (code in identityMessages) return identityMessages[code as IdentityIssueCode][tr.lang];
  const key = [`kind.${code}`, `missing.${code}`].find(isMessageKey);
  return key === undefined ? undefined : tr.t(key);
}

interface FormProps {
  etag: string;
  onDone: () => void;
  tr: Translator;
}

function DecisionForm({
  proposalId,
  etag,
  onDone,
  onConflict,
  tr,
  failedChecks,
}: FormProps & { proposalId: string; onConflict: () => void; failedChecks: readonly string[] }) {
  const { t, label } = tr;
  const { api } = consoleContext();
  const [decision, setDecision] = useState('verify');
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState<ReadonlySet<string>>(new Set());
  const [overrides, setOverrides] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | undefined>();
  const [reasonError, setReasonError] = useState<string | undefined>();
  // Verifying over a failed check is a decision of its own: each one named, a reason, a confirmation.
  const overriding = decision === 'verify' && failedChecks.length > 0;
  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    setReasonError(undefined);
    if (decision !== 'verify' && reason.trim() === '') return setReasonError(t('case.reasonRequired'));
    if (overriding) {
      if (failedChecks.some((check) => !overrides.has(check))) return setError(t('case.overrideEach'));
      if (reason.trim().length < 10) return setReasonError(t('case.overrideReason'));
      const names = failedChecks.map((check) => label('check', check)).join(', ');
      if (!window.confirm(t('case.overrideConfirm', { checks: names }))) return;
    }
    const paths = RETURN_SECTIONS.filter((path) => fields.has(path));
    try {
      await api.request('POST', `/v1/verification/cases/${encodeURIComponent(proposalId)}/decisions`, {
        json: {
          decision,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(decision === 'return' && paths.length > 0 ? { fields: paths } : {}),
          ...(overriding ? { overrides: failedChecks } : {}),
        },
        ifMatch: etag,
      });
      onDone();
    } catch (failure) {
      setError(errorText(failure, tr));
      if (failure instanceof ApiError && (failure.status === 409 || failure.status === 412)) onConflict();
    }
  };
  return (
    <form class="card" data-testid="decision-form" onSubmit={(event) => void send(event)} noValidate>
      <h2>{t('case.decide')}</h2>
      <ErrorBanner message={error} />
      <SelectField
        id="decision"
        label={t('case.decision')}
        value={decision}
        options={['verify', 'return', 'reject'].map((value) => ({ value, label: label('decision', value) }))}
        onChange={setDecision}
        placeholder=""
      />
      {overriding ? (
        <fieldset class="overrides" data-testid="decision-overrides-form">
          <legend>{t('case.overrideLegend')}</legend>
          {failedChecks.map((check) => (
            <Checkbox
              key={check}
              id={`override-${check}`}
              label={t('case.overrideCheck', { check: label('check', check) })}
              checked={overrides.has(check)}
              onChange={(on) => {
                const next = new Set(overrides);
                if (on) next.add(check);
                else next.delete(check);
                setOverrides(next);
              }}
            />
          ))}
        </fieldset>
      ) : null}
      <TextArea
        id="decision-reason"
        label={t('case.decisionReason')}
        hint={t('detail.amendHint')}
        value={reason}
        onInput={setReason}
        error={reasonError}
      />
      {decision === 'return' ? (
        <fieldset class="return-sections" data-testid="return-sections">
          <legend>{t('case.returnFields')}</legend>
          {RETURN_SECTIONS.map((path) => (
            <Checkbox
              key={path}
              id={`return-${path.replace(/\./g, '-')}`}
              label={fieldPathText(path, tr)}
              checked={fields.has(path)}
              onChange={(on) => {
                const next = new Set(fields);
                if (on) next.add(path);
                else next.delete(path);
                setFields(next);
              }}
            />
          ))}
        </fieldset>
      ) : null}
      <button type="submit" class="btn btn-primary">
        {t('case.send')}
      </button>
    </form>
  );
}

function OrderFieldValidation({ proposalId, etag, onDone, tr }: FormProps & { proposalId: string }) {
  const { t } = tr;
  const { api } = consoleContext();
  const [instructions, setInstructions] = useState('');
  const [error, setError] = useState<string | undefined>();
  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (instructions.trim() === '') return;
    try {
      await api.request('POST', `/v1/verification/cases/${encodeURIComponent(proposalId)}/field-validations`, {
        json: { instructions: instructions.trim() },
        ifMatch: etag,
      });
      setInstructions('');
      onDone();
    } catch (failure) {
      setError(errorText(failure, tr));
    }
  };
  return (
    <form class="card" onSubmit={(event) => void send(event)}>
      <ErrorBanner message={error} />
      <TextArea
        id="fv-instructions"
        label={t('case.instructions')}
        value={instructions}
        onInput={setInstructions}
        required
      />
      <button type="submit" class="btn btn-secondary">
        {t('case.order')}
      </button>
    </form>
  );
}

function RecordOutcome({ fieldValidationId, etag, onDone, tr }: FormProps & { fieldValidationId: string }) {
  const { t, label } = tr;
  const { api } = consoleContext();
  const [outcome, setOutcome] = useState('confirmed');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | undefined>();
  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      await api.request('POST', `/v1/verification/field-validations/${encodeURIComponent(fieldValidationId)}/result`, {
        json: { outcome, ...(notes.trim() ? { notes: notes.trim() } : {}) },
        ifMatch: etag,
      });
      onDone();
    } catch (failure) {
      setError(errorText(failure, tr));
    }
  };
  const idPrefix = `fv-${fieldValidationId.slice(0, 8)}`;
  return (
    <form onSubmit={(event) => void send(event)}>
      <ErrorBanner message={error} />
      <SelectField
        id={`${idPrefix}-outcome`}
        label={t('case.outcome')}
        value={outcome}
        options={['confirmed', 'discrepancy', 'not_found'].map((value) => ({ value, label: label('outcome', value) }))}
        onChange={setOutcome}
        placeholder=""
      />
      <TextArea id={`${idPrefix}-notes`} label={t('case.notes')} value={notes} onInput={setNotes} />
      <button type="submit" class="btn btn-secondary">
        {t('case.record')}
      </button>
    </form>
  );
}
