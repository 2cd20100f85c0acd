// "Waiting for me": the steps of every process that are the signed-in person's to take next,
// newest arrival first. A card on the dashboard and a page of its own with paging in the URL.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { PROCESSES, fetchWaiting, type Waiting } from '../../api/dashboard';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { currentLang } from '../../i18n';
import { formatBeDate, type Lang } from '../../lib/thai';
import { DashCard } from './parts';

const PREVIEW = 6;

function title(item: Waiting, lang: Lang): string {
  return lang === 'en' ? item.title_en : item.title_th;
}

/** How long it has waited, in whole days, as people count them on a calendar. */
export function daysWaiting(since: string, now: Date = new Date()): number {
  return Math.max(0, dayjs(now).startOf('day').diff(dayjs(since).startOf('day'), 'day'));
}

function Since({ since }: { since: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const days = daysWaiting(since);
  return (
    <Text size="xs" c={days > 14 ? 'orange.8' : 'dimmed'}>
      {t('dashboard.waiting.since', { date: formatBeDate(since, lang) })} · {days === 0 ? t('dashboard.waiting.today') : t('dashboard.waiting.days', { count: days })}
    </Text>
  );
}

function Actions({ item }: { item: Waiting }) {
  const lang = currentLang();
  return (
    <Group gap={4}>
      {item.actions.map((a) => (
        <Badge key={a.transition} size="sm" variant={a.kind === 'forward' ? 'light' : 'outline'} color={a.kind === 'forward' ? 'blue' : 'gray'}>
          {lang === 'en' ? a.label_en : a.label_th}
        </Badge>
      ))}
    </Group>
  );
}

export function WaitingCard() {
  const { t } = useTranslation();
  const lang = currentLang();
  const query = useQuery({
    queryKey: ['list', 'waiting', { page: 1, pageSize: PREVIEW, sort: null, filters: {} }],
    queryFn: () => fetchWaiting({ page: 1, pageSize: PREVIEW, sort: null, filters: {} }),
  });
  const total = query.data?.total ?? 0;
  return (
    <DashCard
      testId="card-waiting"
      span
      title={t('dashboard.waiting.title')}
      icon={<IconChecklist size={20} />}
      to="/waiting"
      linkText={total > PREVIEW ? t('dashboard.waiting.seeAllCount', { count: total }) : t('dashboard.seeAll')}
      query={query}
      isEmpty={(page) => page.total === 0}
      emptyText={t('dashboard.waiting.none')}
    >
      {(page) => (
        <Stack gap={0}>
          <Text size="sm" c="dimmed" mb="xs">
            {t('dashboard.waiting.count', { count: page.total })}
          </Text>
          <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('dashboard.waiting.title')}>
            {page.items.map((item) => (
              <li key={`${item.process}-${item.subject_id}`}>
                <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
                  <Stack gap={2} style={{ flex: '1 1 16rem', minWidth: 0 }}>
                    <Group gap={6} wrap="wrap">
                      <Badge size="sm" variant="dot" color="gray">
                        {t(`dashboard.process.${item.process}`, { defaultValue: item.process })}
                      </Badge>
                      <Anchor component={Link} to={item.link} fw={600} data-testid="waiting-link">
                        {title(item, lang)}
                      </Anchor>
                    </Group>
                    <Text size="sm">
                      {lang === 'en' ? item.state_label_en : item.state_label_th}
                    </Text>
                    <Since since={item.since} />
                  </Stack>
                  <Actions item={item} />
                </Group>
              </li>
            ))}
          </Stack>
        </Stack>
      )}
    </DashCard>
  );
}

export function WaitingPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const columns = useMemo<Column<Waiting>[]>(
    () => [
      {
        key: 'title',
        header: t('dashboard.waiting.subject'),
        render: (item) => (
          <Anchor component={Link} to={item.link} fw={600} data-testid="waiting-link">
            {title(item, lang)}
          </Anchor>
        ),
      },
      { key: 'process', header: t('dashboard.waiting.process'), render: (item) => t(`dashboard.process.${item.process}`, { defaultValue: item.process }) },
      { key: 'state', header: t('dashboard.waiting.state'), render: (item) => (lang === 'en' ? item.state_label_en : item.state_label_th) },
      { key: 'since', header: t('dashboard.waiting.sinceHeader'), render: (item) => <Since since={item.since} /> },
      { key: 'actions', header: t('dashboard.waiting.actions'), render: (item) => <Actions item={item} /> },
    ],
    [t, lang],
  );
  const filters = useMemo<Filter[]>(
    () => [
      {
        kind: 'select',
        name: 'process',
        label: t('dashboard.waiting.process'),
        options: PROCESSES.map((p) => ({ value: p, label: t(`dashboard.process.${p}`) })),
        width: 260,
      },
    ],
    [t],
  );
  return (
    <Stack gap="lg">
      <PageHeader title={t('dashboard.waiting.title')} crumbs={[{ label: t('dashboard.title'), to: '/' }]} intro={t('dashboard.waiting.intro')} />
      <PagedList id="waiting" caption={t('dashboard.waiting.title')} fetchPage={fetchWaiting} columns={columns} filters={filters} rowKey={(item) => `${item.process}-${item.subject_id}`} emptyText={t('dashboard.waiting.none')} />
    </Stack>
  );
}
