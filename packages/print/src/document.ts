import PDFDocument from 'pdfkit';

/** What a document says about itself (PDF metadata and the footer of every page). */
export interface DocumentInfo {
  /** The document's title (PDF metadata). */
  title: string;
  /** A line printed at the foot of every page (who printed it, when, what it is drawn from). */
  footer: string;
  /** Pages are landscape A4 when true (wide tables); portrait otherwise. */
  landscape?: boolean;
}

export interface Column {
  header: string;
  /** Share of the line's width (the shares of a table are scaled to fill it). */
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** One signatory: the office on top, the space to sign, the name and, for a civil servant, the NIP. */
export interface Signatory {
  /** Lines above the office, e.g. `Praya, 7 Desember 2026` or `Mengetahui,`. */
  above?: readonly string[];
  /** The office (`BUPATI LOMBOK TENGAH`, `Kepala Desa Praya`), one or more lines. */
  office: readonly string[];
  /** The signatory's name; a dotted line to write it by hand when absent. */
  name?: string;
  /** `nip`: a NIP line (the number, or dots to write it); `none` for an office held by no civil servant. */
  nip?: { kind: 'nip'; value?: string } | { kind: 'none' };
}

const DOTS = '....................................';
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MARGIN = 48;
const CELL_PADDING = 4;

/**
 * A printable document (A4, the standard fonts: no font files to ship, text extractable) drawn
 * top to bottom. Built on pdfkit; the methods here are the few shapes official forms need:
 * centred headings, label–value facts, paragraphs, tables whose header repeats on every page,
 * dotted blanks to fill by hand, and signature blocks that are never split across pages.
 */
export class PrintDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;

  constructor(private readonly info: DocumentInfo) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: info.landscape ? 'landscape' : 'portrait',
      margins: { top: MARGIN, bottom: MARGIN + 16, left: MARGIN, right: MARGIN },
      bufferPages: true,
      info: { Title: info.title, Creator: 'SIKS', Producer: 'SIKS (pdfkit)' },
      lang: 'id-ID',
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.finished = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font(FONT).fontSize(10);
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private get left(): number {
    return this.doc.page.margins.left;
  }

