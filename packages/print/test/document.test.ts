import { describe, expect, it } from 'vitest';
import { dateTimeWib, dayName, longDate, monthName, PrintDocument } from '../src/index.ts';
import { pdfText } from '../src/testing.ts';

describe('printable documents', () => {
  it('writes headings, facts, a table over several pages with its header on each, signatures and footers', async () => {
    const document = new PrintDocument({ title: 'Uji', footer: 'Dicetak dari SIKS untuk uji' });
    document.heading(['DAFTAR UJI'], ['Kabupaten Lombok Tengah']);
    document.facts([
      ['Periode', 'Januari 2026'],
      ['Nomor', undefined],
    ]);
    const rows = Array.from({ length: 120 }, (_, index) => [String(index + 1), `Nama Ke-${index + 1}`, 'Praya']);
    document.table(
      [
        { header: 'No', width: 1, align: 'right' },
        { header: 'Nama Kepala Keluarga', width: 4 },
        { header: 'Desa', width: 3 },
      ],
      rows,
    );
    document.signatures([
      {
        above: ['Praya, 7 Desember 2026'],
        office: ['BUPATI LOMBOK TENGAH'],
        name: 'H. Lalu Pathul Bahri',
        nip: { kind: 'none' },
      },
    ]);
    document.signatures([
      { office: ['Notulis'], nip: { kind: 'nip' } },
      { office: ['Kepala Desa Praya'], name: 'Lalu Ahmad', nip: { kind: 'nip', value: '197001012000031001' } },
    ]);
    const pdf = await document.finish();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain('DAFTAR UJI');
    expect(text).toContain('Nama Ke-1 ');
    expect(text).toContain('Nama Ke-120');
    // The header repeats on every page of the table.
    expect(text.split('Nama Kepala Keluarga').length - 1).toBeGreaterThanOrEqual(pages - 1);
    expect(text).toContain('BUPATI LOMBOK TENGAH');
    expect(text).toContain('H. Lalu Pathul Bahri');
    expect(text).toContain('NIP. 197001012000031001');
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
    expect(text).toContain('Dicetak dari SIKS untuk uji');
    expect(text).not.toContain('Halaman 1 dari 1 ');
  });

  it('writes dates as Indonesian letters do', () => {
    expect(longDate('2026-01-15')).toBe('15 Januari 2026');
    expect(dayName('2026-01-15')).toBe('Kamis');
    expect(monthName('2026-12')).toBe('Desember 2026');
    expect(dateTimeWib(new Date('2026-01-15T17:05:00Z'))).toBe('16 Januari 2026 00.05 WIB');
  });
});
