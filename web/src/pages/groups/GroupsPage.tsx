// Community groups, at every step of their formation: by kind, village and state, in the URL.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { useVillages } from '../../api/villages';
import { GROUP_KINDS, GROUP_STATES, WRITE_GROUPS, fetchGroups, type Group } from '../../api/groups';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, enumOptions } from '../../lib/labels';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { currentLang } from '../../i18n';

export function groupStateColor(state: Group['state']): string {
  if (state === 'active') return 'teal';
  if (state === 'dissolved') return 'gray';
  if (state === 'reported') return 'grape';
  return 'blue';
}

export function GroupStateBadge({ group, size = 'md' }: { group: Pick<Group, 'state' | 'state_label_th'>; size?: 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={groupStateColor(group.state)} size={size} data-testid="group-state">
      {enumLabel('GroupState', group.state, group.state_label_th)}
    </Badge>
  );
}

export function GroupsPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const canAdd = useCan(WRITE_GROUPS);
  const villages = useVillages();

  const columns = useMemo<Column<Group>[]>(
    () => [
      {
        key: 'name',
        header: t('groups.name'),
        sortField: 'name',
        render: (g) => (
          <Anchor component={Link} to={`/groups/${g.id}`} fw={600}>
            {g.name}
          </Anchor>
        ),
      },
      { key: 'kind', header: t('groups.kind'), sortField: 'kind', render: (g) => enumLabel('GroupKind', g.kind, g.kind_label_th) },
      { key: 'village', header: t('citizens.village'), render: (g) => villages.label(g.village_id) || t('groups.wholeOrganisation') },
      { key: 'state', header: t('groups.state'), sortField: 'state', render: (g) => <GroupStateBadge group={g} /> },
      { key: 'founded', header: t('groups.foundedOn'), sortField: 'founded_on', render: (g) => (g.founded_on ? formatBeDate(g.founded_on, lang) : '—') },
      { key: 'fund', header: t('groups.fund'), render: (g) => formatBaht(g.fund_balance, lang), align: 'right' },
    ],
    [t, lang, villages],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'search', name: 'q', label: t('groups.searchName'), placeholder: t('groups.searchNameHint') },
      { kind: 'select', name: 'kind', label: t('groups.kind'), options: enumOptions('GroupKind', GROUP_KINDS), width: 180 },
      { kind: 'select', name: 'village_id', label: t('citizens.village'), options: villages.options, searchable: true },
      { kind: 'select', name: 'state', label: t('groups.state'), options: enumOptions('GroupState', GROUP_STATES), width: 240 },
    ],
    [t, villages.options],
  );

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('groups.title')}
        intro={t('groups.intro')}
        actions={
          canAdd ? (
            <Button component={Link} to="/groups/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('groups.add')}
            </Button>
          ) : null
        }
      />
      <PagedList id="groups" caption={t('groups.title')} fetchPage={fetchGroups} columns={columns} filters={filters} rowKey={(g) => g.id} defaultSort="name" />
    </Stack>
  );
}
