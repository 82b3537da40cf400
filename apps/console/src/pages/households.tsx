import { useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, SelectField, TextArea, TextField } from '../components/fields.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { RegionName } from '../components/region-name.tsx';
import { usePagedList } from '../components/use-paged-list.tsx';
import { useT } from '../i18n/use-t.ts';
import { randomId } from '../lib/ids.ts';
import { formatDateTime } from '../lib/format.ts';
import { navigate, routePath } from '../lib/router.ts';
import {
  DeactivationReason,
  emptyStatusChange,
  statusChangeProposal,
  type StatusChangeDraft,
} from '../proposals/status-change.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';

/** An item of `GET /v1/registry/households` (NIK and KK masked). */
interface HouseholdItem {
  householdId: string;
  regionCode: string;
  status: 'active' | 'inactive';
  kkNumber?: string;
  head?: { nik?: string; name?: string };
  memberCount: number;
  updatedAt: string;
}

/**
 * `/keluarga`: the registered households (DTKS) in the caller's scope. An operator proposes from
 * here that one leaves the registry (death, moved, …) or comes back; the proposal then goes
 * through verification like any other.
 */
export function HouseholdsPage({ user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<string | undefined>();
  const list = usePagedList<HouseholdItem>('/v1/registry/households', { limit: '50', status }, [status]);
  const { items } = list;
  const proposes = user.role === 'operator_desa';
  return (
    <section>
      <h1>{t('households.title')}</h1>
      <p>{t('households.intro')}</p>
      <SelectField
        id="households-status"
        label={t('list.filterStatus')}
        value={status}
        onChange={setStatus}
        options={['active', 'inactive'].map((value) => ({ value, label: label('hh', value) }))}
        placeholder={t('list.all')}
      />
      <PagedTable
        list={list}
        columns={[
          { label: t('households.kk') },
          { label: t('list.head') },
          { label: t('list.members'), num: true },
          { label: t('list.status') },
          { label: t('list.updated') },
          { label: t('households.actions') },
        ]}
      >
        {items.map((item) => (
          <tr key={item.householdId} data-testid="household-row" data-household-id={item.householdId}>
            <td data-label={t('households.kk')}>
              {item.kkNumber ?? '—'}
              <div class="hint">
                <RegionName code={item.regionCode} />
              </div>
            </td>
            <td data-label={t('list.head')}>
              <a href={routePath('household', { id: item.householdId })}>{item.head?.name ?? t('household.open')}</a>
              <div class="hint">{item.head?.nik ?? ''}</div>
            </td>
            <td data-label={t('list.members')} class="num">
              {item.memberCount}
            </td>
            <td data-label={t('list.status')}>
              <span class={`status ${item.status === 'active' ? 'result-pass' : 'result-warn'}`}>
                {label('hh', item.status)}
              </span>
            </td>
            <td data-label={t('list.updated')}>{formatDateTime(item.updatedAt, lang)}</td>
            <td data-label={t('households.actions')}>
              <a href={`${routePath('audit')}?householdId=${item.householdId}`}>{t('households.history')}</a>
              {proposes ? (
                <button
                  type="button"
                  class="btn btn-secondary"
                  data-testid="propose-status-change"
                  aria-expanded={open === item.householdId}
                  onClick={() => setOpen(open === item.householdId ? undefined : item.householdId)}
                >
                  {item.status === 'active' ? t('households.proposeDeactivate') : t('households.proposeReactivate')}
                </button>
              ) : null}
              {open === item.householdId ? (
                <StatusChangeForm household={item} onCancel={() => setOpen(undefined)} />
              ) : null}
            </td>
          </tr>
        ))}
      </PagedTable>
    </section>
  );
}

/** The proposal to deactivate an active household or reactivate an inactive one, submitted at once. */
function StatusChangeForm({ household, onCancel }: { household: HouseholdItem; onCancel: () => void }) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const [draft, setDraft] = useState<StatusChangeDraft>(
    emptyStatusChange(household.status === 'active' ? 'deactivate' : 'reactivate'),
  );
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const [idempotencyKey] = useState(randomId);
  const check = statusChangeProposal(draft, household, lang);
  const errors = touched && !check.ok ? check.errors : {};
  const id = (name: string): string => `status-change-${household.householdId}-${name}`;
  const set = (patch: Partial<StatusChangeDraft>): void => setDraft({ ...draft, ...patch });

  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    setFailure(undefined);
    if (!check.ok) return;
    setBusy(true);
    try {
      const { data } = await api.request<{ proposalId: string }>('POST', '/v1/intake/proposals', {
        json: { channel: 'operator', submit: true, proposal: check.proposal },
        headers: { 'idempotency-key': idempotencyKey },
      });
      navigate(routePath('proposal', { id: data.proposalId }));
    } catch (error) {
      setFailure(errorText(error, tr));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" data-testid="status-change-form" onSubmit={(event) => void send(event)} noValidate>
      <ErrorBanner message={failure} />
      {draft.kind === 'deactivate' ? (
        <>
          <SelectField
            id={id('reason')}
            label={t('households.reason')}
            value={draft.reason}
            onChange={(reason) => set({ reason })}
            options={DeactivationReason.options.map((value) => ({ value, label: label('deact', value) }))}
            placeholder={t('households.choose')}
            error={errors['reason']}
            required
          />
          <TextField
            id={id('date')}
            label={t('households.effectiveDate')}
            value={draft.effectiveDate}
            onInput={(effectiveDate) => set({ effectiveDate })}
            type="date"
            error={errors['effectiveDate']}
          />
        </>
      ) : null}
      <TextArea
        id={id('note')}
        label={draft.kind === 'deactivate' ? t('households.note') : t('households.reactivateNote')}
        value={draft.note}
        onInput={(note) => set({ note })}
        error={errors['note']}
        required={draft.kind === 'reactivate'}
      />
      <div class="actions">
        <button type="submit" class="btn btn-primary" data-testid="send-status-change" disabled={busy}>
          {t('households.send')}
        </button>
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
