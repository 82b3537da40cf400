import { context, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names whose values are personal data (UU 27/2022) or secrets. They are censored in
 * every log line at any depth up to `REDACT_DEPTH` (pino `redact` paths are explicit per level).
 */
export const PERSONAL_FIELDS: readonly string[] = [
  'nik',
  'niks',
  'kk',
  'noKk',
  'nomorKk',
  'no_kk',
  'kkNumber',
  'name',
  'nama',
  'fullName',
  'namaLengkap',
  'headName',
  'namaKepalaKeluarga',
  'birthDate',
  'birth_date',
  'tanggalLahir',
  'tanggal_lahir',
  'birthPlace',
  'tempatLahir',
  'motherName',
  'mother_name',
  'namaIbu',
  'namaIbuKandung',
  'address',
  'alamat',
  'street',
  'phone',
  'phoneNumber',
  'telepon',
  'noHp',
  'no_hp',
  'email',
  'password',
  'token',
  'accessToken',
  'privateKey',
  'authorization',
  'cookie',
  'set-cookie',
];

/** How deep under the root of a log object a personal field is still censored. */
export const REDACT_DEPTH = 5;

/** pino `redact` paths for `fields` at depths 0…REDACT_DEPTH (`nik`, `*.nik`, `*.*.nik`, …). */
export function redactPaths(fields: readonly string[] = PERSONAL_FIELDS): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth <= REDACT_DEPTH; depth += 1) {
    const wildcards = Array.from({ length: depth }, () => '*').join('.');
    for (const field of fields) {
      const plain = /^[A-Za-z_$][\w$]*$/.test(field);
      if (depth === 0) paths.push(plain ? field : `["${field}"]`);
      else paths.push(plain ? `${wildcards}.${field}` : `${wildcards}["${field}"]`);
    }
  }
  return paths;
}

export interface LoggerOptions {
  /** Shown as `service` on every line. */
  service: string;
  level?: LevelWithSilent;
  /** Where lines go (stdout when omitted); tests pass a stream to read them back. */
  destination?: DestinationStream;
  /** More field names to censor, on top of `PERSONAL_FIELDS`. */
  extraFields?: readonly string[];
}

/** The active trace and span ids, for log correlation (empty when no span is active). */
function traceFields(): Record<string, string> {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

/**
 * Public forms whose senders must stay anonymous (a complaint may be about the village's own
 * officials): their address is never logged, by intake nor by the gateway in front of it.
 */
const ANONYMOUS_PATHS: readonly string[] = ['/v1/intake/complaints'];

/** The request as logged: method, path (no query string, no headers) and the client's address. */
function serializeRequest(request: { method?: string; url?: string; ip?: string }): Record<string, unknown> {
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const anonymous = ANONYMOUS_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return { method: request.method, path, ...(anonymous ? {} : { remoteAddress: request.ip }) };
}

/**
 * A pino JSON logger with personal fields censored, the trace id of the active span on every
 * line, and ISO timestamps.
 */
export function createLogger(options: LoggerOptions): Logger {
  const fields = [...PERSONAL_FIELDS, ...(options.extraFields ?? [])];
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: redactPaths(fields), censor: '[REDACTED]' },
      mixin: traceFields,
      serializers: { req: serializeRequest, err: pino.stdSerializers.err },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
