import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Translator } from '../i18n/use-t.ts';
import { formatNumber } from '../lib/format.ts';
import { ageOn, maskIdentity } from '../lib/people.ts';

type Record_ = Record<string, unknown>;
const record = (value: unknown): Record_ => (value !== null && typeof value === 'object' ? (value as Record_) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const list = (value: unknown): Record_[] => (Array.isArray(value) ? value.map(record) : []);

/** Housing fields in the order of the BPS instrument, with the catalogue prefix of coded values. */
const HOUSING: readonly { field: string; labelKey: string; codes?: string }[] = [
  { field: 'floorAreaPerPersonM2', labelKey: 'form.floorArea' },
  { field: 'floorType', labelKey: 'form.floorType', codes: 'floor' },
  { field: 'wallType', labelKey: 'form.wallType', codes: 'wall' },
  { field: 'roofType', labelKey: 'form.roofType', codes: 'roof' },
  { field: 'ownership', labelKey: 'form.ownership', codes: 'own' },
  { field: 'drinkingWater', labelKey: 'form.drinkingWater', codes: 'water' },
  { field: 'lighting', labelKey: 'form.lighting', codes: 'light' },
  { field: 'cookingFuel', labelKey: 'form.cookingFuel', codes: 'fuel' },
  { field: 'toilet', labelKey: 'form.toilet', codes: 'toilet' },
  { field: 'mealsPerDay', labelKey: 'form.mealsPerDay' },
  { field: 'eatsProteinWeekly', labelKey: 'form.eatsProteinWeekly' },
  { field: 'buysClothingYearly', labelKey: 'form.buysClothingYearly' },
  { field: 'canPayTreatment', labelKey: 'form.canPayTreatment' },
  { field: 'hasAssetsOver500k', labelKey: 'form.hasAssetsOver500k' },
  { field: 'incomeBand', labelKey: 'form.incomeBand', codes: 'income' },
];

/**
 * The family a proposal is about, in words: members (name, relationship, sex, age, NIK masked
 * until asked for), address, housing and programmes; for a deactivation the person and why.
 * `content` is the proposal's content as intake returns it to a caller in scope (the read is
 * recorded there).
 */
export function FamilyCard({
  content,
  tr,
  today,
  title,
}: {
  content: unknown;
  tr: Translator;
  today?: Date;
  /** Heading (default: the family a proposal is about). */
  title?: string;
}) {
  const { t } = tr;
  const [showNik, setShowNik] = useState(false);
  const data = record(content);
  const household = data['household'] === undefined ? undefined : record(data['household']);
  const members = household ? list(household['members']) : list(data['members']);
  const person = data['person'] === undefined ? undefined : record(data['person']);
  const hasNik = members.some((member) => text(member['nik'])) || text(person?.['nik']) !== undefined;
  return (
    <div class="card family" data-testid="family-card">
      <h2>{title ?? t('family.title')}</h2>
      {person ? <PersonFacts person={person} reason={text(data['reason'])} showNik={showNik} tr={tr} /> : null}
      {members.length > 0 ? (
        <MemberTable members={members} showNik={showNik} tr={tr} today={today ?? new Date()} />
      ) : null}
      {hasNik ? (
        <button type="button" class="btn btn-link" onClick={() => setShowNik(!showNik)}>
          {showNik ? t('family.hideNik') : t('family.showNik')}
        </button>
      ) : null}
      {household ? <HouseholdFacts household={household} tr={tr} /> : null}
      {!person && members.length === 0 && !household ? <p>{t('family.none')}</p> : null}
    </div>
  );
}

function MemberTable({
  members,
  showNik,
  tr,
  today,
}: {
  members: Record_[];
  showNik: boolean;
  tr: Translator;
  today: Date;
}) {
  const { t, label, lang } = tr;
  return (
    <div class="table-wrap">
      <table data-testid="family-members">
        <caption>{t('family.members', { count: formatNumber(members.length, lang) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('form.name')}</th>
            <th scope="col">{t('form.relationship')}</th>
            <th scope="col">{t('form.sex')}</th>
            <th scope="col">{t('family.age')}</th>
            <th scope="col">{t('form.nik')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member, index) => {
            const age = ageOn(text(member['birthDate']), today);
            const nik = text(member['nik']);
            return (
              <tr key={index}>
                <td>{text(member['name']) ?? t('family.forgotten')}</td>
                <td>{member['relationship'] ? label('rel', String(member['relationship'])) : '—'}</td>
                <td>{member['sex'] ? label('sex', String(member['sex'])) : '—'}</td>
                <td>{age === undefined ? '—' : t('family.years', { n: formatNumber(age, lang) })}</td>
                <td class="nik">{nik ? (showNik ? nik : maskIdentity(nik)) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PersonFacts({
  person,
  reason,
  showNik,
  tr,
}: {
  person: Record_;
  reason: string | undefined;
  showNik: boolean;
  tr: Translator;
}) {
  const { t, label } = tr;
  const nik = text(person['nik']);
  return (
    <dl class="facts">
      <dt>{t('family.person')}</dt>
      <dd>{text(person['name']) ?? t('family.forgotten')}</dd>
      <dt>{t('form.nik')}</dt>
      <dd class="nik">{nik ? (showNik ? nik : maskIdentity(nik)) : '—'}</dd>
      {reason ? (
        <>
          <dt>{t('family.reason')}</dt>
          <dd>{label('deact', reason)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function HouseholdFacts({ household, tr }: { household: Record_; tr: Translator }) {
  const { t, label, lang } = tr;
  const address = record(household['address']);
  const housing = household['housing'] === undefined ? undefined : record(household['housing']);
  const programmes = Array.isArray(household['programmes']) ? household['programmes'].map(String) : [];
  const street = [
    text(address['street']),
    text(address['rt']) && text(address['rw']) ? `RT ${String(address['rt'])}/RW ${String(address['rw'])}` : undefined,
    text(address['dusun']),
  ].filter(Boolean);
  const value = (field: string, codes: string | undefined): string => {
    const raw = housing?.[field];
    if (typeof raw === 'boolean') return raw ? t('app.yes') : t('app.no');
    if (typeof raw === 'number') return formatNumber(raw, lang);
    if (typeof raw === 'string') return codes ? label(codes, raw) : raw;
    return '—';
  };
  return (
    <>
      <dl class="facts">
        <dt>{t('family.address')}</dt>
        <dd>{street.length > 0 ? street.join(', ') : t('family.forgotten')}</dd>
        <dt>{t('form.programmes')}</dt>
        <dd>{programmes.length > 0 ? programmes.map((code) => label('programme', code)).join(', ') : '—'}</dd>
      </dl>
      {housing ? (
        <details>
          <summary>{t('form.housing')}</summary>
          <dl class="facts">
            {HOUSING.map(({ field, labelKey, codes }) => (
              <Fragment key={field}>
                <dt>{t(labelKey as 'form.housing')}</dt>
                <dd>{value(field, codes)}</dd>
              </Fragment>
            ))}
          </dl>
        </details>
      ) : (
        <p class="hint">{t('family.noHousing')}</p>
      )}
    </>
  );
}
