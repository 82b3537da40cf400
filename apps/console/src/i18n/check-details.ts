import type { Lang } from './i18n.ts';
import { checkReasonText } from './check-reasons.ts';

/**
 * The details of an automated check in words (codes stay in the API): content paths become
 * "Anggota ke-2", finding codes their reason texts, counts and metres sentences. Unknown keys
 * are left out rather than shown as code.
 */
const T = {
  member: { id: 'Anggota ke-{n}', en: 'Member {n}' },
  person: { id: 'Orang yang dimaksud', en: 'The person concerned' },
  kk: { id: 'Nomor KK', en: 'KK number' },
  household: { id: 'Keluarga', en: 'Household' },
  correction: { id: 'Koreksi NIK ke-{n}', en: 'NIK correction {n}' },
  distance: { id: 'Foto terdekat {n} m dari lokasi rumah', en: 'Nearest photo {n} m from the house' },
  photos: { id: '{n} foto rumah, {failed} tidak lolos', en: '{n} house photos, {failed} failed' },
  activeHouseholds: { id: 'aktif di {n} keluarga lain', en: 'active in {n} other households' },
  pendingProposals: { id: 'ada di {n} usulan lain', en: 'in {n} other proposals' },
  proposals: { id: '{n} usulan lain', en: '{n} other proposals' },
  regions: { id: 'desa: {list}', en: 'villages: {list}' },
  outsideScope: { id: 'juga di luar wilayah Anda', en: 'also outside your area' },
  missing: { id: 'Belum ada: {list}', en: 'Missing: {list}' },
  matched: { id: '{n} orang cocok', en: '{n} people match' },
  documents: { id: '{n} dokumen', en: '{n} documents' },
  count: { id: '{n} orang datanya telah dihapus', en: 'personal data of {n} people erased' },
  ageDays: { id: 'Foto berumur {n} hari', en: 'Photo {n} days old' },
} as const;

const fill = (text: string, params: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));

/** `household.members.1` → "Anggota ke-2"; `person` → "Orang yang dimaksud"; unknown paths in words. */
export function pathText(path: string, lang: Lang): string {
  const member = /(?:^|\.)members\.(\d+)$/.exec(path);
  if (member) return fill(T.member[lang], { n: Number(member[1]) + 1 });
  const correction = /^nikCorrections\.(\d+)$/.exec(path);
  if (correction) return fill(T.correction[lang], { n: Number(correction[1]) + 1 });
  if (path === 'person') return T.person[lang];
  if (path.endsWith('kkNumber')) return T.kk[lang];
  return T.household[lang];
}

/** One `<path>:<code>` finding in words: "Anggota ke-1: Belum ada data pembanding Dukcapil". */
export function findingText(finding: string, lang: Lang, codeText: (code: string) => string): string {
  const at = finding.lastIndexOf(':');
  if (at < 0) return codeText(finding);
  return `${pathText(finding.slice(0, at), lang)}: ${codeText(finding.slice(at + 1))}`;
}

const numbers = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/**
 * A check's details as sentences. `codeText` names finding codes that are not check reasons
 * (identity findings like `nik.birthdate_mismatch`, evidence kinds); it falls back to the
 * reason texts.
 */
export function checkDetailsText(
  details: Readonly<Record<string, unknown>>,
  lang: Lang,
  codeText: (code: string) => string | undefined = () => undefined,
): string[] {
  const code = (value: string): string => codeText(value) ?? checkReasonText(value, lang);
  const lines: string[] = [];
  const paths = strings(details['paths']);
  if (paths.length > 0) lines.push(paths.map((path) => pathText(path, lang)).join(', '));
  for (const finding of strings(details['findings'])) lines.push(findingText(finding, lang, code));
  const active = numbers(details['activeHouseholds']);
  if (active) lines.push(fill(T.activeHouseholds[lang], { n: active }));
  const pending = numbers(details['pendingProposals']);
  if (pending) lines.push(fill(T.pendingProposals[lang], { n: pending }));
  const proposals = numbers(details['proposals']);
  if (proposals && pending === undefined) lines.push(fill(T.proposals[lang], { n: proposals }));
  const regions = strings(details['regions']);
  if (regions.length > 0) lines.push(fill(T.regions[lang], { list: regions.join(', ') }));
  if (details['outsideScope'] === true) lines.push(T.outsideScope[lang]);
  const missing = strings(details['missing']);
  if (missing.length > 0) lines.push(fill(T.missing[lang], { list: missing.map(code).join(', ') }));
  const distance = numbers(details['distanceM']);
  if (distance !== undefined)
    lines.push(fill(T.distance[lang], { n: distance.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB') }));
  const photos = numbers(details['photos']);
  if (photos !== undefined && details['failedPhotos'] !== undefined)
    lines.push(fill(T.photos[lang], { n: photos, failed: numbers(details['failedPhotos']) ?? 0 }));
  const matched = numbers(details['matched']);
  if (matched !== undefined) lines.push(fill(T.matched[lang], { n: matched }));
  const documents = numbers(details['documents']);
  if (documents !== undefined) lines.push(fill(T.documents[lang], { n: documents }));
  const count = numbers(details['count']);
  if (count !== undefined) lines.push(fill(T.count[lang], { n: count }));
  return lines;
}
