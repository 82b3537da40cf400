import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });

  it('writes values as JSON.stringify does', () => {
    const value = {
      text: 'quote " backslash \\ newline \n tab \t unicode é ✓ 😀 control \u0001',
      numbers: [0, -0, 1.5, 1e21, 5e-324, -(2 ** 70)],
      notFinite: [NaN, Infinity],
      date: new Date(Date.UTC(2025, 0, 2)),
      empty: [{}, []],
    };
    const sorted = JSON.parse(JSON.stringify(value)) as unknown;
    expect(canonicalJson(value)).toBe(JSON.stringify(sortDeep(sorted)));
  });

  it('writes every UTF-16 code unit, in a value and in a key, as JSON.stringify does', () => {
    for (let unit = 0; unit <= 0xffff; unit += 1) {
      const text = `a${String.fromCharCode(unit)}b`;
      expect(canonicalJson(text)).toBe(JSON.stringify(text));
      expect(canonicalJson({ [text]: text })).toBe(JSON.stringify({ [text]: text }));
    }
    const paired = 'emoji 😀 and a lone \ud83d surrogate';
    expect(canonicalJson([paired])).toBe(JSON.stringify([paired]));
  });

  it('drops undefined, functions and symbols in objects, writes null for them in arrays', () => {
    const value = { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, 2] };
    expect(canonicalJson(value)).toBe('{"d":[null,null,2]}');
  });

  it('sorts by UTF-16 code units like Array.prototype.sort', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"B":2,"a":4,"b":1,"é":3}');
  });

  it('refuses what JSON cannot represent', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
