import { useStore } from '../lib/use-store.ts';
import { isMessageKey, languageStore, translate, type Lang, type MessageKey } from './i18n.ts';

export interface Translator {
  lang: Lang;
  t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string;
  /** A label for a code under a prefix (`status`, `draft`) or the code itself when unknown. */
  label(prefix: string, code: string): string;
}

/** The current language and its translator (re-renders when the language changes). */
export function useT(): Translator {
  const lang = useStore(languageStore());
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    label: (prefix, code) => {
      const key = `${prefix}.${code}`;
      return isMessageKey(key) ? translate(lang, key) : code.replace(/_/g, ' ');
    },
  };
}
