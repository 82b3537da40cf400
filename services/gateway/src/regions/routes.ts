import { notFound, type ZodTypeProvider } from '@siks/service-kit';
import type { Region, Regions } from '@siks/wilayah';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';

const brief = (region: Region) => ({ code: region.code, name: region.name, level: region.level });

const detail = (regions: Regions, region: Region) => ({
  ...brief(region),
  parentCode: region.parentCode,
  children: regions.childrenOf(region.code).map(brief),
});

const SearchQuery = z.object({
  q: z.string().trim().min(2).max(60),
  within: z.string().trim().max(13).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Regions below `root` (breadth first) whose name contains `needle`, at most `limit`. */
function search(regions: Regions, root: string, needle: string, limit: number): Region[] {
  const found: Region[] = [];
  const queue: string[] = [root];
  for (let next = 0; next < queue.length && found.length < limit; next += 1) {
    const code = queue[next] ?? '';
    for (const child of regions.childrenOf(code)) {
      if (found.length < limit && child.name.toLowerCase().includes(needle)) found.push(child);
      if (child.level !== 'village') queue.push(child.code);
    }
  }
  return found;
}

/** `GET /v1/regions/:code` (the region and its children) and `GET /v1/regions?q=&within=` (search by name). */
export function regionRoutes(ctx: GatewayContext) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const cache = 'private, max-age=3600';

    app.get(
      '/v1/regions/:code',
      {
        // The official region list is public data; the citizens' pages pick a village with it.
        config: { public: true },
        schema: {
          params: z.object({ code: z.string().max(13) }),
          summary: 'A region (province, regency, district, village) and its children',
          tags: ['regions'],
        },
      },
      async (request, reply) => {
        const regions = await ctx.regions();
        const region = regions.get(request.params.code);
        if (!region) throw notFound();
        return reply.header('cache-control', cache).send(detail(regions, region));
      },
    );

    app.get(
      '/v1/regions',
      {
        config: { public: true },
        schema: {
          querystring: SearchQuery.partial({ q: true }),
          summary: 'Provinces, or regions whose name contains q (within a region)',
          tags: ['regions'],
        },
      },
      async (request, reply) => {
        const regions = await ctx.regions();
        const { q, within = '', limit = 20 } = request.query;
        if (within !== '' && !regions.exists(within)) throw notFound();
        if (q === undefined) {
          return reply.header('cache-control', cache).send({
            code: '',
            name: 'Indonesia',
            level: 'country',
            parentCode: null,
            children: regions.childrenOf('').map(brief),
          });
        }
        const results = search(regions, within, q.toLowerCase(), limit).map((region) => ({
          ...brief(region),
          parentCode: region.parentCode,
        }));
        return reply.header('cache-control', cache).send({ results });
      },
    );
  };
}
