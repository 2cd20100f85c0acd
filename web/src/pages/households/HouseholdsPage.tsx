// Households (ครัวเรือน): by village, house number or house code (both exact, as on the house
// registration book).
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Stack, Text } from '@mantine/core';
import { useVillages } from '../../api/villages';
import { fetchHouseholds, type Household } from '../../api/citizens';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';

export function HouseholdsPage() {
  const { t } = useTranslation();
  const villages = useVillages();
  const columns = useMemo<Column<Household>[]>(
    () => [
      {
        key: 'house',
        header: t('households.houseNumber'),
        sortField: 'house_number',
        render: (h) => (
          <Anchor component={Link} to={`/households/${h.id}`} fw={600}>
            {h.house_number}
          </Anchor>
        ),
      },
      { key: 'village', header: t('citizens.village'), render: (h) => villages.label(h.village_id) || '—' },
      { key: 'code', header: t('households.houseCode'), render: (h) => <Text className="tabular" size="sm">{h.house_registration_no ?? '—'}</Text> },
    ],
    [t, villages],
  );
  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'select', name: 'village_id', label: t('citizens.village'), options: villages.options, searchable: true },
      { kind: 'search', name: 'house_number', label: t('households.houseNumber'), placeholder: t('households.exact'), width: 180 },
      { kind: 'search', name: 'house_registration_no', label: t('households.houseCode'), placeholder: t('households.exact'), width: 200 },
    ],
    [t, villages.options],
  );
  return (
    <Stack gap="lg">
      <PageHeader title={t('households.title')} intro={t('households.intro')} />
      <PagedList id="households" caption={t('households.title')} fetchPage={fetchHouseholds} columns={columns} filters={filters} rowKey={(h) => h.id} defaultSort="house_number" />
    </Stack>
  );
}
