import { useEffect, useState } from 'preact/hooks';
import type { DocumentView, Geotag } from '../api/types.ts';
import { errorText } from './error-text.ts';
import { TextArea } from './fields.tsx';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime, formatDistance } from '../lib/format.ts';
import { haversineMeters } from '../proposals/contracts.ts';
import { consoleContext } from '../session.ts';

/** Where the photo was taken, and how far that is from the household's recorded location. */
export function GeotagInfo({
  geotag,
  household,
}: {
  geotag: Geotag | undefined;
  household?: { lat: number; lon: number } | undefined;
}) {
  const { t, lang } = useT();
  if (!geotag)
    return (
      <p class="warning" data-testid="geotag-info" role="status">
        {t('evidence.noGeotag')}
      </p>
    );
  return (
    <div class="banner banner-ok" data-testid="geotag-info" role="status">
      <p>
        {t('evidence.geotag', { lat: geotag.lat.toFixed(6), lon: geotag.lon.toFixed(6) })}
        {geotag.capturedAt ? ` · ${t('evidence.geotagTime', { time: formatDateTime(geotag.capturedAt, lang) })}` : ''}
      </p>
      <p>
        {household
          ? t('evidence.distance', { distance: formatDistance(haversineMeters(household, geotag), lang) })
          : t('evidence.noHouseholdLocation')}
      </p>
    </div>
  );
}

/**
 * A protected document shown in place: the bytes come with the bearer token and become a blob
 * URL (photos in an <img>; PDFs as a download link — CSP forbids <object>).
 */
export function DocumentViewer({
  documentId,
  mediaType,
  label,
}: {
  documentId: string;
  mediaType: string | null;
  label: string;
}) {
  const tr = useT();
  const { t } = tr;
  const { api } = consoleContext();
  const [url, setUrl] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  const open = async (): Promise<void> => {
    try {
      const blob = await api.blob(`/v1/documents/${encodeURIComponent(documentId)}/content`);
      setUrl(URL.createObjectURL(blob));
    } catch (failure) {
      setError(errorText(failure, tr));
    }
  };
  if (error) return <p class="error">{error}</p>;
  if (!url)
    return (
      <button type="button" class="btn btn-link" onClick={() => void open()}>
        {mediaType === 'application/pdf' ? t('evidence.download') : t('evidence.view')}{' '}
        <span class="sr-only">{label}</span>
      </button>
    );
  if (mediaType === 'application/pdf')
    return (
      <a href={url} download={`${documentId}.pdf`}>
        {t('evidence.download')} ({label})
      </a>
    );
  return (
    <div class="viewer">
      <img src={url} alt={label} />
    </div>
  );
}

/**
 * A document in a list: kind, geotag, duplicates, viewer; and, while the proposal is a draft or
 * returned (`removeFrom` set), a remove button that asks for confirmation and a reason.
 */
export function EvidenceCard({
  document,
  household,
  removeFrom,
  onRemoved,
}: {
  document: DocumentView;
  household?: { lat: number; lon: number } | undefined;
  /** The proposal the document may be withdrawn from; no button without it. */
  removeFrom?: string | undefined;
  onRemoved?: () => void;
}) {
  const { t, label, lang } = useT();
  const name = label('kind', document.kind);
  return (
    <li data-testid="evidence-item" data-document-id={document.documentId}>
      <strong>{name}</strong>
      <p class="hint">{formatDateTime(document.uploadedAt, lang)}</p>
      {document.kind === 'foto_rumah' ? <GeotagSummary geotag={document.geotag} household={household} /> : null}
      {document.duplicates.length + document.duplicatesOutOfScope > 0 ? (
        <p class="warning">
          {t('evidence.duplicates', { count: document.duplicates.length + document.duplicatesOutOfScope })}
        </p>
      ) : null}
      <DocumentViewer documentId={document.documentId} mediaType={document.mediaType} label={name} />
      {removeFrom ? (
        <RemoveEvidence
          documentId={document.documentId}
          proposalId={removeFrom}
          kindName={name}
          onRemoved={onRemoved ?? (() => undefined)}
        />
      ) : null}
    </li>
  );
}

/** Withdraws a document from a draft or returned proposal, after a confirmation with a reason. */
function RemoveEvidence({
  documentId,
  proposalId,
  kindName,
  onRemoved,
}: {
  documentId: string;
  proposalId: string;
  kindName: string;
  onRemoved: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const { api } = consoleContext();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (!open)
    return (
      <button type="button" class="btn btn-danger" data-testid="evidence-remove" onClick={() => setOpen(true)}>
        {t('evidence.remove')} <span class="sr-only">{kindName}</span>
      </button>
    );
  const fieldId = `remove-reason-${documentId}`;
  const confirm = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (reason.trim() === '') return setError(t('evidence.removeReasonRequired'));
    setBusy(true);
    setError(undefined);
    try {
      await api.request('POST', `/v1/documents/${encodeURIComponent(documentId)}/withdrawals`, {
        json: { proposalId, reason: reason.trim() },
      });
      setOpen(false);
      onRemoved();
    } catch (failure) {
      setError(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="card"
      role="alertdialog"
      aria-labelledby={`${fieldId}-q`}
      data-testid="evidence-remove-confirm"
      onSubmit={(event) => void confirm(event)}
      noValidate
    >
      <p id={`${fieldId}-q`}>
        <strong>{t('evidence.removeConfirm', { kind: kindName })}</strong>
      </p>
      <TextArea
        id={fieldId}
        label={t('evidence.removeReason')}
        hint={t('detail.amendHint')}
        value={reason}
        onInput={setReason}
        error={error}
        required
      />
      <div class="actions">
        <button type="submit" class="btn btn-danger" data-testid="evidence-remove-yes" disabled={busy}>
          {t('evidence.removeYes')}
        </button>
        <button type="button" class="btn btn-secondary" onClick={() => setOpen(false)}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function GeotagSummary({
  geotag,
  household,
}: {
  geotag: Geotag | undefined;
  household?: { lat: number; lon: number } | undefined;
}) {
  const { t, lang } = useT();
  if (!geotag) return <p class="warning">{t('evidence.noGeotag')}</p>;
  return (
    <p class="hint">
      {t('evidence.geotag', { lat: geotag.lat.toFixed(5), lon: geotag.lon.toFixed(5) })}
      {household ? ` · ${formatDistance(haversineMeters(household, geotag), lang)}` : ''}
    </p>
  );
}
