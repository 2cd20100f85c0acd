// Disability cards: the requests at every step, by kind, state and village (all in the URL), and
// the cards that lapse soon, one tab each; from here a new request starts and checked ones are
// sent to the provincial office.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus, IconSend } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { useVillages } from '../../api/villages';
import { REQUEST_KINDS, REQUEST_STATES, WRITE_CARDS, fetchRequests, type CardRequest } from '../../api/disabilityCards';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, enumOptions } from '../../lib/labels';
import { formatBeDate } from '../../lib/thai';
import { currentLang } from '../../i18n';
import { useTab } from '../../lib/useTab';
import { ExpiringList } from './ExpiringList';

const TABS = ['requests', 'expiring'] as const;

export function requestStateColor(state: CardRequest['state']): string {
  if (state === 'issued') return 'teal';
  if (state === 'cancelled') return 'gray';
  if (state === 'returned') return 'orange';
  if (state === 'sent' || state === 'received') return 'grape';
  return 'blue';
}

export function RequestStateBadge({ request, size = 'md' }: { request: Pick<CardRequest, 'state' | 'state_label_th'>; size?: 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={requestStateColor(request.state)} size={size} data-testid="request-state">
      {enumLabel('RequestState', request.state, request.state_label_th)}
    </Badge>
  );
}

export function DisabilityCardsActions() {
  const { t } = useTranslation();
  const canWrite = useCan(WRITE_CARDS);
  return (
    <>
      {canWrite ? (
        <Button component={Link} to="/disability-cards/send" variant="light" leftSection={<IconSend size={16} aria-hidden />}>
          {t('disabilityCards.sendBatch')}
        </Button>
      ) : null}
      {canWrite ? (
        <Button component={Link} to="/disability-cards/new" leftSection={<IconPlus size={16} aria-hidden />}>
          {t('disabilityCards.add')}
        </Button>
      ) : null}
    </>
  );
}

export function RequestsPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const [tab, setTab] = useTab(TABS);

  const columns = useMemo<Column<CardRequest>[]>(
    () => [
      {
        key: 'person',
        header: t('disabilityCards.person'),
        render: (r) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/disability-cards/requests/${r.id}`} fw={600}>
              {r.person.full_name_th}
            </Anchor>
            <Text size="xs" c="dimmed" className="tabular">
              {r.person.national_id_masked}
            </Text>
          </Stack>
        ),
      },
      { key: 'kind', header: t('disabilityCards.kind'), render: (r) => enumLabel('RequestKind', r.kind, r.kind_label_th) },
      { key: 'types', header: t('disabilityCards.types'), render: (r) => r.disability_types.map((d) => enumLabel('DisabilityType', d.code, d.label_th)).join(', ') },
      { key: 'village', header: t('citizens.village'), render: (r) => villages.label(r.person.village_id) || '—' },
      { key: 'state', header: t('disabilityCards.state'), sortField: 'state', render: (r) => <RequestStateBadge request={r} /> },
      { key: 'sent', header: t('disabilityCards.lastSentOn'), sortField: 'last_sent_on', render: (r) => (r.last_sent_on ? formatBeDate(r.last_sent_on, lang) : '—') },
      { key: 'created', header: t('disabilityCards.createdAt'), sortField: 'created_at', render: (r) => formatBeDate(r.created_at, lang) },
    ],
    [t, lang, villages],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'select', name: 'kind', label: t('disabilityCards.kind'), options: enumOptions('RequestKind', REQUEST_KINDS), width: 260 },
      { kind: 'select', name: 'state', label: t('disabilityCards.state'), options: enumOptions('RequestState', REQUEST_STATES), width: 220 },
      { kind: 'select', name: 'village_id', label: t('citizens.village'), options: villages.options, searchable: true },
    ],
    [t, villages.options],
  );

  return (
    <Stack gap="lg">
      <PageHeader title={t('disabilityCards.title')} intro={t('disabilityCards.intro')} actions={<DisabilityCardsActions />} />
      <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="requests">{t('disabilityCards.requestsTab')}</Tabs.Tab>
          <Tabs.Tab value="expiring">{t('disabilityCards.expiringTitle')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="requests" pt="lg">
          <PagedList id="disability-card-requests" caption={t('disabilityCards.requestsTab')} fetchPage={fetchRequests} columns={columns} filters={filters} rowKey={(r) => r.id} defaultSort="-created_at" />
        </Tabs.Panel>
        <Tabs.Panel value="expiring" pt="lg">
          <ExpiringList />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
