// One household: where it is and who lives there, now and before.
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Card, Stack, Text, Title } from '@mantine/core';
import { useVillages } from '../../api/villages';
import { fetchHousehold, fetchHouseholdMembers, type HouseholdMembership } from '../../api/citizens';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { PagedList, type Column } from '../../components/PagedList/PagedList';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBeDate } from '../../lib/thai';

export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const query = useQuery({ queryKey: ['household', id], queryFn: () => fetchHousehold(id) });
  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const h = query.data;

  const columns: Column<HouseholdMembership>[] = [
    {
      key: 'name',
      header: t('citizens.name'),
      render: (m) => (
        <Anchor component={Link} to={`/citizens/${m.citizen_id}`}>
          {m.citizen_name_th}
        </Anchor>
      ),
    },
    { key: 'nid', header: t('citizens.nationalId'), render: (m) => <Text className="tabular" size="sm">{m.national_id_masked}</Text> },
    { key: 'rel', header: t('households.relationship'), render: (m) => enumLabel('Relationship', m.relationship, m.relationship_label_th) },
    { key: 'joined', header: t('households.joinedOn'), sortField: 'joined_on', render: (m) => formatBeDate(m.joined_on, lang) },
    { key: 'left', header: t('households.leftOn'), sortField: 'left_on', render: (m) => (m.left_on ? formatBeDate(m.left_on, lang) : <Badge variant="light" color="teal">{t('households.current')}</Badge>) },
  ];

  return (
    <Stack gap="lg">
      <PageHeader title={t('households.titleOne', { no: h.house_number })} crumbs={[{ label: t('households.title'), to: '/households' }]} />
      <Card withBorder padding="lg" radius="md">
        <DetailList
          items={[
            { label: t('households.houseNumber'), value: h.house_number },
            { label: t('citizens.village'), value: villages.label(h.village_id) },
            { label: t('households.houseCode'), value: h.house_registration_no },
            { label: t('households.membersNow'), value: t('households.peopleCount', { count: h.members.length }) },
          ]}
        />
      </Card>
      <Title order={2} size="h4">
        {t('households.members')}
      </Title>
      <PagedList id="household-members" scope={[id]} prefix="members" caption={t('households.members')} fetchPage={(p) => fetchHouseholdMembers(id, p)} columns={columns} rowKey={(m) => m.id} emptyText={t('households.noMembers')} />
    </Stack>
  );
}
