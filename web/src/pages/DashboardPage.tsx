// Where things stand, at a glance: the steps waiting for me first, then the figures of each domain
// as charts (beneficiaries, this month's payrolls, cards that lapse soon, projects by state), then
// who I am and where. Every card reads the API; a card the person may not read is not shown.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Card, Group, List, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuildingCommunity, IconMapPin, IconUser } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useMe } from '../auth/useMe';
import { fetchVillages } from '../api/villages';
import { translateCode } from '../api/problem';
import { ErrorView } from '../components/StateViews';
import { currentLang } from '../i18n';
import { WaitingCard } from './dashboard/waiting';
import { BeneficiariesCard, ExpiringCardsCard, PayrollCard, ProjectsCard } from './dashboard/cards';

const PREVIEW = 5;

export function DashboardPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useMe().data;
  const villages = useQuery({
    queryKey: ['list', 'villages', { page: 1, pageSize: PREVIEW, sort: 'number', filters: {} }],
    queryFn: () => fetchVillages({ page: 1, pageSize: PREVIEW, sort: 'number', filters: {} }),
  });
  if (!me) return null;
  const org = me.organisation;

  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('dashboard.greeting', { name: me.full_name || me.username })}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        <WaitingCard />
        <PayrollCard />
        <ExpiringCardsCard />
        <ProjectsCard />
        <BeneficiariesCard />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        <InfoCard icon={<IconUser size={20} />} title={t('dashboard.you')}>
          <Text fw={600} fz="lg">
            {me.full_name}
          </Text>
          <Text size="sm" c="dimmed">
            {t('dashboard.username')}: {me.username}
          </Text>
          <Group gap={6} mt="xs" aria-label={t('dashboard.roles')}>
            {me.roles.map((role) => (
              <Badge key={role} variant="light">
                {translateCode('roles', role) ?? role}
              </Badge>
            ))}
          </Group>
        </InfoCard>

        <InfoCard icon={<IconBuildingCommunity size={20} />} title={t('dashboard.organisation')}>
          {org ? (
            <>
              <Text fw={600} fz="lg" data-testid="org-name">
                {lang === 'en' && org.name_en ? org.name_en : org.name_th}
              </Text>
              {lang === 'th' && org.name_en ? (
                <Text size="sm" c="dimmed" lang="en">
                  {org.name_en}
                </Text>
              ) : null}
              <Text size="sm" c="dimmed">
                {translateCode('orgKinds', org.kind) ?? org.kind} · {t('dashboard.orgCode')} {org.code}
              </Text>
            </>
          ) : (
            <Text c="dimmed">{t('dashboard.noOrganisation')}</Text>
          )}
        </InfoCard>

        <InfoCard icon={<IconMapPin size={20} />} title={t('dashboard.villages')}>
          {villages.isPending ? (
            <Stack gap={6}>
              <Skeleton h={20} w="40%" />
              <Skeleton h={14} />
              <Skeleton h={14} />
            </Stack>
          ) : villages.isError ? (
            <ErrorView error={villages.error} onRetry={() => void villages.refetch()} />
          ) : villages.data.total === 0 ? (
            <Text c="dimmed">{t('dashboard.noVillages')}</Text>
          ) : (
            <Stack gap="xs">
              <Text fw={600} fz="lg">
                {t('dashboard.villagesCount', { count: villages.data.total })}
              </Text>
              <List size="sm" spacing={2}>
                {villages.data.items.map((v) => (
                  <List.Item key={v.id}>
                    {t('villages.number')} {v.number} {v.name_th}
                  </List.Item>
                ))}
              </List>
              <Anchor component={Link} to="/villages" size="sm">
                {t('dashboard.allVillages')}
              </Anchor>
            </Stack>
          )}
        </InfoCard>
      </SimpleGrid>
    </Stack>
  );
}

function InfoCard({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-label={title}>
      <Group gap="sm" mb="sm">
        <ThemeIcon variant="light" size="lg" aria-hidden>
          {icon}
        </ThemeIcon>
        <Text fw={600} c="dimmed" fz="sm">
          {title}
        </Text>
      </Group>
      <Stack gap={4}>{children}</Stack>
    </Card>
  );
}
