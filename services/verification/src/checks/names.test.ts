import { describe, expect, it } from 'vitest';
import { comparableName, sameName } from './names.ts';

describe('name comparison', () => {
  it('ignores case, accents, punctuation, spacing and word order', () => {
    expect(comparableName("  Ni Luh  Putu'  Ayu ")).toBe('AYU LUH NI PUTU');
    expect(sameName('Aminah, Siti', 'SITI AMINAH')).toBe(true);
    expect(sameName('José', 'JOSE')).toBe(true);
  });

  it('tells different names apart', () => {
    expect(sameName('Siti Aminah', 'Siti Amina')).toBe(false);
    expect(sameName('Budi', 'Budi Santoso')).toBe(false);
  });
});
