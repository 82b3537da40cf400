import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../api/errors.ts';
import { fetchRegion } from '../api/regions.ts';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, Notice } from '../components/fields.tsx';
import { HouseholdFields } from '../components/household-fields.tsx';
import { useT } from '../i18n/use-t.ts';
import { navigate, routePath } from '../lib/router.ts';
import { consoleOutbox } from '../offline/console-outbox.ts';
import { HousePhotoField } from '../components/house-photo-field.tsx';
import { emptyHousehold, toHouseholdData, type HouseholdDraft } from '../proposals/form-model.ts';
import { useHouseholdCheck } from '../proposals/use-household-check.ts';
import { randomId } from '../lib/ids.ts';
import { consoleContext } from '../session.ts';
import type { ApiClient } from '../api/client.ts';
import type { PageProps } from './types.ts';

interface Created {
  proposalId: string;
  status: string;
}

/** Field errors of a 400 from intake, by the form's paths (`proposal.household.…` → `household.…`). */
function serverErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const item of error.problem?.errors ?? []) out[item.path.replace(/^proposal\./, '')] ??= item.message;
  return out;
}

/** Uploads the form's house photo for the proposal just made; false when it did not go in. */
async function uploadPhoto(api: ApiClient, proposalId: string, photo: File, key: string): Promise<boolean> {
  const body = new FormData();
  body.set('kind', 'foto_rumah');
  body.set('proposalId', proposalId);
  body.set('file', photo, photo.name);
  try {
    await api.request('POST', '/v1/documents', { body, headers: { 'idempotency-key': key } });
    return true;
  } catch {
    return false;
  }
}

/** `/usulan/baru`: a new household proposal; saved to the outbox when there is no connection. */
export function ProposalFormPage({ user, online }: PageProps) {
  const tr = useT();
  const { t } = tr;
  const { api } = consoleContext();
  const runtime = consoleOutbox();
  const [draft, setDraft] = useState<HouseholdDraft>(() => emptyHousehold(user.regionCode));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [fromServer, setFromServer] = useState<Record<string, string>>({});
  const [regionName, setRegionName] = useState<string | undefined>();
  const [photo, setPhoto] = useState<File | undefined>();
  const idempotencyKey = useRef(randomId());
  const form = useRef<HTMLFormElement>(null);
  const check = useHouseholdCheck(draft);

  useEffect(() => {
    if (!online) return;
    fetchRegion(api, user.regionCode).then(
      (region) => setRegionName(region ? region.name : t('form.regionUnknown')),
      () => undefined,
    );
  }, [user.regionCode, online]);

  const change = (next: HouseholdDraft): void => {
    setDraft(next);
    setTouched(true);
    setFromServer({});
    setNotice(undefined);
  };

  const focusFirstError = (): void => {
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const save = async (submit: boolean): Promise<void> => {
    setTouched(true);
    setBanner(undefined);
    setNotice(undefined);
    if (!check.ok) {
      setBanner(t('form.invalid'));
      focusFirstError();
      return;
    }
    const proposal = { type: 'new_household', household: toHouseholdData(draft) };
    setBusy(true);
    const keepOffline = async (): Promise<void> => {
      const photos = photo ? [{ file: photo, name: photo.name, kind: 'foto_rumah' as const }] : [];
      const kept = await runtime.outbox.add(proposal, submit, photos).catch(() => undefined);
      if (!kept) return setBanner(t('outbox.noOwner'));
      setDraft(emptyHousehold(user.regionCode));
      setPhoto(undefined);
      setTouched(false);
      idempotencyKey.current = randomId();
      setNotice(t('outbox.savedOffline'));
    };
    try {
      if (!online || !navigator.onLine) return await keepOffline();
      const { data } = await api.request<Created>('POST', '/v1/intake/proposals', {
        json: { channel: 'operator', submit, proposal },
        headers: { 'idempotency-key': idempotencyKey.current },
      });
      if (photo && !(await uploadPhoto(api, data.proposalId, photo, `${idempotencyKey.current}.photo`))) {
        window.alert(t('photo.uploadFailed'));
      }
      navigate(routePath('proposal', { id: data.proposalId }));
    } catch (error) {
      if (error instanceof NetworkError) return await keepOffline();
      setFromServer(serverErrors(error));
      setBanner(errorText(error, tr));
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };

  const errors = touched ? { ...check.errors, ...fromServer } : fromServer;
  return (
    <section>
      <h1>{t('form.title')}</h1>
      <form
        ref={form}
        data-testid="proposal-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save(true);
        }}
      >
        <ErrorBanner message={banner} />
        <Notice message={notice} />
        <HouseholdFields
          draft={draft}
          onChange={change}
          errors={errors}
          warnings={check.warnings}
          regionName={regionName}
        />
        <HousePhotoField photo={photo} onChange={setPhoto} />
        <div class="actions sticky">
          <button
            type="button"
            class="btn btn-secondary"
            data-testid="save-draft"
            disabled={busy}
            onClick={() => void save(false)}
          >
            {busy ? t('form.saving') : t('form.saveDraft')}
          </button>
          <button type="submit" class="btn btn-primary" data-testid="submit-proposal" disabled={busy}>
            {t('form.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
