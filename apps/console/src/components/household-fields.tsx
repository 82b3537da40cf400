import { useState } from 'preact/hooks';
import { useT, type Translator } from '../i18n/use-t.ts';
import {
  CookingFuel,
  Disability,
  DrinkingWater,
  Education,
  FloorType,
  IncomeBand,
  Lighting,
  MaritalStatus,
  Occupation,
  Ownership,
  Programme,
  Relationship,
  RoofType,
  Sex,
  Toilet,
  WallType,
} from '../proposals/contracts.ts';
import { emptyMember, type HouseholdDraft, type HousingDraft, type MemberDraft } from '../proposals/form-model.ts';
import { Checkbox, SelectField, TextField } from './fields.tsx';

type Errors = Record<string, string>;

const options = (values: readonly string[], label: (code: string) => string) =>
  values.map((value) => ({ value, label: label(value) }));

interface Props {
  draft: HouseholdDraft;
  onChange: (draft: HouseholdDraft) => void;
  errors: Errors;
  warnings: Errors;
  regionName?: string | undefined;
  /** Prefix of element ids (two forms on a page must differ). */
  idPrefix?: string;
}

/** The household form (address, identity numbers, location, members, housing, programmes). */
export function HouseholdFields({ draft, onChange, errors, warnings, regionName, idPrefix = 'hh' }: Props) {
  const tr = useT();
  const { t } = tr;
  const set = (patch: Partial<HouseholdDraft>): void => onChange({ ...draft, ...patch });
  const id = (name: string): string => `${idPrefix}-${name}`;
  const e = (path: string): string | undefined => errors[`household.${path}`];
  const w = (path: string): string | undefined => warnings[`household.${path}`];

  const setMember = (index: number, member: MemberDraft): void =>
    set({ members: draft.members.map((current, i) => (i === index ? member : current)) });

  return (
    <>
      <fieldset>
        <legend>{t('form.household')}</legend>
        <div class="grid">
          <TextField
            id={id('region')}
            label={t('form.regionCode')}
            value={draft.regionCode}
            onInput={(regionCode) => set({ regionCode })}
            readOnly
            hint={regionName}
            error={e('regionCode')}
          />
          <TextField
            id={id('street')}
            label={t('form.street')}
            value={draft.street}
            onInput={(street) => set({ street })}
            error={e('address.street') ?? e('address')}
            wide
          />
          <TextField
            id={id('rt')}
            label={t('form.rt')}
            value={draft.rt}
            onInput={(rt) => set({ rt })}
            inputMode="numeric"
            maxLength={3}
            error={e('address.rt')}
          />
          <TextField
            id={id('rw')}
            label={t('form.rw')}
            value={draft.rw}
            onInput={(rw) => set({ rw })}
            inputMode="numeric"
            maxLength={3}
            error={e('address.rw')}
          />
          <TextField
            id={id('dusun')}
            label={t('form.dusun')}
            value={draft.dusun}
            onInput={(dusun) => set({ dusun })}
            error={e('address.dusun')}
          />
          <TextField
            id={id('kk')}
            label={t('form.kk')}
            value={draft.kkNumber}
            onInput={(kkNumber) => set({ kkNumber })}
            inputMode="numeric"
            maxLength={16}
            error={e('kkNumber')}
            warning={w('kkNumber')}
          />
          <TextField
            id={id('phone')}
            label={t('form.phone')}
            value={draft.phone}
            onInput={(phone) => set({ phone })}
            type="tel"
            inputMode="tel"
            error={e('phone')}
          />
        </div>
        <LocationField
          draft={draft}
          set={set}
          error={e('location') ?? e('location.lat') ?? e('location.lon')}
          idPrefix={idPrefix}
        />
      </fieldset>

      <fieldset>
        <legend>{t('form.members')}</legend>
        {e('members') ? (
          <p class="error" role="alert">
            {e('members')}
          </p>
        ) : null}
        {draft.members.map((member, index) => (
          <MemberRow
            key={index}
            index={index}
            member={member}
            onChange={(next) => setMember(index, next)}
            onRemove={
              draft.members.length > 1 ? () => set({ members: draft.members.filter((_, i) => i !== index) }) : undefined
            }
            errors={errors}
            warnings={warnings}
            idPrefix={idPrefix}
            tr={tr}
          />
        ))}
        <button
          type="button"
          class="btn btn-secondary"
          data-testid="add-member"
          onClick={() => set({ members: [...draft.members, emptyMember()] })}
        >
          {t('form.addMember')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('form.housing')}</legend>
        <Checkbox
          id={id('housing-include')}
          label={t('form.housingInclude')}
          checked={draft.includeHousing}
          onChange={(includeHousing) => set({ includeHousing })}
        />
        {draft.includeHousing ? (
          <HousingFields
            housing={draft.housing}
            onChange={(housing) => set({ housing })}
            errors={errors}
            idPrefix={idPrefix}
            tr={tr}
          />
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{t('form.programmes')}</legend>
        <div class="checks">
          {Programme.options.map((programme) => (
            <Checkbox
              key={programme}
              id={id(`programme-${programme}`)}
              label={t(`programme.${programme}`)}
              checked={draft.programmes.includes(programme)}
              onChange={(checked) =>
                set({
                  programmes: checked
                    ? [...draft.programmes, programme]
                    : draft.programmes.filter((value) => value !== programme),
                })
              }
            />
          ))}
        </div>
        {e('programmes') ? <p class="error">{e('programmes')}</p> : null}
      </fieldset>
    </>
  );
}

interface MemberRowProps {
  index: number;
  member: MemberDraft;
  onChange: (member: MemberDraft) => void;
  onRemove: (() => void) | undefined;
  errors: Errors;
  warnings: Errors;
  idPrefix: string;
  tr: Translator;
}

function MemberRow({ index, member, onChange, onRemove, errors, warnings, idPrefix, tr }: MemberRowProps) {
  const { t, label } = tr;
  const base = `household.members.${index}`;
  const id = (name: string): string => `${idPrefix}-m${index}-${name}`;
  const e = (name: string): string | undefined => errors[`${base}.${name}`];
  const set = (patch: Partial<MemberDraft>): void => onChange({ ...member, ...patch });
  return (
    <div class="member" data-testid="member-row" role="group" aria-labelledby={id('title')}>
      <h2 class="h3" id={id('title')}>
        {t('form.member', { n: index + 1 })}
      </h2>
      <div class="grid">
        <TextField
          id={id('nik')}
          label={t('form.nik')}
          value={member.nik}
          onInput={(nik) => set({ nik })}
          inputMode="numeric"
          maxLength={16}
          error={e('nik')}
          warning={warnings[`${base}.nik`]}
        />
        <TextField
          id={id('name')}
          label={t('form.name')}
          value={member.name}
          onInput={(name) => set({ name })}
          error={e('name')}
          wide
        />
        <SelectField
          id={id('relationship')}
          label={t('form.relationship')}
          value={member.relationship}
          options={options(Relationship.options, (c) => label('rel', c))}
          onChange={(relationship) => set({ relationship })}
          error={e('relationship')}
        />
        <SelectField
          id={id('sex')}
          label={t('form.sex')}
          value={member.sex}
          options={options(Sex.options, (c) => label('sex', c))}
          onChange={(sex) => set({ sex })}
          error={e('sex')}
        />
        <TextField
          id={id('birthDate')}
          label={t('form.birthDate')}
          type="date"
          value={member.birthDate}
          onInput={(birthDate) => set({ birthDate })}
          error={e('birthDate')}
        />
        <TextField
          id={id('birthPlace')}
          label={t('form.birthPlace')}
          value={member.birthPlace}
          onInput={(birthPlace) => set({ birthPlace })}
          error={e('birthPlace')}
        />
        <SelectField
          id={id('marital')}
          label={t('form.maritalStatus')}
          value={member.maritalStatus}
          options={options(MaritalStatus.options, (c) => label('marital', c))}
          onChange={(maritalStatus) => set({ maritalStatus })}
          error={e('maritalStatus')}
        />
        <SelectField
          id={id('education')}
          label={t('form.education')}
          value={member.education}
          options={options(Education.options, (c) => label('edu', c))}
          onChange={(education) => set({ education })}
          error={e('education')}
        />
        <SelectField
          id={id('occupation')}
          label={t('form.occupation')}
          value={member.occupation}
          options={options(Occupation.options, (c) => label('job', c))}
          onChange={(occupation) => set({ occupation })}
          error={e('occupation')}
        />
        <SelectField
          id={id('disability')}
          label={t('form.disability')}
          value={member.disability}
          options={options(Disability.options, (c) => label('dis', c))}
          onChange={(disability) => set({ disability })}
          error={e('disability')}
        />
        <TextField
          id={id('mother')}
          label={t('form.motherName')}
          value={member.motherName}
          onInput={(motherName) => set({ motherName })}
          error={e('motherName')}
        />
      </div>
      {onRemove ? (
        <button type="button" class="btn btn-link" onClick={onRemove}>
          {t('form.removeMember', { n: index + 1 })}
        </button>
      ) : null}
    </div>
  );
}

function HousingFields({
  housing,
  onChange,
  errors,
  idPrefix,
  tr,
}: {
  housing: HousingDraft;
  onChange: (housing: HousingDraft) => void;
  errors: Errors;
  idPrefix: string;
  tr: Translator;
}) {
  const { t, label } = tr;
  const set = (patch: Partial<HousingDraft>): void => onChange({ ...housing, ...patch });
  const e = (name: string): string | undefined => errors[`household.housing.${name}`];
  const id = (name: string): string => `${idPrefix}-housing-${name}`;
  /** A choice of housing; `labels` is the catalogue prefix of its options (i18n/id.ts). */
  const select = (
    name: keyof HousingDraft,
    key: Parameters<typeof t>[0],
    values: readonly string[],
    labels: string,
  ) => (
    <SelectField
      id={id(name)}
      label={t(key)}
      value={String(housing[name])}
      options={options(values, (c) => label(labels, c))}
      onChange={(value) => set({ [name]: value } as Partial<HousingDraft>)}
      error={e(name)}
    />
  );
  return (
    <div class="grid">
      <TextField
        id={id('area')}
        label={t('form.floorArea')}
        value={housing.floorAreaPerPersonM2}
        onInput={(v) => set({ floorAreaPerPersonM2: v })}
        inputMode="decimal"
        error={e('floorAreaPerPersonM2')}
      />
      {select('floorType', 'form.floorType', FloorType.options, 'floor')}
      {select('wallType', 'form.wallType', WallType.options, 'wall')}
      {select('roofType', 'form.roofType', RoofType.options, 'roof')}
      {select('ownership', 'form.ownership', Ownership.options, 'own')}
      {select('drinkingWater', 'form.drinkingWater', DrinkingWater.options, 'water')}
      {select('lighting', 'form.lighting', Lighting.options, 'light')}
      {select('cookingFuel', 'form.cookingFuel', CookingFuel.options, 'fuel')}
      {select('toilet', 'form.toilet', Toilet.options, 'toilet')}
      <TextField
        id={id('meals')}
        label={t('form.mealsPerDay')}
        value={housing.mealsPerDay}
        onInput={(v) => set({ mealsPerDay: v })}
        inputMode="numeric"
        error={e('mealsPerDay')}
      />
      {select('incomeBand', 'form.incomeBand', IncomeBand.options, 'income')}
      <Checkbox
        id={id('protein')}
        label={t('form.eatsProteinWeekly')}
        checked={housing.eatsProteinWeekly}
        onChange={(v) => set({ eatsProteinWeekly: v })}
      />
      <Checkbox
        id={id('clothes')}
        label={t('form.buysClothingYearly')}
        checked={housing.buysClothingYearly}
        onChange={(v) => set({ buysClothingYearly: v })}
      />
      <Checkbox
        id={id('treatment')}
        label={t('form.canPayTreatment')}
        checked={housing.canPayTreatment}
        onChange={(v) => set({ canPayTreatment: v })}
      />
      <Checkbox
        id={id('assets')}
        label={t('form.hasAssetsOver500k')}
        checked={housing.hasAssetsOver500k}
        onChange={(v) => set({ hasAssetsOver500k: v })}
      />
    </div>
  );
}

function LocationField({
  draft,
  set,
  error,
  idPrefix,
}: {
  draft: HouseholdDraft;
  set: (patch: Partial<HouseholdDraft>) => void;
  error: string | undefined;
  idPrefix: string;
}) {
  const { t } = useT();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const locate = (): void => {
    if (!('geolocation' in navigator)) return setState('failed');
    setState('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setState('idle');
        set({
          location: {
            lat: Number(position.coords.latitude.toFixed(6)),
            lon: Number(position.coords.longitude.toFixed(6)),
            accuracyM: Math.round(position.coords.accuracy),
            capturedAt: new Date(position.timestamp).toISOString(),
          },
        });
      },
      () => setState('failed'),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  };
  const location = draft.location;
  return (
    <div class="field field-wide" role="group" aria-labelledby={`${idPrefix}-location-label`}>
      <span class="label" id={`${idPrefix}-location-label`}>
        {t('form.location')}
      </span>
      <p>
        {location
          ? t('form.locationValue', { lat: location.lat, lon: location.lon, accuracy: location.accuracyM })
          : t('form.locationNone')}
      </p>
      <div class="row">
        <button type="button" class="btn btn-secondary" onClick={locate} disabled={state === 'busy'}>
          {state === 'busy' ? t('form.locating') : t('form.locate')}
        </button>
        {location ? (
          <button type="button" class="btn btn-link" onClick={() => set({ location: undefined })}>
            {t('form.locationClear')}
          </button>
        ) : null}
      </div>
      {state === 'failed' ? <p class="error">{t('form.locationFailed')}</p> : null}
      {error ? <p class="error">{error}</p> : null}
    </div>
  );
}
