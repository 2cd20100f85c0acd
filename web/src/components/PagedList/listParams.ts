// A list's state lives in the URL (page, page size, sort, filters) so that it survives reloads,
// the back button and a session expiry, and can be sent to a colleague as a link.
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

export interface ListParams {
  page: number;
  pageSize: number;
  /** Field name, `-` prefix for descending (the API's convention); null for the server's order. */
  sort: string | null;
  filters: Record<string, string>;
}

export interface ListParamsConfig {
  sortable: readonly string[];
  filterNames: readonly string[];
  defaultSort?: string | null;
  /**
   * Namespaces the list's keys when a page shows several lists (a group's members and its
   * ledger): `members.page=2` instead of `page=2`.
   */
  prefix?: string;
}

const keyOf = (config: ListParamsConfig, name: string) => (config.prefix ? `${config.prefix}.${name}` : name);

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** Reads list state from the query string; anything invalid falls back to the defaults. */
export function readListParams(search: URLSearchParams, config: ListParamsConfig): ListParams {
  const key = (name: string) => keyOf(config, name);
  const size = positiveInt(search.get(key('page_size')), DEFAULT_PAGE_SIZE);
  const sort = search.get(key('sort'));
  const field = sort?.replace(/^-/, '') ?? '';
  const filters: Record<string, string> = {};
  for (const name of config.filterNames) {
    const value = search.get(key(name))?.trim();
    if (value) filters[name] = value;
  }
  return {
    page: positiveInt(search.get(key('page')), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
    sort: sort && config.sortable.includes(field) ? sort : (config.defaultSort ?? null),
    filters,
  };
}

/** Writes list state back, leaving defaults out so URLs stay short and other params untouched. */
export function writeListParams(search: URLSearchParams, params: ListParams, config: ListParamsConfig): URLSearchParams {
  const next = new URLSearchParams(search);
  const set = (name: string, value: string | null) => {
    const key = keyOf(config, name);
    if (value === null) next.delete(key);
    else next.set(key, value);
  };
  set('page', params.page === 1 ? null : String(params.page));
  set('page_size', params.pageSize === DEFAULT_PAGE_SIZE ? null : String(params.pageSize));
  set('sort', params.sort === (config.defaultSort ?? null) ? null : params.sort);
  for (const name of config.filterNames) set(name, params.filters[name] ?? null);
  return next;
}

/** Click on a column header: ascending, then descending, then back to ascending. */
export function nextSort(current: string | null, field: string): string {
  return current === field ? `-${field}` : field;
}

export function sortDirection(current: string | null, field: string): 'ascending' | 'descending' | 'none' {
  if (current === field) return 'ascending';
  if (current === `-${field}`) return 'descending';
  return 'none';
}
