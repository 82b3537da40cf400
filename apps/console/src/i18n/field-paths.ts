import type { Translator } from './use-t.ts';
import { isMessageKey } from './i18n.ts';

/** Path segments whose form label has another name than `form.<segment>`. */
const ALIASES: Readonly<Record<string, string>> = {
  kkNumber: 'form.kk',
  floorAreaPerPersonM2: 'form.floorArea',
  address: 'family.address',
  household: 'form.household',
  members: 'form.members',
  nikCorrections: 'form.nik',
  person: 'family.person',
};

/**
 * A content path as a person reads it: `household.members.1.name` → "Anggota ke-2 · Nama
 * lengkap", `household.address.street` → "Alamat (jalan/gang)". Paths stay in the API.
 */
export function fieldPathText(path: string, tr: Translator): string {
  const segments = path.split('.');
  const words: string[] = [];
  for (const [index, segment] of segments.entries()) {
    if (/^\d+$/.test(segment)) {
      words.push(tr.t('family.memberN', { n: Number(segment) + 1 }));
      continue;
    }
    const last = index === segments.length - 1;
    // Containers are named only when nothing more specific follows ("household.address.street" → street).
    if (!last && ['household', 'address', 'housing', 'members'].includes(segment)) continue;
    const key = ALIASES[segment] ?? `form.${segment}`;
    words.push(isMessageKey(key) ? tr.t(key) : segment.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  }
  return words.join(' · ');
}

/** The kind of record a stream holds, in words (`proposal-…` → "Catatan usulan"). */
export function streamKind(streamId: string, tr: Translator): string {
  const prefix = streamId.split('-')[0] ?? '';
  const key = `stream.${prefix}`;
  return isMessageKey(key) ? tr.t(key) : tr.t('stream.other');
}
