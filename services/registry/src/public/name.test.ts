import { describe, expect, it } from 'vitest';
import { normaliseKtpName } from './name.ts';

describe('normaliseKtpName', () => {
  it('ignores case, spacing, punctuation and marks', () => {
    expect(normaliseKtpName('  LALU   ahmad ')).toBe('lalu ahmad');
    expect(normaliseKtpName("Baiq Nur'aini")).toBe('baiq nuraini');
    expect(normaliseKtpName('Zulkifli Éfendi')).toBe('zulkifli efendi');
  });

  it('drops titles in front and degrees behind', () => {
    expect(normaliseKtpName('H. Lalu Ahmad')).toBe('lalu ahmad');
    expect(normaliseKtpName('Hj. Siti Aminah, S.Pd.')).toBe('siti aminah');
    expect(normaliseKtpName('Dr. Ir. Made Wirawan')).toBe('made wirawan');
    expect(normaliseKtpName('Ibu Siti Aminah S.Pd')).toBe('siti aminah');
    expect(normaliseKtpName('Bapak Amaq Saleh')).toBe('amaq saleh');
  });

  it('keeps a name that is only a title-like word, and tells different names apart', () => {
    expect(normaliseKtpName('Haji')).toBe('haji');
    expect(normaliseKtpName('Lalu Ahmad')).not.toBe(normaliseKtpName('Lalu Ahmadi'));
    expect(normaliseKtpName('<script>alert(1)</script>')).toBe('scriptalertscript');
  });
});
