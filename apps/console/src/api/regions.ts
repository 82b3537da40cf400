import type { ApiClient } from './client.ts';
import { ApiError } from './errors.ts';

export interface RegionInfo {
  code: string;
  name: string;
  level: string;
  parentCode: string;
  children: { code: string; name: string; level: string }[];
}

const cache = new Map<string, Promise<RegionInfo | null>>();

/** `GET /v1/regions/:code` (cached per page load); null for an unknown code. */
export function fetchRegion(api: ApiClient, code: string): Promise<RegionInfo | null> {
  let found = cache.get(code);
  if (!found) {
    found = api.get<RegionInfo>(`/v1/regions/${encodeURIComponent(code)}`).catch((error: unknown) => {
      cache.delete(code);
      if (error instanceof ApiError && error.status === 404) {
        cache.set(code, Promise.resolve(null));
        return null;
      }
      throw error;
    });
    cache.set(code, found);
  }
  return found;
}

let provinces: Promise<RegionInfo> | undefined;

/**
 * `GET /v1/regions` (the provinces), once per page load. The citizens' pages ask for it while
 * their own code is still loading, so a slow line pays one round trip less.
 */
export function fetchProvinces(api: ApiClient): Promise<RegionInfo> {
  provinces ??= api.get<RegionInfo>('/v1/regions').catch((error: unknown) => {
    provinces = undefined;
    throw error;
  });
  return provinces;
}
