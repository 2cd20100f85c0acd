// The one list every screen uses: a table over a paged API endpoint with paging, sorting and
// filters kept in the URL, and the same loading, error and empty states everywhere.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Group, NumberInput, Pagination, Select, Skeleton, Stack, Table, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconArrowsSort, IconSearch, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { EmptyView, ErrorView } from '../StateViews';
import {
  PAGE_SIZES,
  nextSort,
  readListParams,
  sortDirection,
  writeListParams,
  type ListParams,
  type ListParamsConfig,
} from './listParams';

/** The list envelope every list endpoint returns. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The API's sort field for this column; omit when the column cannot be sorted. */
  sortField?: string;
  width?: number | string;
  align?: 'left' | 'right' | 'center';
}

export type Filter =
  | { kind: 'search'; name: string; label: string; placeholder?: string; width?: number }
  | { kind: 'select'; name: string; label: string; options: { value: string; label: string }[]; searchable?: boolean; width?: number }
  | { kind: 'number'; name: string; label: string; min?: number; max?: number; width?: number };

export interface PagedListProps<T> {
  /** Names the query in the cache; lists with the same id share cached pages. */
  id: string;
  /** Accessible name of the table. */
  caption: string;
  fetchPage: (params: ListParams) => Promise<Page<T>>;
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  filters?: Filter[];
  defaultSort?: string | null;
  emptyText?: string;
  /** Namespaces the URL keys when a page has several lists (see listParams). */
  prefix?: string;
  /** Figures the endpoint sends beside the rows (a ledger's balance), shown above the table. */
  renderSummary?: (page: Page<T>) => ReactNode;
  /** Extra key parts: lists of the same id under different parents (a group's members). */
  scope?: readonly unknown[];
}

const SKELETON_ROWS = 5;

