import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/errors.ts';
import { errorText } from '../../components/error-text.ts';
import { ErrorBanner, FieldShell, SelectField, TextArea, TextField } from '../../components/fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { consoleContext } from '../../session.ts';
import { UsulFields } from './usul-fields.tsx';
import { emptyUsul, USUL_REQUIRED, usulHousehold, usulPath, type UsulDraft } from './usul-options.ts';
import { VillagePicker } from './village-picker.tsx';

const CATEGORIES = ['ineligible_recipient', 'missing_household', 'data_error', 'other'] as const;
const PHOTO_MAX_BYTES = 1_000_000;

type Photo = { mediaType: 'image/jpeg' | 'image/png'; data: string };

function readPhoto(file: File): Promise<Photo> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({
        mediaType: file.type === 'image/png' ? 'image/png' : 'image/jpeg',
        data: url.slice(url.indexOf(',') + 1),
      });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * The tracking form under the new code, loaded once the complaint is filed: a citizen opening
 * the form does not wait for it on a slow line.
 */
function TrackAfterFiling({ code }: { code: string }) {
  const { t } = useT();
  const [Track, setTrack] = useState<ComponentType<{ initialCode: string }> | undefined>();
  useEffect(() => {
    import('./track.tsx').then(
      (m) => setTrack(() => m.PublicTrackPage),
      () => undefined, // the code is shown above; /lacak follows it later
    );
  }, []);
  return Track ? <Track initialCode={code} /> : <p aria-busy="true">{t('app.loading')}</p>;
}

