import { useEffect, useState } from 'preact/hooks';
import type { DocumentView, Geotag } from '../api/types.ts';
import { errorText } from './error-text.ts';
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

/** A document in a list: kind, geotag, duplicates, viewer. */
export function EvidenceCard({
  document,
  household,
}: {
  document: DocumentView;
  household?: { lat: number; lon: number } | undefined;
}) {
  const { t, label, lang } = useT();
  const name = label('kind', document.kind);
  return (
    <li>
      <strong>{name}</strong>
      <p class="hint">{formatDateTime(document.uploadedAt, lang)}</p>
      {document.kind === 'foto_rumah' ? <GeotagSummary geotag={document.geotag} household={household} /> : null}
      {document.duplicates.length + document.duplicatesOutOfScope > 0 ? (
        <p class="warning">
          {t('evidence.duplicates', { count: document.duplicates.length + document.duplicatesOutOfScope })}
        </p>
      ) : null}
      <DocumentViewer documentId={document.documentId} mediaType={document.mediaType} label={name} />
    </li>
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
