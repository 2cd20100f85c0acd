import { useQuery } from '@tanstack/react-query';
import i18n from '../i18n';
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

/** Every village of the organisation (a municipality has a few dozen at most), for selects and labels. */
export function useVillages() {
  const query = useQuery({
    queryKey: ['villages', 'all'],
    queryFn: () => fetchVillages({ page: 1, pageSize: 200, sort: 'number', filters: {} }),
    staleTime: 10 * 60_000,
  });
  const villages = query.data?.items ?? [];
  const byId = new Map(villages.map((v) => [v.id, v]));
  return {
    query,
    options: villages.map((v) => ({ value: v.id, label: villageName(v) })),
    label: (id: string | null | undefined): string => {
      if (!id) return '';
      const village = byId.get(id);
      return village ? villageName(village) : '';
    },
  };
}

export function villageName(v: { number: number; name_th: string }): string {
  return `${i18n.t('villages.number')} ${v.number} ${v.name_th}`;
}
