import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';

let counter = 0;
/** A stable element id for a label/input pair. */
export const fieldId = (name: string): string => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
export const uniqueId = (prefix: string): string => `${prefix}-${(counter += 1)}`;

interface FieldShell {
  id: string;
  label: string;
  error?: string | undefined;
  warning?: string | undefined;
  hint?: string | undefined;
  children: ComponentChildren;
  wide?: boolean;
}

/** Label, control, then error/warning text tied to the control with aria-describedby. */
export function FieldShell({ id, label, error, warning, hint, children, wide }: FieldShell) {
  return (
    <div class={`field${wide ? ' field-wide' : ''}${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {warning && !error ? (
        <p class="warning" id={`${id}-warning`}>
          {warning}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, error?: string, warning?: string, hint?: string): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : '', warning && !error ? `${id}-warning` : '']
    .filter(Boolean)
    .join(' ') || undefined;

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  warning?: string | undefined;
  hint?: string | undefined;
  type?: string;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'text';
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  wide?: boolean;
  readOnly?: boolean;
}

export function TextField(props: TextFieldProps) {
  const { id, label, value, onInput, error, warning, hint } = props;
  return (
    <FieldShell id={id} label={label} error={error} warning={warning} hint={hint} wide={props.wide ?? false}>
      <input
        id={id}
        name={id}
        type={props.type ?? 'text'}
        value={value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        required={props.required}
        readOnly={props.readOnly}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, warning, hint)}
        onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
      />
    </FieldShell>
  );
}

interface TextAreaProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

export function TextArea({ id, label, value, onInput, error, hint, required }: TextAreaProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} wide>
      <textarea
        id={id}
        name={id}
        value={value}
        rows={3}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error, undefined, hint)}
        onInput={(event) => onInput((event.currentTarget as HTMLTextAreaElement).value)}
      />
    </FieldShell>
  );
}

interface SelectProps {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
  placeholder?: string;
}

export function SelectField({ id, label, value, options, onChange, error, required, placeholder }: SelectProps) {
  const { t } = useT();
  return (
    <FieldShell id={id} label={label} error={error}>
      <select
        id={id}
        name={id}
        value={value}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, error)}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        {placeholder !== '' ? <option value="">{placeholder ?? t('form.choose')}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

interface CheckboxProps {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
}

export function Checkbox({ id, label, checked, onChange, testId }: CheckboxProps) {
  return (
    <div class="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        data-testid={testId}
        onChange={(event) => onChange((event.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
    </div>
  );
}

/**
 * Brings a banner into view when its message appears or changes: on a phone the form is long
 * and a save's answer at its top would otherwise stay off screen.
 */
function useScrolledIntoView(message: string | undefined | null) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [message]);
  return ref;
}

/** An error line at the top of a page or form (`data-testid="error-banner"`, announced). */
export function ErrorBanner({ message }: { message: string | undefined | null }) {
  const ref = useScrolledIntoView(message);
  if (!message) return null;
  return (
    <div class="banner banner-error" role="alert" data-testid="error-banner" ref={ref}>
      {message}
    </div>
  );
}

export function Notice({ message }: { message: string | undefined | null }) {
  const ref = useScrolledIntoView(message);
  if (!message) return null;
  return (
    <div class="banner banner-ok" role="status" data-testid="notice" ref={ref}>
      {message}
    </div>
  );
}

export type ButtonProps = JSX.HTMLAttributes<HTMLButtonElement> & { kind?: 'primary' | 'secondary' | 'danger' };

export function Button({ kind = 'secondary', class: className, ...rest }: ButtonProps) {
  return <button type="button" class={`btn btn-${kind} ${className ?? ''}`} {...rest} />;
}
