/** Builds `multipart/form-data` bodies by hand, so tests control every byte (RFC 7578). */

export type FormPart =
  | { name: string; value: string }
  | { name: string; filename?: string; contentType?: string; data: Buffer };

export const BOUNDARY = '----siks-test-boundary-7f3a';

/** The part's header block and body, without the boundary lines. */
function partBytes(part: FormPart): Buffer {
  if ('value' in part) {
    return Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}`, 'utf8');
  }
  const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
  const head =
    `Content-Disposition: form-data; name="${part.name}"${filename}\r\n` +
    `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), part.data]);
}

export function multipart(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n`), partBytes(part), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

/** The opening of a body whose `file` part never ends: for streaming tests. */
export function multipartHead(fields: Array<{ name: string; value: string }>, filename: string): Buffer {
  const chunks = fields.map((field) =>
    Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n`), partBytes(field), Buffer.from('\r\n')]),
  );
  chunks.push(
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
  );
  return Buffer.concat(chunks);
}
