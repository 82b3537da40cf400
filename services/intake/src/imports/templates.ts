import { ImportChannel } from '@siks/contracts';
import { z } from 'zod';
import type { IntakeApp } from '../http/types.ts';
import { ADMINDUK_COLUMNS, HOUSEHOLD_COLUMNS, type ColumnSpec } from './layout.ts';

const Params = z.object({ channel: ImportChannel }).strict();
const Query = z.object({ guide: z.stringbool().default(false) }).strict();

const cell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The columns of a channel's file (layout.ts is the one source of what an import reads). */
export const columnsOf = (channel: ImportChannel): readonly ColumnSpec[] =>
  channel === 'adminduk' ? ADMINDUK_COLUMNS : HOUSEHOLD_COLUMNS;

/** A template: the header row an import expects, in order, and nothing else (no sample person to upload by mistake). */
export function templateCsv(channel: ImportChannel): string {
  return `${columnsOf(channel)
    .map((column) => cell(column.name))
    .join(',')}\r\n`;
}

/** A guide: one line per column — its name, whether it is required, what it holds (Bahasa Indonesia). */
export function guideCsv(channel: ImportChannel): string {
  const lines = [
    ['kolom', 'wajib', 'isi'],
    ...columnsOf(channel).map((column) => [column.name, column.required ? 'ya' : 'tidak', column.doc]),
  ];
  return lines.map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * `GET /v1/intake/imports/templates/:channel` (`?guide=true` for the column guide): a CSV file an
 * operator fills in a spreadsheet and uploads back. Any signed-in user may download it.
 */
export function registerTemplateRoutes(app: IntakeApp): void {
  app.get(
    '/v1/intake/imports/templates/:channel',
    {
      schema: {
        summary: 'The import template (header row) of a channel, or its column guide, as CSV',
        tags: ['imports'],
        params: Params,
        querystring: Query,
      },
    },
    async (request, reply) => {
      const { channel } = request.params;
      const guide = request.query.guide;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${guide ? 'panduan' : 'templat'}-${channel}.csv"`)
        .header('cache-control', 'private, max-age=3600')
        .send(guide ? guideCsv(channel) : templateCsv(channel));
    },
  );
}
