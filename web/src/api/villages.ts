import { api } from './client';
import { unwrap } from './problem';
import type { paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';

type VillagesPath = paths['/api/v1/organisations/current/villages'];
export type VillagePage = VillagesPath['get']['responses'][200]['content']['application/json'];
export type Village = VillagePage['items'][number];
export type VillageCreate = VillagesPath['post']['requestBody']['content']['application/json'];
type VillageQuery = NonNullable<VillagesPath['get']['parameters']['query']>;

/** Adding villages is part of managing the organisation (areas/service.py). */
export const MANAGE_VILLAGES = 'organisation:manage';

export function fetchVillages(params: ListParams): Promise<VillagePage> {
  const { q, active } = params.filters;
  const query: VillageQuery = {
    page: params.page,
    page_size: params.pageSize,
    ...(params.sort ? { sort: params.sort } : {}),
    ...(q ? { q } : {}),
    ...(active === 'true' || active === 'false' ? { active: active === 'true' } : {}),
  };
  return unwrap(api.GET('/api/v1/organisations/current/villages', { params: { query } }));
}

export function createVillage(body: VillageCreate): Promise<Village> {
  return unwrap(api.POST('/api/v1/organisations/current/villages', { body }));
}
