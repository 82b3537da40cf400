/**
 * Texts of the second factor (TOTP) of administrators: the code at login, enrolment and switching
 * it off on the account page. Kept apart from id.ts/en.ts, which spread them in.
 */
export const twoFactorId = {
  'totp.code': 'Kode verifikasi (6 angka)',
  'totp.codeHint': 'Dari aplikasi autentikator di ponsel Anda; kode berganti setiap 30 detik.',
  'totp.required': 'Masukkan kode verifikasi dari aplikasi autentikator Anda.',
  'totp.invalid': 'Kode verifikasi salah, kedaluwarsa, atau sudah dipakai. Tunggu kode berikutnya.',
  'totp.enrolRequired':
    'Verifikasi dua langkah wajib untuk peran Anda. Pindai kode QR atau masukkan kunci rahasia di aplikasi autentikator, lalu masuk dengan kodenya.',
  'totp.title': 'Verifikasi dua langkah',
  'totp.intro':
    'Selain kata sandi, masuk memerlukan kode dari aplikasi autentikator (misalnya Google Authenticator, Aegis, FreeOTP).',
  'totp.statusOn': 'Aktif.',
  'totp.statusOff': 'Belum aktif.',
  'totp.requiredNote': 'Wajib untuk peran Anda di sistem ini.',
  'totp.unavailable': 'Belum tersedia di sistem ini (kunci AUTH_TOTP_KEY belum diatur).',
  'totp.start': 'Aktifkan verifikasi dua langkah',
  'totp.scan': 'Pindai kode QR ini dengan aplikasi autentikator, atau masukkan kunci rahasianya:',
  'totp.secret': 'Kunci rahasia',
  'totp.qr': 'Kode QR untuk aplikasi autentikator',
  'totp.confirm': 'Konfirmasi',
  'totp.enabled': 'Verifikasi dua langkah aktif. Saat masuk berikutnya, kode akan diminta.',
  'totp.disable': 'Nonaktifkan',
  'totp.disabled': 'Verifikasi dua langkah dinonaktifkan.',
  'totp.codeRequired': 'Kode 6 angka wajib diisi.',
};

export const twoFactorEn: Readonly<Record<keyof typeof twoFactorId, string>> = {
  'totp.code': 'Verification code (6 digits)',
  'totp.codeHint': 'From the authenticator app on your phone; the code changes every 30 seconds.',
  'totp.required': 'Enter the verification code from your authenticator app.',
  'totp.invalid': 'The verification code is wrong, expired or already used. Wait for the next one.',
  'totp.enrolRequired':
    'Two-step verification is required for your role. Scan the QR code or enter the secret key in an authenticator app, then sign in with its code.',
  'totp.title': 'Two-step verification',
  'totp.intro':
    'Besides the password, signing in needs a code from an authenticator app (for example Google Authenticator, Aegis, FreeOTP).',
  'totp.statusOn': 'On.',
  'totp.statusOff': 'Not on yet.',
  'totp.requiredNote': 'Required for your role on this system.',
  'totp.unavailable': 'Not available on this system yet (AUTH_TOTP_KEY is not set).',
  'totp.start': 'Turn on two-step verification',
  'totp.scan': 'Scan this QR code with an authenticator app, or enter its secret key:',
  'totp.secret': 'Secret key',
  'totp.qr': 'QR code for an authenticator app',
  'totp.confirm': 'Confirm',
  'totp.enabled': 'Two-step verification is on. The code will be asked at your next sign-in.',
  'totp.disable': 'Turn off',
  'totp.disabled': 'Two-step verification is off.',
  'totp.codeRequired': 'The 6-digit code is required.',
};