export function PagedList<T>({ id, caption, fetchPage, columns, rowKey, filters = [], defaultSort = null, emptyText, prefix, renderSummary, scope = [] }: PagedListProps<T>) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const config: ListParamsConfig = useMemo(
    () => ({
      sortable: columns.flatMap((c) => (c.sortField ? [c.sortField] : [])),
      filterNames: filters.map((f) => f.name),
      defaultSort,
      prefix,
    }),
    [columns, filters, defaultSort, prefix],
  );
  const params = readListParams(search, config);

  // Paging pushes a history entry (Back returns to the previous page); typing in a filter replaces.
  const update = (patch: Partial<ListParams>, replace = false) =>
    setSearch((current) => writeListParams(current, { ...readListParams(current, config), ...patch }, config), { replace });

  const query = useQuery({
    queryKey: ['list', id, ...scope, params],
    queryFn: () => fetchPage(params),
    placeholderData: keepPreviousData,
  });

  const total = query.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / params.pageSize));
  const filtered = Object.keys(params.filters).length > 0;

  // A bookmarked page beyond the end (rows were archived since): go to the last real page.
  useEffect(() => {
    if (query.data && query.data.items.length === 0 && total > 0 && params.page > pageCount) update({ page: pageCount }, true);
  });

  return (
    <Stack gap="md">
      {filters.length > 0 ? (
        <Group gap="sm" align="flex-end" role="search" aria-label={t('list.filters')}>
          {filters.map((filter) => (
            <FilterField key={filter.name} filter={filter} value={params.filters[filter.name] ?? ''} onChange={(value) => update({ page: 1, filters: { ...params.filters, [filter.name]: value } }, true)} />
          ))}
        </Group>
      ) : null}

      {renderSummary && query.data ? renderSummary(query.data) : null}

      {query.isError && !query.data ? (
        <ErrorView title={t('list.errorTitle')} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table
            striped
            highlightOnHover
            verticalSpacing="sm"
            aria-label={caption}
            aria-busy={query.isFetching}
            style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <HeaderCell key={column.key} column={column} sort={params.sort} onSort={(field) => update({ page: 1, sort: nextSort(params.sort, field) })} />
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.isPending
                ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                    <Table.Tr key={i} data-skeleton>
                      {columns.map((c) => (
                        <Table.Td key={c.key}>
                          <Skeleton height={14} radius="sm" />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))
                : (query.data?.items ?? []).map((row) => (
                    <Table.Tr key={rowKey(row)}>
                      {columns.map((c) => (
                        <Table.Td key={c.key} ta={c.align}>
                          {c.render(row)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
            </Table.Tbody>
          </Table>
          {query.isPending ? (
            <VisuallyHidden role="status">{t('list.loading')}</VisuallyHidden>
          ) : null}
        </Table.ScrollContainer>
      )}

      {query.isSuccess && total === 0 ? (
        <EmptyView
          title={filtered ? t('list.emptyFiltered') : (emptyText ?? t('list.empty'))}
          action={
            filtered ? (
              <Button variant="light" onClick={() => update({ page: 1, filters: {} })}>
                {t('list.clearFilters')}
              </Button>
            ) : undefined
          }
        />
      ) : null}

      {query.data && total > 0 ? (
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('list.summary', {
              from: (params.page - 1) * params.pageSize + 1,
              to: Math.min(params.page * params.pageSize, total),
              total,
            })}
          </Text>
          <Group gap="sm">
            <Pagination
              total={pageCount}
              value={Math.min(params.page, pageCount)}
              onChange={(page) => update({ page })}
              size="sm"
              aria-label={t('list.pagination')}
              getControlProps={(control) => ({ 'aria-label': `${t('list.pagination')} ${control}` })}
            />
            <Select
              size="xs"
              w={90}
              aria-label={t('list.pageSize')}
              data={PAGE_SIZES.map(String)}
              value={String(params.pageSize)}
              onChange={(value) => value && update({ page: 1, pageSize: Number(value) })}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
        </Group>
      ) : null}
    </Stack>
  );
}

function HeaderCell<T>({ column, sort, onSort }: { column: Column<T>; sort: string | null; onSort: (field: string) => void }) {
  const { t } = useTranslation();
  if (!column.sortField) {
    return (
      <Table.Th w={column.width} ta={column.align} style={{ whiteSpace: 'nowrap' }}>
        {column.header}
      </Table.Th>
    );
  }
  const field = column.sortField;
  const direction = sortDirection(sort, field);
  const Icon = direction === 'ascending' ? IconSortAscending : direction === 'descending' ? IconSortDescending : IconArrowsSort;
  return (
    <Table.Th w={column.width} ta={column.align} aria-sort={direction} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort(field)} title={t('list.sortBy', { column: column.header })} fw={600} fz="sm">
        <Group gap={4} wrap="nowrap" component="span">
          <span>{column.header}</span>
          <Icon size={16} aria-hidden style={{ opacity: direction === 'none' ? 0.5 : 1 }} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function FilterField({ filter, value, onChange }: { filter: Filter; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  if (filter.kind === 'select') {
    return (
      <Select
        label={filter.label}
        data={filter.options}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        placeholder={t('list.all')}
        clearable
        searchable={filter.searchable}
        nothingFoundMessage={t('list.nothingFound')}
        w={{ base: '100%', xs: filter.width ?? 220 }}
      />
    );
  }
  if (filter.kind === 'number') return <NumberField filter={filter} value={value} onChange={onChange} />;
  return <SearchField filter={filter} value={value} onChange={onChange} />;
}

/** A whole number (an age bound): updates the URL once the typing pauses. */
function NumberField({ filter, value, onChange }: { filter: Extract<Filter, { kind: 'number' }>; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState<string | number>(value);
  const commit = useDebouncedCallback(onChange, 400);
  useEffect(() => setText(value), [value]);
  return (
    <NumberInput
      label={filter.label}
      value={text}
      min={filter.min}
      max={filter.max}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="strict"
      onChange={(next) => {
        setText(next);
        commit(next === '' ? '' : String(next));
      }}
      w={{ base: '45%', xs: filter.width ?? 110 }}
    />
  );
}

/** Search box: types freely, updates the URL (and so the query) once the typing pauses. */
function SearchField({ filter, value, onChange }: { filter: Extract<Filter, { kind: 'search' }>; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const commit = useDebouncedCallback(onChange, 350);
  // Follow the URL when it changes from outside (Back button, "clear filters").
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      type="search"
      label={filter.label}
      placeholder={filter.placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onChange(text);
      }}
      w={{ base: '100%', sm: filter.width ?? 280 }}
    />
  );
}
