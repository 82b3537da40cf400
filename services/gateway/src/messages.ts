import type { MessageCatalogue } from '@siks/service-kit';

/** The gateway's own problem and field messages (merged over service-kit's). */
export const gatewayMessages: Partial<MessageCatalogue> = {
  problems: {
    invalid_credentials: {
      title: { id: 'Nama pengguna atau kata sandi salah', en: 'Wrong user name or password' },
      detail: {
        id: 'Periksa nama pengguna dan kata sandi, lalu coba lagi.',
        en: 'Check the user name and password and try again.',
      },
    },
    account_locked: {
      title: { id: 'Akun dikunci sementara', en: 'Account temporarily locked' },
      detail: {
        id: 'Terlalu banyak kata sandi salah. Coba lagi dalam {retryAfter} detik.',
        en: 'Too many wrong passwords. Try again in {retryAfter} seconds.',
      },
    },
    session_expired: {
      title: { id: 'Sesi berakhir', en: 'Session ended' },
      detail: { id: 'Silakan masuk lagi.', en: 'Please sign in again.' },
    },
    csrf_failed: {
      title: { id: 'Permintaan ditolak', en: 'Request refused' },
      detail: {
        id: 'Token CSRF tidak ada atau tidak cocok; muat ulang halaman.',
        en: 'The CSRF token is missing or does not match; reload the page.',
      },
    },
    login_unavailable: {
      title: { id: 'Login tidak tersedia', en: 'Login unavailable' },
      detail: {
        id: 'Gateway ini tidak memiliki kunci penanda tangan (JWT_PRIVATE_KEY).',
        en: 'This gateway has no signing key (JWT_PRIVATE_KEY).',
      },
    },
    username_taken: {
      title: { id: 'Nama pengguna sudah dipakai', en: 'User name taken' },
      detail: { id: 'Pilih nama pengguna lain.', en: 'Choose another user name.' },
    },
    cannot_disable_self: {
      title: { id: 'Tidak dapat menonaktifkan akun sendiri', en: 'Cannot disable your own account' },
    },
    totp_required: {
      title: { id: 'Kode verifikasi diperlukan', en: 'Verification code required' },
      detail: {
        id: 'Masukkan kode 6 angka dari aplikasi autentikator Anda.',
        en: 'Enter the 6-digit code from your authenticator app.',
      },
    },
    totp_invalid: {
      title: { id: 'Kode verifikasi salah', en: 'Wrong verification code' },
      detail: {
        id: 'Kode salah, kedaluwarsa, atau sudah dipakai. Tunggu kode berikutnya lalu coba lagi.',
        en: 'The code is wrong, expired or already used. Wait for the next code and try again.',
      },
    },
    totp_enrolment_required: {
      title: { id: 'Verifikasi dua langkah wajib', en: 'Two-step verification required' },
      detail: {
        id: 'Pindai kode QR atau masukkan kunci rahasia di aplikasi autentikator, lalu masuk dengan kodenya.',
        en: 'Scan the QR code or enter the secret key in an authenticator app, then sign in with its code.',
      },
    },
    totp_unavailable: {
      title: { id: 'Verifikasi dua langkah tidak tersedia', en: 'Two-step verification unavailable' },
      detail: {
        id: 'Gateway ini tidak memiliki kunci AUTH_TOTP_KEY.',
        en: 'This gateway has no AUTH_TOTP_KEY.',
      },
    },
    totp_already_active: {
      title: { id: 'Verifikasi dua langkah sudah aktif', en: 'Two-step verification already on' },
    },
    totp_required_by_policy: {
      title: {
        id: 'Verifikasi dua langkah wajib untuk peran ini',
        en: 'Two-step verification is required for this role',
      },
    },
    cannot_reset_own_totp: {
      title: {
        id: 'Nonaktifkan verifikasi dua langkah Anda sendiri dengan kode',
        en: 'Switch your own two-step verification off with a code',
      },
    },
    bad_gateway: {
      title: { id: 'Layanan tidak dapat dihubungi', en: 'Service unreachable' },
      detail: {
        id: 'Layanan {service} sedang tidak menjawab. Coba lagi sebentar lagi.',
        en: 'The {service} service is not answering. Try again shortly.',
      },
    },
    gateway_timeout: {
      title: { id: 'Layanan terlalu lama menjawab', en: 'Service timed out' },
      detail: {
        id: 'Layanan {service} tidak menjawab tepat waktu. Coba lagi.',
        en: 'The {service} service did not answer in time. Try again.',
      },
    },
  },
  fields: {
    unknown_region: { id: 'kode wilayah tidak dikenal', en: 'unknown region code' },
    scope_role_mismatch: {
      id: 'cakupan wilayah tidak sesuai dengan peran',
      en: 'region scope does not fit the role',
    },
    password_unchanged: {
      id: 'kata sandi baru harus berbeda dari yang sekarang',
      en: 'the new password must differ from the current one',
    },
    username_format: {
      id: '3–64 huruf kecil, angka, titik, garis bawah atau tanda hubung',
      en: '3–64 lower-case letters, digits, dots, underscores or hyphens',
    },
  },
};
