import { SelectField, TextField } from '../../components/fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { USUL_OPTIONS, usulPath, type UsulDraft } from './usul-options.ts';

interface Props {
  draft: UsulDraft;
  onChange: (draft: UsulDraft) => void;
  /** Messages by body path (`household.head.nik`, …). */
  errors: Record<string, string>;
}

/**
 * An usul's proposed household, as on its head's KTP: what a draft proposal needs. The village
 * operator, once the usul is found founded, completes the draft (other members, housing).
 */
export function UsulFields({ draft, onChange, errors }: Props) {
  const { t, label } = useT();
  const set = (patch: Partial<UsulDraft>): void => onChange({ ...draft, ...patch });
  const id = (field: keyof UsulDraft): string => `usul-${field}`;
  const text = (field: keyof UsulDraft, extra: { maxLength?: number; type?: string; inputMode?: 'numeric' } = {}) => (
    <TextField
      id={id(field)}
      label={t(`usul.${field}`)}
      value={draft[field]}
      onInput={(value) => set({ [field]: value })}
      error={errors[usulPath(field)]}
      required={field !== 'dusun'}
      {...extra}
    />
  );
  const select = (field: keyof typeof USUL_OPTIONS, prefix: string) => (
    <SelectField
      id={id(field)}
      label={t(`usul.${field}`)}
      value={draft[field]}
      options={USUL_OPTIONS[field].map((value) => ({ value, label: label(prefix, value) }))}
      onChange={(value) => set({ [field]: value })}
      error={errors[usulPath(field)]}
      required
    />
  );
  return (
    <fieldset data-testid="usul-household">
      <legend>{t('usul.legend')}</legend>
      <p class="hint">{t('usul.hint')}</p>
      {text('nik', { maxLength: 16, inputMode: 'numeric' })}
      {text('name', { maxLength: 100 })}
      {select('sex', 'sex')}
      {text('birthDate', { type: 'date' })}
      {text('birthPlace', { maxLength: 100 })}
      {select('maritalStatus', 'marital')}
      {select('education', 'edu')}
      {select('occupation', 'job')}
      {select('disability', 'dis')}
      {text('street', { maxLength: 200 })}
      {text('rt', { maxLength: 3, inputMode: 'numeric' })}
      {text('rw', { maxLength: 3, inputMode: 'numeric' })}
      {text('dusun', { maxLength: 100 })}
    </fieldset>
  );
}
