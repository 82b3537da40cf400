import { negotiateLanguage, type ServiceApp } from '@siks/service-kit';
import { z } from 'zod';
import type { ReportDeps } from './deps.ts';
import { csvFileName, monthlyCsv } from './monthly-csv.ts';
import { MonthlyReport, monthlyReport } from './monthly.ts';
import { regionInScope } from './regions.ts';
import { RegionParam } from './schemas.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period.format');

const wantsCsv = (accept: string | undefined, format: string | undefined): boolean =>
  format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''));

export function registerMonthlyRoute(app: ServiceApp, deps: ReportDeps): void {
  app.get(
    '/v1/reports/monthly/:regionCode/:month',
    {
      schema: {
        summary: 'The periodic report (laporan berkala) of a region for a month: JSON, or CSV with Accept: text/csv',
        tags: ['reports'],
        params: z.object({ regionCode: RegionParam, month: Month }),
        querystring: z.object({ format: z.enum(['json', 'csv']).optional() }).strict(),
        // CSV (text) when asked for with Accept: text/csv or ?format=csv.
        response: { 200: z.union([MonthlyReport, z.string()]) },
      },
    },
    async (request, reply) => {
      const region = regionInScope(deps.regions, request.actor, request.params.regionCode);
      const report = await monthlyReport(deps, region, request.params.month);
      if (!wantsCsv(request.headers.accept, request.query.format)) return report;
      const language = negotiateLanguage(request.headers['accept-language']);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvFileName(report)}"`)
        .header('vary', 'Accept, Accept-Language')
        .send(monthlyCsv(report, language));
    },
  );
}
