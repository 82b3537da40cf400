import { useState } from 'preact/hooks';
import { ApiError } from '../../api/errors.ts';
import { errorText } from '../../components/error-text.ts';
import { ErrorBanner, TextField } from '../../components/fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { consoleContext } from '../../session.ts';
import { VillagePicker } from './village-picker.tsx';

interface Answer {
  villageCode: string;
  registry: 'active' | 'inactive' | 'not_found';
  proposals: { stage: string; updatedOn: string }[];
}

/** `/cek`: the citizens' status check (Cek Bansos), no account. */
export function PublicStatusPage() {
  const tr = useT();
  const { t, label } = tr;
  const { api } = consoleContext();
  const [nik, setNik] = useState('');
  const [name, setName] = useState('');
  const [village, setVillage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^\d{16}$/.test(nik.trim())) found['nik'] = t('cek.nikInvalid');
    if (name.trim() === '') found['name'] = t('cek.nameRequired');
    if (village === '') found['village'] = t('cek.villageRequired');
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setAnswer(undefined);
    try {
      const response = await api.request<Answer>('POST', '/v1/public/status', {
        json: { nik: nik.trim(), name, villageCode: village },
      });
      setAnswer(response.data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429)
        setFailure(t('cek.limited', { seconds: error.headers.get('retry-after') ?? '60' }));
      else setFailure(errorText(error, tr));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{t('cek.title')}</h1>
      <p>{t('cek.intro')}</p>
      <form data-testid="status-form" onSubmit={(event) => void submit(event)} noValidate>
        <ErrorBanner message={failure} />
        <TextField
          id="status-nik"
          label={t('cek.nik')}
          value={nik}
          onInput={setNik}
          inputMode="numeric"
          maxLength={16}
          required
          error={errors['nik']}
        />
        <TextField
          id="status-name"
          label={t('cek.name')}
          value={name}
          onInput={setName}
          required
          maxLength={100}
          error={errors['name']}
        />
        <VillagePicker idPrefix="status" onChange={setVillage} error={errors['village']} />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('cek.submit')}
        </button>
      </form>
      {answer ? (
        <div class="card" data-testid="status-result" role="status">
          <h2>{t('cek.result')}</h2>
          <p data-registry={answer.registry}>{t(`cek.registry.${answer.registry}`)}</p>
          {answer.proposals.length > 0 ? (
            <>
              <h3>{t('cek.proposals')}</h3>
              <ul>
                {answer.proposals.map((proposal, index) => (
                  <li key={index} data-stage={proposal.stage}>
                    {label('stage', proposal.stage)} · {proposal.updatedOn}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
