import { ImportChannel } from '@siks/contracts';
import { ProblemError, ValidationProblem, type FieldIssue } from '@siks/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ImportFormat } from './parse.ts';

/** Media types a raw (non-multipart) upload may have; anything else is 415. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const RAW_UPLOAD_TYPES = ['text/csv', 'application/csv', XLSX_MEDIA_TYPE, 'application/octet-stream'];

/** Options of an import, from the query string (raw upload) or form fields (multipart). */
export const ImportOptions = z
  .object({
    channel: ImportChannel,
    /** Submit every proposal at once (deferred outside the window); drafts by default. */
    submit: z.stringbool().default(false),
    /** The village meeting a `musdes` list belongs to (meetings/). */
    meetingId: z.uuid().optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof ImportOptions>;

export interface Upload {
  bytes: Buffer;
  options: ImportOptions;
  /** Whether the client said it is XLSX (file name or media type). */
  claimsXlsx: boolean;
}

const tooLarge = (maxBytes: number): ProblemError =>
  new ProblemError({
    status: 413,
    code: 'payload_too_large',
    params: { limit: maxBytes },
    errors: [{ path: 'file', code: 'file.too_large', params: { maximum: maxBytes } }],
  });

/**
 * Reads an import upload: `multipart/form-data` with a `file` part and `channel` (and `submit`)
 * fields, or the file as the raw body with `?channel=`. The file is held in memory (an XLSX is
 * a zip read from its end anyway); the size limit is enforced while reading.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new ProblemError({ status: 400, code: 'import_file_missing' });
    const options = parseOptions(request.query, 'query');
    return { bytes: body, options, claimsXlsx: (request.headers['content-type'] ?? '').startsWith(XLSX_MEDIA_TYPE) };
  }
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; claimsXlsx: boolean } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new ValidationProblem([
          { path: part.fieldname, code: 'unrecognized_keys', params: { keys: part.fieldname } },
        ]);
      }
      const bytes = await part.toBuffer();
      file = {
        bytes,
        claimsXlsx: part.mimetype === XLSX_MEDIA_TYPE || /\.xlsx$/i.test(part.filename ?? ''),
      };
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (typeof code === 'string' && /^FST_(PARTS|FILES|FIELDS)_LIMIT$/.test(code))
      throw new ProblemError({ status: 400, code: 'bad_request' });
    throw error;
  }
  if (!file || file.bytes.length === 0) throw new ProblemError({ status: 400, code: 'import_file_missing' });
  const options = parseOptions(fields, 'body');
  return { bytes: file.bytes, options, claimsXlsx: file.claimsXlsx };
}

function parseOptions(input: unknown, location: 'query' | 'body'): ImportOptions {
  const result = ImportOptions.safeParse(input);
  if (result.success) return result.data;
  const prefix = location === 'query' ? 'query.' : '';
  throw new ValidationProblem(
    result.error.issues.map((issue): FieldIssue => {
      const path = prefix + issue.path.map(String).join('.');
      if (issue.code === 'invalid_type' && issue.input === undefined) return { path, code: 'required' };
      if (issue.code === 'unrecognized_keys')
        return {
          path: prefix + issue.keys.join(','),
          code: 'unrecognized_keys',
          params: { keys: issue.keys.join(', ') },
        };
      if (issue.code === 'invalid_value')
        return { path, code: 'invalid_value', params: { values: issue.values.map(String).join(', ') } };
      return { path, code: 'invalid' };
    }),
  );
}

/** XLSX when the bytes are a zip or the client says so (a false claim is then an unreadable XLSX), else CSV. */
export function formatOf(upload: Upload): ImportFormat {
  const zip = upload.bytes.length >= 4 && upload.bytes.readUInt32BE(0) === 0x504b0304;
  return zip || upload.claimsXlsx ? 'xlsx' : 'csv';
}
