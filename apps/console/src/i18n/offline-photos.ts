/** Texts of the house photo on the new-proposal form and of photos waiting in the outbox. Spread into id.ts/en.ts. */
export const offlinePhotosId = {
  'photo.label': 'Foto rumah (tidak wajib)',
  'photo.hint':
    'Ambil foto rumah dengan lokasi (GPS) aktif. Tanpa sinyal, foto disimpan terenkripsi di perangkat ini dan dikirim setelah usulannya terkirim.',
  'photo.chosen': 'Foto dipilih: {name}',
  'photo.remove': 'Hapus foto',
  'photo.uploadFailed': 'Usulan tersimpan, tetapi foto gagal diunggah. Unggah lagi di halaman usulan.',
  'outbox.photos': '{count} foto menunggu',
  'outbox.lockedLogout':
    'Masih ada usulan yang belum terkirim. Usulan itu tetap terkunci di perangkat ini untuk akun Anda dan hanya dikirim saat Anda masuk lagi di sini; pengguna lain tidak dapat melihat atau mengirimnya.',
  'outbox.noOwner': 'Tidak dapat menyimpan tanpa masuk. Masuk lagi lalu simpan.',
  /** A refused photo's field name in the outbox's list of refusals. */
  'form.photo': 'Foto rumah',
};

export const offlinePhotosEn: Readonly<Record<keyof typeof offlinePhotosId, string>> = {
  'photo.label': 'House photo (optional)',
  'photo.hint':
    'Take the photo of the house with location (GPS) on. Without signal, the photo is kept encrypted on this device and sent after its proposal.',
  'photo.chosen': 'Photo chosen: {name}',
  'photo.remove': 'Remove photo',
  'photo.uploadFailed':
    'The proposal is saved, but the photo could not be uploaded. Upload it again on the proposal page.',
  'outbox.photos': '{count} photos waiting',
  'outbox.lockedLogout':
    'Some proposals are not sent yet. They stay locked on this device for your account and are sent only when you sign in here again; other users cannot see or send them.',
  'outbox.noOwner': 'Cannot keep this without being signed in. Sign in again, then save.',
  'form.photo': 'House photo',
};
