// Cards that lapse soon, village by village (a tab of the disability cards page), with what an officer needs to reach the person
// before the card lapses (and the disability allowance stops): a phone, a house number, and a
// renewal request to start or to open.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Stack, Text } from '@mantine/core';
import { useCan } from '../../auth/useMe';
import { useVillages } from '../../api/villages';
import { WRITE_CARDS, fetchExpiring, type ExpiringCard } from '../../api/disabilityCards';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { currentLang } from '../../i18n';
import { formatBeDate } from '../../lib/thai';

export function ExpiringList() {
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const canWrite = useCan(WRITE_CARDS);

  const columns = useMemo<Column<ExpiringCard>[]>(
    () => [
      {
        key: 'person',
        header: t('disabilityCards.person'),
        render: (c) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/citizens/${c.citizen_id}`} fw={600}>
              {c.full_name_th}
            </Anchor>
            <Text size="xs" c="dimmed" className="tabular">
              {c.national_id_masked}
            </Text>
          </Stack>
        ),
      },
      { key: 'village', header: t('citizens.village'), sortField: 'village', render: (c) => (c.village_number ? `${t('villages.number')} ${c.village_number} ${c.village_name_th ?? ''}` : '—') },
      { key: 'address', header: t('disabilityCards.contact'), render: (c) => [c.house_number ? t('disabilityCards.houseNo', { no: c.house_number }) : null, c.phone].filter(Boolean).join(' · ') || '—' },
      { key: 'card', header: t('disabilityCards.cardNumber'), render: (c) => <span className="tabular">{c.card_number}</span> },
      {
        key: 'expires',
        header: t('disabilityCards.expiresOn'),
        sortField: 'expires_on',
        render: (c) => (
          <Stack gap={2}>
            <Text size="sm">{formatBeDate(c.expires_on, lang)}</Text>
            <Badge size="sm" variant="light" color={c.days_left <= 30 ? 'red' : 'orange'}>
              {t('disabilityCards.daysLeft', { count: c.days_left })}
            </Badge>
          </Stack>
        ),
      },
      {
        key: 'renewal',
        header: t('disabilityCards.renewal'),
        render: (c) =>
          c.renewal_request_id ? (
            <Anchor component={Link} to={`/disability-cards/requests/${c.renewal_request_id}`} size="sm">
              {t('disabilityCards.openRequest')}
            </Anchor>
          ) : canWrite ? (
            <Button component={Link} to={`/disability-cards/new?citizen_id=${c.citizen_id}&kind=renewal`} size="xs" variant="light">
              {t('disabilityCards.startRenewal')}
            </Button>
          ) : (
            '—'
          ),
      },
    ],
    [t, lang, canWrite],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'number', name: 'days', label: t('disabilityCards.withinDays'), min: 0, max: 3650, width: 160 },
      { kind: 'select', name: 'village_id', label: t('citizens.village'), options: villages.options, searchable: true },
    ],
    [t, villages.options],
  );

  return (
    <Stack gap="md">
      <Text c="dimmed">{t('disabilityCards.expiringIntro')}</Text>
      <PagedList id="disability-cards-expiring" prefix="expiring" caption={t('disabilityCards.expiringTitle')} fetchPage={fetchExpiring} columns={columns} filters={filters} rowKey={(c) => c.card_id} defaultSort="expires_on" emptyText={t('disabilityCards.noneExpiring')} />
    </Stack>
  );
}
