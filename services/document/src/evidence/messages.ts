/**
 * Texts for the document service's problem and field codes, in the shape of the service kit's
 * `MessageCatalogue` (pass to `extendCatalogue`). `{name}` placeholders come from `params`.
 */
export const documentMessages = {
  problems: {
    file_too_large: {
      title: { id: 'Berkas terlalu besar', en: 'File too large' },
      detail: { id: 'Ukuran berkas maksimum adalah {limit} byte.', en: 'The maximum file size is {limit} bytes.' },
    },
    file_empty: {
      title: { id: 'Berkas kosong', en: 'Empty file' },
      detail: { id: 'Berkas yang dikirim tidak berisi apa pun.', en: 'The uploaded file has no content.' },
    },
    unsupported_file_type: {
      title: { id: 'Jenis berkas tidak didukung', en: 'Unsupported file type' },
      detail: {
        id: 'Isi berkas bukan JPEG, PNG, atau PDF (terdeteksi: {detected}).',
        en: 'The file content is not JPEG, PNG or PDF (detected: {detected}).',
      },
    },
    file_type_mismatch: {
      title: { id: 'Jenis berkas tidak sesuai', en: 'File type mismatch' },
      detail: {
        id: 'Berkas mengaku {claimed}, tetapi isinya {detected}.',
        en: 'The file claims to be {claimed} but its content is {detected}.',
      },
    },
    not_multipart: {
      title: { id: 'Jenis konten tidak didukung', en: 'Unsupported media type' },
      detail: { id: 'Kirim berkas sebagai multipart/form-data.', en: 'Send the upload as multipart/form-data.' },
    },
    too_many_parts: {
      title: { id: 'Terlalu banyak bagian', en: 'Too many parts' },
      detail: {
        id: 'Unggahan berisi terlalu banyak {what}; kirim satu berkas dengan isian kind, proposalId, regionCode, dan channel.',
        en: 'The upload has too many {what}; send one file with the kind, proposalId, regionCode and channel fields.',
      },
    },
    malformed_multipart: {
      title: { id: 'Unggahan rusak', en: 'Malformed upload' },
      detail: { id: 'Isi multipart tidak dapat dibaca.', en: 'The multipart body cannot be read.' },
    },
  },
  fields: {
    duplicate: { id: 'dikirim lebih dari sekali', en: 'was sent more than once' },
  },
} as const;
