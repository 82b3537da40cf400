import { describe, expect, it } from 'vitest';
import { interpolate, negotiateLanguage } from './messages.ts';

describe('negotiateLanguage', () => {
  it('defaults to Bahasa Indonesia', () => {
    expect(negotiateLanguage(undefined)).toBe('id');
    expect(negotiateLanguage('fr-FR, de')).toBe('id');
    expect(negotiateLanguage('id-ID,id;q=0.9,en;q=0.8')).toBe('id');
  });

  it('picks English when it is the most preferred supported language', () => {
    expect(negotiateLanguage('en')).toBe('en');
    expect(negotiateLanguage('fr;q=0.9, en-GB;q=0.8, id;q=0.5')).toBe('en');
    expect(negotiateLanguage('id;q=0.2, en;q=0.3')).toBe('en');
    expect(negotiateLanguage('en;q=0, id')).toBe('id');
  });
});

describe('interpolate', () => {
  it('fills known placeholders and leaves unknown ones', () => {
    expect(interpolate('{a} dan {b}', { a: 1 })).toBe('1 dan {b}');
  });
});
