import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { id } from './id.ts';
import { format, translate } from './i18n.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('message catalogues', () => {
  it('have the same keys in Bahasa Indonesia and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it('use the same placeholders in both languages, and no text is empty', () => {
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
      expect(id[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{count} usulan {x}', { count: 3 })).toBe('3 usulan {x}');
    expect(translate('en', 'outbox.waiting', { count: 2 })).toBe('2 proposals waiting to be sent');
    expect(translate('id', 'outbox.waiting', { count: 2 })).toBe('2 usulan menunggu dikirim');
  });
});
