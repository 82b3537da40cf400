import { createStore, type Store } from '../lib/store.ts';
import { en } from './en.ts';
import { id, type MessageKey } from './id.ts';

export type Lang = 'id' | 'en';
export type { MessageKey };

export const catalogs: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { id, en };

const STORAGE_KEY = 'siks.lang';

/** Fills `{name}` placeholders; unknown ones stay as they are. */
export function format(text: string, params: Readonly<Record<string, string | number>> = {}): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}

/** The text of `key` in `lang`. */
export function translate(lang: Lang, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  return format(catalogs[lang][key], params);
}

/** Whether a dynamic key (`status.<code>`) exists; the code itself is shown otherwise. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(id, key);
}

let langStore: Store<Lang> | undefined;

/** The language store: localStorage `siks.lang`, Bahasa Indonesia by default. */
export function languageStore(): Store<Lang> {
  if (langStore) return langStore;
  let initial: Lang = 'id';
  try {
    if (globalThis.localStorage?.getItem(STORAGE_KEY) === 'en') initial = 'en';
  } catch {
    initial = 'id';
  }
  const store = createStore<Lang>(initial);
  store.subscribe(() => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, store.get());
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for the page only
    }
    if (globalThis.document) document.documentElement.lang = store.get();
  });
  if (globalThis.document) document.documentElement.lang = initial;
  langStore = store;
  return store;
}
