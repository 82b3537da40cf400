import { extractText, getDocumentProxy } from 'unpdf';

/** A PDF's text (tests only: unpdf is a devDependency), its pages joined, and its page count. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { text, pages: totalPages };
}
