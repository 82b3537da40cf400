import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';

/** What the gateway answers to an enrolment: the secret is shown here once and never stored. */
export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

/**
 * A GIF data URL of the QR code (the console's CSP allows `img-src data:`; no network, no canvas).
 * The encoder is loaded only here, so the login page of everyone else does not carry it.
 */
async function qrDataUrl(text: string): Promise<string> {
  const { default: qrcode } = await import('qrcode-generator');
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(4, 4);
}

/** The QR code and the secret key (grouped by four, as authenticator apps show them) of an enrolment. */
export function TotpEnrolmentView({ enrolment }: { enrolment: TotpEnrolment }) {
  const { t } = useT();
  const [image, setImage] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    // Without the image the secret below still serves (typed into the app by hand).
    qrDataUrl(enrolment.otpauthUri).then(
      (url) => current && setImage(url),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [enrolment.otpauthUri]);
  return (
    <div class="totp-enrolment" data-testid="totp-enrolment">
      <p>{t('totp.scan')}</p>
      {image ? <img src={image} alt={t('totp.qr')} width={180} height={180} /> : null}
      <p>
        {t('totp.secret')}:{' '}
        <code data-testid="totp-secret" data-secret={enrolment.secret}>
          {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
        </code>
      </p>
    </div>
  );
}