/** `/lapor`: an usul or a sanggah, no account; the answer is a tracking code (shown once). */
export function PublicComplaintPage() {
  const tr = useT();
  const { t, label } = tr;
  const { api } = consoleContext();
  const [category, setCategory] = useState<string>('ineligible_recipient');
  const [village, setVillage] = useState('');
  const [subjectNik, setSubjectNik] = useState('');
  const [subjectName, setSubjectName] = useState('');
  const [address, setAddress] = useState('');
  const [description, setDescription] = useState('');
  const [contactName, setContactName] = useState('');
  const [phone, setPhone] = useState('');
  const [photo, setPhoto] = useState<Photo | undefined>();
  const [usul, setUsul] = useState<UsulDraft>(emptyUsul);
  const isUsul = category === 'missing_household';
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [code, setCode] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const pickPhoto = async (file: File | undefined): Promise<void> => {
    setPhoto(undefined);
    setErrors(({ photo: _gone, ...rest }) => rest);
    if (!file) return;
    if (file.size > PHOTO_MAX_BYTES) {
      setErrors((current) => ({ ...current, photo: t('complaint.photoTooLarge') }));
      return;
    }
    setPhoto(await readPhoto(file));
  };

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (village === '') found['village'] = t('cek.villageRequired');
    if (subjectNik.trim() !== '' && !/^\d{16}$/.test(subjectNik.trim())) found['nik'] = t('cek.nikInvalid');
    if (description.trim().length < 10) found['description'] = t('complaint.descriptionShort');
    if (errors['photo']) found['photo'] = errors['photo'];
    if (isUsul) {
      for (const field of USUL_REQUIRED) if (usul[field].trim() === '') found[usulPath(field)] = t('usul.required');
      if (usul.nik.trim() !== '' && !/^\d{16}$/.test(usul.nik.trim())) found[usulPath('nik')] = t('cek.nikInvalid');
      for (const field of ['rt', 'rw'] as const)
        if (usul[field].trim() !== '' && !/^\d{1,3}$/.test(usul[field].trim())) found[usulPath(field)] = t('usul.rtRw');
    }
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    const subject = {
      ...(subjectNik.trim() !== '' ? { nik: subjectNik.trim() } : {}),
      ...(subjectName.trim() !== '' ? { name: subjectName.trim() } : {}),
    };
    const contact = {
      ...(contactName.trim() !== '' ? { name: contactName.trim() } : {}),
      ...(phone.trim() !== '' ? { phone: phone.trim() } : {}),
    };
    setBusy(true);
    try {
      const response = await api.request<{ trackingCode: string }>('POST', '/v1/intake/complaints', {
        json: {
          regionCode: village,
          category,
          description: description.trim(),
          ...(!isUsul && address.trim() !== '' ? { address: address.trim() } : {}),
          // An usul's head is whom it concerns (the service takes it from the household).
          ...(!isUsul && Object.keys(subject).length > 0 ? { subject } : {}),
          ...(isUsul ? { household: usulHousehold(usul) } : {}),
          ...(Object.keys(contact).length > 0 ? { contact } : {}),
          ...(photo ? { photo } : {}),
        },
      });
      setCode(response.data.trackingCode);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429)
        setFailure(t('complaint.limited', { seconds: error.headers.get('retry-after') ?? '60' }));
      else setFailure(errorText(error, tr));
      // The service's findings on the household (e.g. a NIK whose birth date differs) by field.
      if (error instanceof ApiError && error.problem?.errors)
        setErrors(Object.fromEntries(error.problem.errors.map((issue) => [issue.path, issue.message])));
    } finally {
      setBusy(false);
    }
  };

  if (code)
    return (
      <section class="narrow">
        <h1>{t('complaint.title')}</h1>
        <p class="banner banner-ok" role="status">
          {t('complaint.sent')}{' '}
          <strong data-testid="tracking-code" class="tracking-code">
            {code}
          </strong>
        </p>
        <TrackAfterFiling code={code} />
      </section>
    );

  return (
    <section class="narrow">
      <h1>{t('complaint.title')}</h1>
      <p>{t('complaint.intro')}</p>
      <form data-testid="complaint-form" onSubmit={(event) => void submit(event)} noValidate>
        <ErrorBanner message={failure} />
        <SelectField
          id="complaint-kind"
          label={t('complaint.kind')}
          value={category}
          placeholder=""
          options={CATEGORIES.map((value) => ({ value, label: label('category', value) }))}
          onChange={setCategory}
          required
        />
        <VillagePicker idPrefix="complaint" onChange={setVillage} error={errors['village']} />
        {isUsul ? (
          <UsulFields draft={usul} onChange={setUsul} errors={errors} />
        ) : (
          <>
            <TextField
              id="complaint-subject-nik"
              label={t('complaint.subjectNik')}
              value={subjectNik}
              onInput={setSubjectNik}
              inputMode="numeric"
              maxLength={16}
              error={errors['nik']}
            />
            <TextField
              id="complaint-subject-name"
              label={t('complaint.subjectName')}
              value={subjectName}
              onInput={setSubjectName}
              maxLength={100}
            />
            <TextField
              id="complaint-address"
              label={t('complaint.address')}
              value={address}
              onInput={setAddress}
              maxLength={300}
            />
          </>
        )}
        <TextArea
          id="complaint-description"
          label={t('complaint.description')}
          value={description}
          onInput={setDescription}
          required
          error={errors['description']}
        />
        <TextField
          id="complaint-contact-name"
          label={t('complaint.contactName')}
          value={contactName}
          onInput={setContactName}
          maxLength={100}
        />
        <TextField
          id="complaint-contact-phone"
          label={t('complaint.contactPhone')}
          value={phone}
          onInput={setPhone}
          type="tel"
          inputMode="tel"
          maxLength={16}
        />
        <FieldShell id="complaint-photo" label={t('complaint.photo')} error={errors['photo']}>
          <input
            id="complaint-photo"
            type="file"
            accept="image/jpeg,image/png"
            aria-invalid={errors['photo'] ? 'true' : undefined}
            aria-describedby={errors['photo'] ? 'complaint-photo-error' : undefined}
            onChange={(event) => void pickPhoto((event.currentTarget as HTMLInputElement).files?.[0])}
          />
        </FieldShell>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('complaint.submit')}
        </button>
      </form>
    </section>
  );
}
