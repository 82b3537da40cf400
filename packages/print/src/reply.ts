/** The part of a fastify reply a PDF answer uses (no fastify dependency here). */
interface PdfReply {
  header(name: string, value: string): unknown;
  type(contentType: string): unknown;
  send(payload: Buffer): unknown;
}

/**
 * Answers a PDF as a download named `filename` (ASCII; no personal data in it), never cached:
 * a printed list may hold names and NIKs.
 */
export function sendPdf(reply: PdfReply, filename: string, pdf: Buffer): unknown {
  if (!/^[\w.-]+\.pdf$/.test(filename)) throw new Error(`unsafe PDF file name: ${filename}`);
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'private, no-store');
  reply.type('application/pdf');
  return reply.send(pdf);
}
