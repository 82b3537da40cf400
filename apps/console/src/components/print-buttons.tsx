import { useState } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';
import { download } from '../lib/download.ts';
import { consoleContext } from '../session.ts';
import { errorText } from './error-text.ts';
import { Checkbox, TextField } from './fields.tsx';

interface PrintLink {
  /** Test id of the button. */
  id: string;
  label: string;
  path: string;
  filename: string;
}

/** Buttons that download PDFs (printouts made by the services), with the error of the last one. */
export function PrintButtons({ links, testId }: { links: readonly PrintLink[]; testId: string }) {
  const tr = useT();
  const { api } = consoleContext();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const print = async (link: PrintLink): Promise<void> => {
    setBusy(link.id);
    setError(undefined);
    try {
      await download(api, link.path, link.filename);
    } catch (failure) {
      setError(errorText(failure, tr));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <p class="print-buttons" data-testid={testId}>
      {links.map((link) => (
        <button
          key={link.id}
          type="button"
          class="btn btn-secondary"
          data-testid={link.id}
          disabled={busy !== undefined}
          aria-busy={busy === link.id ? 'true' : undefined}
          onClick={() => void print(link)}
        >
          {link.label}
        </button>
      ))}
      {error ? <span class="error"> {error}</span> : null}
    </p>
  );
}

/** The printouts of one village meeting: its minutes and attendance forms, filled in, and its summary. */
export function MeetingPrints({ meetingId, date }: { meetingId: string; date: string }) {
  const { t } = useT();
  const base = `/v1/intake/meetings/${encodeURIComponent(meetingId)}`;
  return (
    <PrintButtons
      testId="meeting-prints"
      links={[
        {
          id: 'print-minutes',
          label: t('print.minutes'),
          path: `${base}/forms/berita-acara`,
          filename: `berita-acara-${date}.pdf`,
        },
        {
          id: 'print-attendance',
          label: t('print.attendance'),
          path: `${base}/forms/daftar-hadir`,
          filename: `daftar-hadir-${date}.pdf`,
        },
        {
          id: 'print-summary',
          label: t('print.summary'),
          path: `${base}/summary`,
          filename: `ringkasan-musyawarah-${date}.pdf`,
        },
      ]}
    />
  );
}

/** Blank minutes and attendance forms, to print before a meeting is recorded. */
export function BlankMeetingForms({ kind }: { kind: string }) {
  const { t } = useT();
  return (
    <PrintButtons
      testId="meeting-blank-forms"
      links={[
        {
          id: 'print-blank-minutes',
          label: t('print.blankMinutes'),
          path: `/v1/intake/meeting-forms/berita-acara?kind=${kind}`,
          filename: 'berita-acara-kosong.pdf',
        },
        {
          id: 'print-blank-attendance',
          label: t('print.blankAttendance'),
          path: `/v1/intake/meeting-forms/daftar-hadir?kind=${kind}`,
          filename: 'daftar-hadir-kosong.pdf',
        },
      ]}
    />
  );
}

/** Who signs the approval lists (all optional: left empty, a line to write by hand). */
export interface Signer {
  place: string;
  date: string;
  title: string;
  name: string;
  nip: string;
  masked: boolean;
}

export const NO_SIGNER: Signer = { place: '', date: '', title: '', name: '', nip: '', masked: false };

/** The query of an approval list's print: only what was filled in. */
export function signerQuery(signer: Signer): string {
  const query = new URLSearchParams();
  for (const key of ['place', 'date', 'title', 'name', 'nip'] as const) {
    const value = signer[key].trim();
    if (value !== '') query.set(key, value);
  }
  if (signer.masked) query.set('nik', 'masked');
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** The signature block's fields of the approval lists, folded away until wanted. */
export function SignerFields({ signer, onChange }: { signer: Signer; onChange: (signer: Signer) => void }) {
  const { t } = useT();
  const set = (key: keyof Signer) => (value: string | boolean) => onChange({ ...signer, [key]: value });
  return (
    <details class="signer" data-testid="signer-fields">
      <summary>{t('print.signer')}</summary>
      <p class="hint">{t('print.signerHint')}</p>
      <TextField
        id="signer-place"
        label={t('print.place')}
        value={signer.place}
        onInput={set('place')}
        maxLength={60}
      />
      <TextField id="signer-date" label={t('print.date')} value={signer.date} onInput={set('date')} type="date" />
      <TextField
        id="signer-title"
        label={t('print.title')}
        value={signer.title}
        onInput={set('title')}
        maxLength={120}
        hint={t('print.titleHint')}
      />
      <TextField id="signer-name" label={t('print.name')} value={signer.name} onInput={set('name')} maxLength={120} />
      <TextField
        id="signer-nip"
        label={t('print.nip')}
        value={signer.nip}
        onInput={set('nip')}
        inputMode="numeric"
        maxLength={18}
        hint={t('print.nipHint')}
      />
      <Checkbox id="signer-masked" label={t('print.masked')} checked={signer.masked} onChange={set('masked')} />
    </details>
  );
}

/** The print button of one cut-off's approval list. */
export function ApprovalListPrint({
  cutoff,
  signer,
}: {
  cutoff: { cutoffId: string; regencyCode: string; period: string };
  signer: Signer;
}) {
  const { t } = useT();
  return (
    <PrintButtons
      testId="approval-list-print"
      links={[
        {
          id: 'print-approval-list',
          label: t('print.approvalList'),
          path: `/v1/registry/cutoffs/${encodeURIComponent(cutoff.cutoffId)}/approval-list${signerQuery(signer)}`,
          filename: `daftar-penetapan-${cutoff.regencyCode}-${cutoff.period}.pdf`,
        },
      ]}
    />
  );
}
