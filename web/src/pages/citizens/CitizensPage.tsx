// Finding people: by name (Thai or Latin, marks ignored), the whole national ID (exact), village,
// age range and status — all in the URL, so a search can be sent as a link. IDs show masked.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { useVillages } from '../../api/villages';
import { CITIZEN_STATUSES, WRITE_CITIZENS, fetchCitizens, type Citizen } from '../../api/citizens';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, enumOptions } from '../../lib/labels';
import { currentLang } from '../../i18n';
import { birthText } from './format';

export const STATUS_COLOR: Record<Citizen['status'], string> = { active: 'teal', deceased: 'gray', moved_out: 'orange' };

export function CitizensPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const canAdd = useCan(WRITE_CITIZENS);
  const villages = useVillages();

  const columns = useMemo<Column<Citizen>[]>(
    () => [
      {
        key: 'name',
        header: t('citizens.name'),
        sortField: 'first_name',
        render: (c) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/citizens/${c.id}`} fw={600}>
              {c.full_name_th}
            </Anchor>
            {c.first_name_en || c.last_name_en ? (
              <Text size="xs" c="dimmed" lang="en">
                {[c.first_name_en, c.last_name_en].filter(Boolean).join(' ')}
              </Text>
            ) : null}
          </Stack>
        ),
      },
      { key: 'nid', header: t('citizens.nationalId'), render: (c) => <Text className="tabular" size="sm">{c.national_id_masked}</Text> },
      { key: 'birth', header: t('citizens.birthDate'), sortField: 'birth_date', render: (c) => birthText(c, lang) },
      { key: 'age', header: t('citizens.age'), render: (c) => (c.age ?? '—'), align: 'right', width: 70 },
      { key: 'village', header: t('citizens.village'), render: (c) => villages.label(c.village_id) || '—' },
      {
        key: 'status',
        header: t('citizens.status'),
        render: (c) => (
          <Badge variant="light" color={STATUS_COLOR[c.status]}>
            {enumLabel('CitizenStatus', c.status, c.status_label_th)}
          </Badge>
        ),
      },
    ],
    [t, lang, villages],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'search', name: 'q', label: t('citizens.searchName'), placeholder: t('citizens.searchNameHint'), width: 240 },
      { kind: 'search', name: 'national_id', label: t('citizens.searchNationalId'), placeholder: t('citizens.searchNationalIdHint'), width: 200 },
      { kind: 'select', name: 'village_id', label: t('citizens.village'), options: villages.options, searchable: true, width: 200 },
      { kind: 'number', name: 'min_age', label: t('citizens.minAge'), min: 0, max: 150 },
      { kind: 'number', name: 'max_age', label: t('citizens.maxAge'), min: 0, max: 150 },
      { kind: 'select', name: 'status', label: t('citizens.status'), options: enumOptions('CitizenStatus', CITIZEN_STATUSES), width: 170 },
    ],
    [t, villages.options],
  );

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('citizens.title')}
        intro={t('citizens.intro')}
        actions={
          canAdd ? (
            <Button component={Link} to="/citizens/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('citizens.add')}
            </Button>
          ) : null
        }
      />
      <PagedList id="citizens" caption={t('citizens.title')} fetchPage={fetchCitizens} columns={columns} filters={filters} rowKey={(c) => c.id} defaultSort="first_name" />
    </Stack>
  );
}