  /** Starts a new page when less than `height` points are left on this one. */
  private keep(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Centred bold lines (the document's title), then a rule. */
  heading(lines: readonly string[], sub: readonly string[] = []): this {
    this.doc.font(BOLD).fontSize(12);
    for (const line of lines) this.doc.text(line, this.left, this.doc.y, { width: this.width, align: 'center' });
    this.doc.font(FONT).fontSize(10);
    for (const line of sub) this.doc.text(line, this.left, this.doc.y, { width: this.width, align: 'center' });
    this.doc.moveDown(0.3);
    const y = this.doc.y;
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(1)
      .stroke();
    this.doc.moveDown(0.6);
    return this;
  }

  /** A bold line that opens a section. */
  section(text: string): this {
    this.keep(40);
    this.doc.moveDown(0.4);
    this.doc.font(BOLD).fontSize(10).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.font(FONT).moveDown(0.2);
    return this;
  }

  /** A paragraph of running text. */
  paragraph(text: string, options: { align?: 'left' | 'justify' | 'center' } = {}): this {
    this.doc
      .font(FONT)
      .fontSize(10)
      .text(text, this.left, this.doc.y, { width: this.width, align: options.align ?? 'justify' });
    this.doc.moveDown(0.4);
    return this;
  }

  /** `label : value` lines; a value left empty is a dotted line to fill in by hand. */
  facts(rows: readonly (readonly [string, string | undefined])[], labelWidth = 150): this {
    for (const [label, value] of rows) {
      const text = value === undefined || value === '' ? DOTS : value;
      const valueWidth = this.width - labelWidth - 12;
      const height = Math.max(
        this.doc.heightOfString(label, { width: labelWidth }),
        this.doc.heightOfString(text, { width: valueWidth }),
      );
      this.keep(height + 4);
      const y = this.doc.y;
      this.doc.text(label, this.left, y, { width: labelWidth });
      this.doc.text(':', this.left + labelWidth, y, { width: 12 });
      this.doc.text(text, this.left + labelWidth + 12, y, { width: valueWidth });
      this.doc.y = y + height + 3;
    }
    this.doc.x = this.left;
    this.doc.moveDown(0.3);
    return this;
  }

  /** Numbered dotted lines to write on (an agenda, the results of a meeting). */
  blankLines(count: number, numbered = true): this {
    for (let index = 1; index <= count; index += 1) {
      this.keep(20);
      const prefix = numbered ? `${index}. ` : '';
      this.doc.text(`${prefix}${'.'.repeat(150)}`, this.left, this.doc.y, {
        width: this.width,
        lineBreak: false,
        height: 14,
      });
      this.doc.moveDown(0.8);
    }
    return this;
  }

  /**
   * A bordered table; its header row repeats at the top of every page it runs onto. `minRowHeight`
   * leaves room to write (an attendance list's signature column).
   */
  table(
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    options: { minRowHeight?: number; fontSize?: number } = {},
  ): this {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * this.width);
    const fontSize = options.fontSize ?? 9;
    const heightOf = (cells: readonly string[], font: string): number => {
      this.doc.font(font).fontSize(fontSize);
      const tallest = Math.max(
        ...cells.map((cell, index) =>
          this.doc.heightOfString(cell === '' ? ' ' : cell, { width: widths[index]! - 2 * CELL_PADDING }),
        ),
      );
      return Math.max(tallest + 2 * CELL_PADDING, options.minRowHeight ?? 0);
    };
    const drawRow = (cells: readonly string[], font: string, fill?: string): void => {
      const height = heightOf(cells, font);
      const y = this.doc.y;
      let x = this.left;
      for (const [index, cell] of cells.entries()) {
        const width = widths[index]!;
        if (fill) this.doc.rect(x, y, width, height).fillAndStroke(fill, 'black');
        else this.doc.rect(x, y, width, height).lineWidth(0.5).stroke();
        this.doc.fillColor('black').font(font).fontSize(fontSize);
        this.doc.text(cell, x + CELL_PADDING, y + CELL_PADDING, {
          width: width - 2 * CELL_PADDING,
          align: columns[index]?.align ?? 'left',
        });
        x += width;
      }
      this.doc.x = this.left;
      this.doc.y = y + height;
    };
    const header = columns.map((column) => column.header);
    const drawHeader = (): void => drawRow(header, BOLD, '#e8e8e8');
    this.keep(heightOf(header, BOLD) + (rows[0] ? heightOf(rows[0], FONT) : 0));
    drawHeader();
    for (const row of rows) {
      if (this.doc.y + heightOf(row, FONT) > this.bottom) {
        this.doc.addPage();
        drawHeader();
      }
      drawRow(row, FONT);
    }
    this.doc.font(FONT).fontSize(10).moveDown(0.6);
    return this;
  }

  /** Signature blocks side by side (at most three a line), kept together on one page. */
  signatures(signatories: readonly Signatory[]): this {
    for (let start = 0; start < signatories.length; start += 3) {
      const line = signatories.slice(start, start + 3);
      const columnWidth = this.width / 3;
      const lines = (signatory: Signatory): number => (signatory.above?.length ?? 0) + signatory.office.length;
      const tallest = Math.max(...line.map(lines));
      const height = tallest * 13 + 60 + 30;
      this.keep(height + 10);
      this.doc.moveDown(0.6);
      const top = this.doc.y;
      // One block sits on the right (the usual place of the deciding signature); more spread out.
      const firstColumn = line.length === 1 ? 2 : 0;
      const step = line.length === 2 ? 2 : 1;
      for (const [index, signatory] of line.entries()) {
        const x = this.left + (firstColumn + index * step) * columnWidth;
        let y = top + (tallest - lines(signatory)) * 13;
        this.doc.font(FONT).fontSize(10);
        for (const text of signatory.above ?? []) {
          this.doc.text(text, x, y, { width: columnWidth, align: 'center' });
          y += 13;
        }
        this.doc.font(BOLD);
        for (const text of signatory.office) {
          this.doc.text(text, x, y, { width: columnWidth, align: 'center' });
          y += 13;
        }
        y += 60;
        this.doc.font(BOLD).text(signatory.name ?? `( ${DOTS} )`, x, y, {
          width: columnWidth,
          align: 'center',
          underline: signatory.name !== undefined,
        });
        y += 13;
        if (signatory.nip?.kind === 'nip') {
          this.doc
            .font(FONT)
            .text(`NIP. ${signatory.nip.value ?? DOTS}`, x, y, { width: columnWidth, align: 'center' });
        }
      }
      this.doc.x = this.left;
      this.doc.y = top + height;
      this.doc.font(FONT).fontSize(10);
    }
    return this;
  }

  /** Writes every page's footer (with `Halaman i dari n`) and answers the PDF's bytes. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      this.doc.switchToPage(index);
      const page = this.doc.page;
      const y = page.height - page.margins.bottom + 6;
      // Writing below the bottom margin would start a new page; lift the margin while writing.
      const margin = page.margins.bottom;
      page.margins.bottom = 0;
      this.doc.font(FONT).fontSize(7.5).fillColor('#333333');
      this.doc.text(this.info.footer, page.margins.left, y, { width: this.width - 90, lineBreak: true, height: 24 });
      this.doc.text(`Halaman ${index - start + 1} dari ${count}`, page.margins.left + this.width - 90, y, {
        width: 90,
        align: 'right',
      });
      page.margins.bottom = margin;
      this.doc.fillColor('black');
    }
    this.doc.end();
    return this.finished;
  }
}
