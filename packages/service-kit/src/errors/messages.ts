import { accessProblems } from '../access/messages.ts';

/** Languages of user-facing messages: Bahasa Indonesia (default) and English. */
export type Language = 'id' | 'en';

/** A text in both languages; `{name}` placeholders are filled from params. */
export interface LocalizedText {
  id: string;
  en: string;
}

/** A problem code's title (short, fixed) and default detail. */
export interface ProblemMessage {
  title: LocalizedText;
  detail?: LocalizedText;
}

/** Messages keyed by stable codes: problem codes and field-error codes. */
export interface MessageCatalogue {
  problems: Readonly<Record<string, ProblemMessage>>;
  fields: Readonly<Record<string, LocalizedText>>;
}

export const defaultCatalogue: MessageCatalogue = {
  problems: {
    validation_failed: {
      title: { id: 'Data tidak valid', en: 'Invalid data' },
      detail: { id: 'Periksa kembali isian yang ditandai.', en: 'Check the fields listed in errors.' },
    },
    malformed_json: {
      title: { id: 'JSON tidak dapat dibaca', en: 'Malformed JSON' },
      detail: { id: 'Isi permintaan bukan JSON yang sah.', en: 'The request body is not valid JSON.' },
    },
    empty_body: {
      title: { id: 'Isi permintaan kosong', en: 'Empty request body' },
      detail: { id: 'Permintaan ini memerlukan isi JSON.', en: 'This request needs a JSON body.' },
    },
    bad_request: {
      title: { id: 'Permintaan tidak valid', en: 'Bad request' },
    },
    unsupported_media_type: {
      title: { id: 'Jenis konten tidak didukung', en: 'Unsupported media type' },
      detail: { id: 'Kirim isi dengan Content-Type: application/json.', en: 'Send the body as application/json.' },
    },
    payload_too_large: {
      title: { id: 'Isi permintaan terlalu besar', en: 'Payload too large' },
      detail: { id: 'Ukuran maksimum adalah {limit} byte.', en: 'The maximum size is {limit} bytes.' },
    },
    unauthorized: {
      title: { id: 'Perlu masuk', en: 'Authentication required' },
      detail: {
        id: 'Token akses tidak ada atau tidak valid.',
        en: 'The access token is missing or invalid.',
      },
    },
    token_expired: {
      title: { id: 'Sesi berakhir', en: 'Session expired' },
      detail: { id: 'Token akses sudah kedaluwarsa; silakan masuk lagi.', en: 'The access token has expired.' },
    },
    forbidden: {
      title: { id: 'Akses ditolak', en: 'Forbidden' },
      detail: { id: 'Peran Anda tidak diizinkan melakukan ini.', en: 'Your role is not allowed to do this.' },
    },
    not_found: {
      title: { id: 'Tidak ditemukan', en: 'Not found' },
      detail: { id: 'Data yang diminta tidak ada.', en: 'The requested resource does not exist.' },
    },
    route_not_found: {
      title: { id: 'Alamat tidak dikenal', en: 'Unknown route' },
      detail: { id: 'Tidak ada layanan {method} di alamat ini.', en: 'Nothing is served for {method} at this path.' },
    },
    conflict: {
      title: { id: 'Terjadi konflik', en: 'Conflict' },
      detail: {
        id: 'Data sudah diubah oleh orang lain; muat ulang lalu coba lagi.',
        en: 'The data was changed by someone else; reload and try again.',
      },
    },
    precondition_required: {
      title: { id: 'If-Match diperlukan', en: 'If-Match required' },
      detail: {
        id: 'Sertakan header If-Match dengan ETag terakhir.',
        en: 'Send the If-Match header with the latest ETag.',
      },
    },
    precondition_failed: {
      title: { id: 'Versi tidak cocok', en: 'Precondition failed' },
      detail: {
        id: 'Data sudah diubah sejak Anda memuatnya; muat ulang lalu coba lagi.',
        en: 'The data changed since you loaded it; reload and try again.',
      },
    },
    too_many_requests: {
      title: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
      detail: { id: 'Coba lagi dalam {retryAfter} detik.', en: 'Try again in {retryAfter} seconds.' },
    },
    not_ready: {
      title: { id: 'Layanan belum siap', en: 'Service not ready' },
      detail: { id: 'Pemeriksaan gagal: {failed}.', en: 'Failed checks: {failed}.' },
    },
    ...accessProblems,
    internal_error: {
      title: { id: 'Kesalahan internal', en: 'Internal error' },
      detail: {
        id: 'Terjadi kesalahan pada server. Sebutkan ID permintaan {requestId} saat melapor.',
        en: 'Something went wrong on the server. Quote request id {requestId} when reporting it.',
      },
    },
  },
  fields: {
    required: { id: 'wajib diisi', en: 'is required' },
    invalid_type: { id: 'harus bertipe {expected}', en: 'must be of type {expected}' },
    too_small: { id: 'minimal {minimum}', en: 'must be at least {minimum}' },
    too_small_string: { id: 'minimal {minimum} karakter', en: 'must have at least {minimum} characters' },
    too_small_array: { id: 'minimal {minimum} item', en: 'must have at least {minimum} items' },
    too_big: { id: 'maksimal {maximum}', en: 'must be at most {maximum}' },
    too_big_string: { id: 'maksimal {maximum} karakter', en: 'must have at most {maximum} characters' },
    too_big_array: { id: 'maksimal {maximum} item', en: 'must have at most {maximum} items' },
    invalid_format: { id: 'format tidak valid ({format})', en: 'has an invalid format ({format})' },
    invalid_value: { id: 'harus salah satu dari: {values}', en: 'must be one of: {values}' },
    unrecognized_keys: { id: 'isian tidak dikenal: {keys}', en: 'unknown fields: {keys}' },
    not_multiple_of: { id: 'harus kelipatan {divisor}', en: 'must be a multiple of {divisor}' },
    invalid_union: { id: 'tidak cocok dengan bentuk yang diizinkan', en: 'matches none of the allowed shapes' },
    invalid: { id: 'tidak valid', en: 'is invalid' },
  },
};

/** Merges service-specific messages over the defaults. */
export function extendCatalogue(extra: Partial<MessageCatalogue>): MessageCatalogue {
  return {
    problems: { ...defaultCatalogue.problems, ...extra.problems },
    fields: { ...defaultCatalogue.fields, ...extra.fields },
  };
}

/** Fills `{name}` placeholders; unknown ones stay as they are. */
export function interpolate(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/**
 * The language of an `Accept-Language` header: English when the most preferred supported
 * language is English, Bahasa Indonesia otherwise.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return 'id';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...options] = part.trim().toLowerCase().split(';');
      const q = options.map((option) => option.trim()).find((option) => option.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'id' || tag.startsWith('id-') || tag === 'in') return 'id';
  }
  return 'id';
}
