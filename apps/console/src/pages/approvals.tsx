import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { ApprovalListItem, Page } from '../api/types.ts';
import { errorText } from '../components/error-text.ts';
import { Checkbox, ErrorBanner, Notice, TextArea, TextField } from '../components/fields.tsx';
import { ApprovalListPrint, NO_SIGNER, SignerFields, type Signer } from '../components/print-buttons.tsx';
import { RegionName } from '../components/region-name.tsx';
import { useAsync } from '../components/use-async.ts';
import { useUserNames } from '../components/use-user-names.ts';
import { actorName } from '../audit/actors.ts';
import { useT, type Translator } from '../i18n/use-t.ts';
import { formatDateTime, formatMonth } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';

interface ApprovalAnswer {
  batchId: string;
  results: { proposalId: string; status: string; revision?: number; households?: number }[];
}

type ResolutionKind = 'deactivate_other' | 'move_members';

interface Cutoff {
  cutoffId: string;
  regencyCode: string;
  period: string;
  fixedAt: string;
}

/** `/pengesahan`: batch approval of verified cases and the monthly cut-off (admin kab/kota). */
export function ApprovalsPage({ user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [answer, setAnswer] = useState<ApprovalAnswer | undefined>();
  // Names of the rows sent, kept for the answer (the list reloads without the approved ones).
  const [sent, setSent] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const names = useUserNames(user);
  const state = useAsync(() => api.get<Page<ApprovalListItem>>('/v1/verification/approvals/pending?limit=200'), []);
  const items = state.data?.items ?? [];
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const approve = async (
    ids: readonly string[] = [...selected],
    resolutions?: Record<string, { kind: ResolutionKind; reason: string }>,
  ): Promise<void> => {
    if (ids.length === 0) return;
    setBusy(true);
    setError(undefined);
    setSent(
      new Map([...sent, ...items.map((item) => [item.proposalId, item.family.name ?? t('family.forgotten')] as const)]),
    );
    try {
      const { data } = await api.request<ApprovalAnswer>('POST', '/v1/verification/approvals', {
        json: { proposalIds: ids, ...(resolutions ? { resolutions } : {}) },
      });
      setAnswer(data);
      setSelected(new Set());
      state.reload();
    } catch (failure) {
      setError(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>{t('approvals.title')}</h1>
      <p>{t('approvals.intro')}</p>
      <ErrorBanner message={error ?? (state.error ? errorText(state.error, tr) : undefined)} />
      {state.data && items.length === 0 ? <p>{t('app.none')}</p> : null}
      {items.length > 0 ? (
        <>
          <Checkbox
            id="approve-all"
            label={t('approvals.selectAll')}
            checked={selected.size === items.length}
            onChange={(on) => setSelected(on ? new Set(items.map((item) => item.proposalId)) : new Set())}
          />
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">✓</th>
                  <th scope="col">{t('approvals.family')}</th>
                  <th scope="col">{t('approvals.village')}</th>
                  <th scope="col">{t('approvals.checks')}</th>
                  <th scope="col">{t('approvals.note')}</th>
                  <th scope="col">{t('list.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.proposalId} data-testid="case-row" data-proposal-id={item.proposalId}>
                    <td>
                      <input
                        type="checkbox"
                        id={`approve-${item.proposalId}`}
                        aria-label={t('approvals.select', { id: item.family.name ?? item.proposalId.slice(0, 8) })}
                        checked={selected.has(item.proposalId)}
                        onChange={(event) => toggle(item.proposalId, event.currentTarget.checked)}
                      />
                    </td>
                    <td>
                      <a href={routePath('case', { proposalId: item.proposalId })}>
                        <strong>{item.family.name ?? t('family.forgotten')}</strong>
                      </a>
                      <div class="hint">
                        {label('type', item.proposalType)}
                        {item.family.memberCount > 0
                          ? ` · ${t('approvals.members', { count: item.family.memberCount })}`
                          : ''}
                        {item.family.programmes.length > 0
                          ? ` · ${item.family.programmes.map((code) => label('programme', code)).join(', ')}`
                          : ''}
                      </div>
                    </td>
                    <td>
                      <RegionName code={item.regionCode} />
                    </td>
                    <td>
                      <ChecksSummary item={item} tr={tr} />
                    </td>
                    <td>
                      {item.verified?.note ?? <span class="hint">{t('approvals.noNote')}</span>}
                      {item.verified ? (
                        <div class="hint" data-testid="approval-verifier">
                          {t('approvals.verifiedBy', { name: actorName(item.verified.by, names, t) })}
                        </div>
                      ) : null}
                    </td>
                    <td>{formatDateTime(item.verified?.at, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button
              type="button"
              class="btn btn-primary"
              data-testid="approve-selected"
              disabled={busy || selected.size === 0}
              onClick={() => void approve()}
            >
              {t('approvals.approve', { count: selected.size })}
            </button>
          </div>
        </>
      ) : null}
      {answer ? (
        <div class="card" role="status">
          <h2>{t('approvals.result')}</h2>
          <ul>
            {answer.results.map((result) => (
              <li key={result.proposalId} data-testid="approval-result" data-status={result.status}>
                <a href={routePath('case', { proposalId: result.proposalId })}>
                  {sent.get(result.proposalId) ?? t('approvals.thisProposal')}
                </a>
                : {label('approvals.status', result.status)}
                {result.status === 'duplicate_active' ? (
                  <ResolutionForm
                    households={result.households ?? 1}
                    busy={busy}
                    onResolve={(kind, reason) =>
                      void approve([result.proposalId], { [result.proposalId]: { kind, reason } })
                    }
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {user.role === 'admin_kabkota' ? <CutoffForm regencyCode={user.regionCode} /> : null}
    </section>
  );
}

/**
 * A person of this proposal is already active in another household: the approval goes ahead only
 * with a resolution the admin chooses and explains (the registry applies it with the approval).
 */
function ResolutionForm({
  households,
  busy,
  onResolve,
}: {
  households: number;
  busy: boolean;
  onResolve: (kind: ResolutionKind, reason: string) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const [kind, setKind] = useState<ResolutionKind | ''>('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const send = (event: Event): void => {
    event.preventDefault();
    if (kind === '') return setProblem(t('approvals.resolveChoose'));
    if (reason.trim().length < 10) return setProblem(t('approvals.resolveReason'));
    setProblem(undefined);
    onResolve(kind, reason.trim());
  };
  return (
    <form class="card" data-testid="resolution-form" onSubmit={send} noValidate>
      <p class="warning">{t('approvals.duplicateExplained', { count: households })}</p>
      <ErrorBanner message={problem} />
      <fieldset>
        <legend>{t('approvals.resolveHow')}</legend>
        {(['deactivate_other', 'move_members'] as const).map((value) => (
          <div class="check" key={value}>
            <input
              type="radio"
              id={`resolve-${value}`}
              name="resolution"
              checked={kind === value}
              onChange={() => setKind(value)}
            />
            <label for={`resolve-${value}`}>{t(`approvals.resolve.${value}`)}</label>
          </div>
        ))}
      </fieldset>
      <TextArea id="resolution-reason" label={t('approvals.resolveReasonLabel')} value={reason} onInput={setReason} />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {t('approvals.resolveApprove')}
      </button>
    </form>
  );
}

/** The latest automated checks of a row: every failed or warned check by name, and overrides. */
function ChecksSummary({ item, tr }: { item: ApprovalListItem; tr: Translator }) {
  const { t, label } = tr;
  const failed = item.checks.filter((check) => check.result === 'fail');
  const warned = item.checks.filter((check) => check.result === 'warn');
  if (failed.length === 0 && warned.length === 0)
    return <span class="status result-pass">{t('approvals.allPassed')}</span>;
  return (
    <>
      <span class={`status result-${item.worst}`}>
        {t('approvals.checksSummary', { fail: failed.length, warn: warned.length })}
      </span>
      <ul class="compact">
        {[...failed, ...warned].map((check) => (
          <li key={check.check}>
            {label('result', check.result)}: {label('check', check.check)}
          </li>
        ))}
      </ul>
      {item.verified?.overrides?.length ? (
        <p class="warning" data-testid="approval-overrides">
          {t('case.overridden', { checks: item.verified.overrides.map((check) => label('check', check)).join(', ') })}
        </p>
      ) : null}
    </>
  );
}

/** The month before the current one (`YYYY-MM`): the default cut-off, a finished month. */
function lastMonth(now = new Date()): string {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1)).toISOString().slice(0, 7);
}

/**
 * The monthly cut-off: a finished month by default; the current month only with a ticked
 * confirmation (the service refuses it otherwise); the period field marked when refused; the
 * regency's past cut-offs listed.
 */
function CutoffForm({ regencyCode }: { regencyCode: string }) {
  const tr = useT();
  const { t, lang } = tr;
  const { api } = consoleContext();
  const [period, setPeriod] = useState(lastMonth());
  const [early, setEarly] = useState(false);
  const [done, setDone] = useState<Cutoff | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [periodError, setPeriodError] = useState<string | undefined>();
  const [signer, setSigner] = useState<Signer>(NO_SIGNER);
  const past = useAsync(
    () => api.get<{ items: Cutoff[] }>(`/v1/registry/cutoffs?regencyCode=${encodeURIComponent(regencyCode)}`),
    [regencyCode, done?.cutoffId],
  );
  const thisMonth = new Date().toISOString().slice(0, 7);
  const fix = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    setPeriodError(undefined);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return setPeriodError(t('cutoff.periodFormat'));
    if (!window.confirm(t('cutoff.confirm', { period: formatMonth(period, lang) }))) return;
    try {
      const { data } = await api.request<Cutoff>('POST', '/v1/registry/cutoffs', {
        json: { regencyCode, period, ...(early ? { confirmUnfinished: true } : {}) },
      });
      setDone(data);
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.problem?.errors?.find((e) => e.path === 'period') : undefined;
      if (field) setPeriodError(field.message);
      else setError(errorText(failure, tr));
    }
  };
  return (
    <form class="card" onSubmit={(event) => void fix(event)} noValidate data-testid="cutoff-form">
      <h2>{t('cutoff.title')}</h2>
      <ErrorBanner message={error} />
      <Notice
        message={
          done
            ? t('cutoff.done', { period: formatMonth(done.period, lang), time: formatDateTime(done.fixedAt, lang) })
            : undefined
        }
      />
      <TextField
        id="cutoff-period"
        label={t('cutoff.period')}
        value={period}
        onInput={setPeriod}
        type="month"
        error={periodError}
      />
      {period >= thisMonth ? (
        <Checkbox id="cutoff-early" label={t('cutoff.early')} checked={early} onChange={setEarly} />
      ) : null}
      <button type="submit" class="btn btn-secondary">
        {t('cutoff.fix')}
      </button>
      <h3>{t('cutoff.past')}</h3>
      <SignerFields signer={signer} onChange={setSigner} />
      {past.data && past.data.items.length === 0 ? <p>{t('app.none')}</p> : null}
      <ul data-testid="cutoff-list">
        {(past.data?.items ?? []).map((cutoff) => (
          <li key={cutoff.cutoffId} data-testid="cutoff-item" data-period={cutoff.period}>
            <a href={routePath('handoff', { id: cutoff.cutoffId })}>{formatMonth(cutoff.period, lang)}</a> ·{' '}
            {formatDateTime(cutoff.fixedAt, lang)}
            <ApprovalListPrint cutoff={cutoff} signer={signer} />
          </li>
        ))}
      </ul>
    </form>
  );
}
