import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../auth/useMe';
import { PagedList, type Column, type Filter } from '../components/PagedList/PagedList';
import { fetchVillages, MANAGE_VILLAGES, type Village } from '../api/villages';

export function VillagesPage() {
  const { t } = useTranslation();
  const canAdd = useCan(MANAGE_VILLAGES);

  const columns = useMemo<Column<Village>[]>(
    () => [
      { key: 'number', header: t('villages.number'), sortField: 'number', render: (v) => v.number, width: 110 },
      { key: 'name', header: t('villages.name'), sortField: 'name_th', render: (v) => v.name_th },
      { key: 'dopa', header: t('villages.dopaCode'), render: (v) => v.dopa_code ?? '—' },
      {
        key: 'status',
        header: t('villages.status'),
        render: (v) => (
          <Badge variant="light" color={v.is_active ? 'teal' : 'gray'}>
            {v.is_active ? t('villages.active') : t('villages.inactive')}
          </Badge>
        ),
      },
    ],
    [t],
  );
  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'search', name: 'q', label: t('list.search'), placeholder: t('villages.search') },
      {
        kind: 'select',
        name: 'active',
        label: t('villages.status'),
        options: [
          { value: 'true', label: t('villages.active') },
          { value: 'false', label: t('villages.inactive') },
        ],
      },
    ],
    [t],
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={6}>
          <Title order={1} size="h2">
            {t('villages.title')}
          </Title>
          <Text c="dimmed">{t('villages.intro')}</Text>
        </Stack>
        {canAdd ? (
          <Button component={Link} to="/villages/new" leftSection={<IconPlus size={16} aria-hidden />}>
            {t('villages.add')}
          </Button>
        ) : null}
      </Group>
      <PagedList id="villages" caption={t('villages.title')} fetchPage={fetchVillages} columns={columns} filters={filters} rowKey={(v) => v.id} defaultSort="number" />
    </Stack>
  );
}
