import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';
import { hasSession } from './session';

export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];

export const meQuery = queryOptions({
  queryKey: ['me'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/me')),
  staleTime: 5 * 60_000,
});

/** The signed-in user with their organisation, roles and permissions. */
export function useMe() {
  return useQuery({ ...meQuery, enabled: hasSession() });
}

/** Whether the signed-in user holds a permission (e.g. `organisation:manage`). The API still decides. */
export function useCan(permission: string): boolean {
  return useMe().data?.permissions.includes(permission) ?? false;
}
