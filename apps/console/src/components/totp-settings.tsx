import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';
import { errorText } from './error-text.ts';
import { ErrorBanner, Notice, TextField } from './fields.tsx';
import { TotpEnrolmentView, type TotpEnrolment } from './totp-enrolment.tsx';

interface TotpStatus {
  active: boolean;
  required: boolean;
  allowed: boolean;
  available: boolean;
}

/**
 * The account page's section on the second factor (administrators only, `GET /v1/auth/totp`
 * says whether): turn it on (the QR code and secret shown once, then a code confirms) or off
 * with a current code.
 */
export function TotpSettings() {
  const tr = useT();
  const { t } = tr;
  const { api } = consoleContext();
  const [status, setStatus] = useState<TotpStatus | undefined>();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | undefined>();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [banner, setBanner] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<TotpStatus>('/v1/auth/totp').then(setStatus, () => setStatus(undefined));
  }, [api]);

  const act = async (run: () => Promise<void>): Promise<void> => {
    setBanner(undefined);
    setNotice(undefined);
    setCodeError(undefined);
    setBusy(true);
    try {
      await run();
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'totp_invalid') setCodeError(t('totp.invalid'));
      else if (failure instanceof ApiError && (failure.status === 423 || failure.status === 429))
        setBanner(t('login.locked', { seconds: failure.headers.get('retry-after') ?? '60' }));
      else setBanner(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };
  const withCode = (run: (code: string) => Promise<void>) => (event: Event) => {
    event.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setCodeError(t('totp.codeRequired'));
      return;
    }
    void act(() => run(digits));
  };

  if (!status?.allowed) return null;
  const codeField = (
    <TextField
      id="totp-code"
      label={t('totp.code')}
      value={code}
      onInput={setCode}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={8}
      error={codeError}
      hint={t('totp.codeHint')}
    />
  );
  return (
    <section data-testid="totp-settings">
      <h2>{t('totp.title')}</h2>
      <p>{t('totp.intro')}</p>
      <p data-testid="totp-status">
        {status.active ? t('totp.statusOn') : t('totp.statusOff')} {status.required ? t('totp.requiredNote') : ''}
      </p>
      <ErrorBanner message={banner} />
      <Notice message={notice} />
      {!status.available && !status.active ? <p>{t('totp.unavailable')}</p> : null}
      {status.available && !status.active && !enrolment ? (
        <button
          type="button"
          class="btn btn-primary"
          disabled={busy}
          onClick={() =>
            void act(async () => setEnrolment((await api.request<TotpEnrolment>('POST', '/v1/auth/totp/enrol')).data))
          }
        >
          {t('totp.start')}
        </button>
      ) : null}
      {enrolment && !status.active ? (
        <form
          data-testid="totp-confirm-form"
          noValidate
          onSubmit={withCode(async (digits) => {
            await api.request('POST', '/v1/auth/totp/confirm', { json: { code: digits } });
            setEnrolment(undefined);
            setCode('');
            setStatus({ ...status, active: true });
            setNotice(t('totp.enabled'));
          })}
        >
          <TotpEnrolmentView enrolment={enrolment} />
          {codeField}
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {t('totp.confirm')}
          </button>
        </form>
      ) : null}
      {status.active && !status.required ? (
        <form
          data-testid="totp-disable-form"
          noValidate
          onSubmit={withCode(async (digits) => {
            await api.request('POST', '/v1/auth/totp/disable', { json: { code: digits } });
            setCode('');
            setStatus({ ...status, active: false });
            setNotice(t('totp.disabled'));
          })}
        >
          {codeField}
          <button type="submit" class="btn btn-secondary" disabled={busy}>
            {t('totp.disable')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
