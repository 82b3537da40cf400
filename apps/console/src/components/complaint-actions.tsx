import { useState } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';
import { errorText } from './error-text.ts';
import { Checkbox, ErrorBanner, SelectField, TextArea, TextField } from './fields.tsx';

export interface ComplaintLead {
  complaintId: string;
  category: string;
  stage: string;
  /** An usul with its household: founded without a link, triage drafts a proposal from it. */
  proposedHousehold?: boolean;
}

const DEACTIVATION_REASONS = ['mampu', 'bantuan_ganda', 'pindah', 'meninggal', 'menolak', 'duplikat'] as const;
const TRIAGERS = new Set(['operator_desa', 'admin_kabkota']);

/**
 * What may be done with a complaint next, as a small form under it: triage (received), the
 * answer (triaged or routed), closing (answered). Each posts one command and reloads the list.
 */
export function ComplaintActions({ lead, role, onDone }: { lead: ComplaintLead; role: string; onDone: () => void }) {
  const tr = useT();
  const { t, label } = tr;
  const { api } = consoleContext();
  const [outcome, setOutcome] = useState<'founded' | 'unfounded'>('founded');
  const [householdId, setHouseholdId] = useState('');
  const [proposalId, setProposalId] = useState('');
  const [reason, setReason] = useState('mampu');
  const [text, setText] = useState('');
  const [upheld, setUpheld] = useState(true);
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = lead.complaintId.slice(0, 8);
  const url = `/v1/intake/complaints/${lead.complaintId}`;

  const send = async (path: string, json: object): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.request('POST', `${url}/${path}`, { json });
      onDone();
    } catch (error) {
      setFailure(errorText(error, tr));
    } finally {
      setBusy(false);
    }
  };

  if (lead.stage === 'received' && TRIAGERS.has(role)) {
    const triage = (event: Event): void => {
      event.preventDefault();
      void send(
        'triage',
        outcome === 'unfounded'
          ? { outcome, reason: text.trim() }
          : {
              outcome,
              ...(householdId.trim() !== '' ? { householdId: householdId.trim() } : {}),
              ...(proposalId.trim() !== '' ? { proposalId: proposalId.trim() } : {}),
              ...(lead.category === 'ineligible_recipient' ? { deactivationReason: reason } : {}),
            },
      );
    };
    return (
      <form class="card" data-testid="triage-form" onSubmit={triage} noValidate>
        <ErrorBanner message={failure} />
        <SelectField
          id={`triage-outcome-${id}`}
          label={t('triage.outcome')}
          value={outcome}
          placeholder=""
          options={(['founded', 'unfounded'] as const).map((value) => ({ value, label: t(`triage.${value}`) }))}
          onChange={(value) => setOutcome(value === 'unfounded' ? 'unfounded' : 'founded')}
        />
        {outcome === 'founded' ? (
          <>
            {lead.proposedHousehold ? (
              <p class="hint" data-testid="triage-usul-draft">
                {t('triage.usulDraft')}
              </p>
            ) : null}
            <TextField
              id={`triage-household-${id}`}
              label={t('triage.householdId')}
              value={householdId}
              onInput={setHouseholdId}
              maxLength={36}
            />
            <TextField
              id={`triage-proposal-${id}`}
              label={t('triage.proposalId')}
              value={proposalId}
              onInput={setProposalId}
              maxLength={36}
            />
            {lead.category === 'ineligible_recipient' ? (
              <SelectField
                id={`triage-reason-${id}`}
                label={t('triage.deactivationReason')}
                value={reason}
                placeholder=""
                options={DEACTIVATION_REASONS.map((value) => ({ value, label: label('deact', value) }))}
                onChange={setReason}
              />
            ) : null}
          </>
        ) : (
          <TextArea id={`triage-why-${id}`} label={t('triage.reason')} value={text} onInput={setText} required />
        )}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('triage.submit')}
        </button>
      </form>
    );
  }
  if (lead.stage === 'triaged' || lead.stage === 'routed')
    return (
      <form
        class="card"
        data-testid="answer-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send('answer', { upheld, answer: text.trim() });
        }}
      >
        <ErrorBanner message={failure} />
        <Checkbox id={`answer-upheld-${id}`} label={t('answer.upheld')} checked={upheld} onChange={setUpheld} />
        <TextArea id={`answer-text-${id}`} label={t('answer.text')} value={text} onInput={setText} required />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('answer.submit')}
        </button>
      </form>
    );
  if (lead.stage === 'answered')
    return (
      <p>
        <ErrorBanner message={failure} />
        <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => void send('close', {})}>
          {t('answer.close')}
        </button>
      </p>
    );
  return null;
}
