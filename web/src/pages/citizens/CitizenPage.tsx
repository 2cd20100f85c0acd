// A person's page: the record, bank accounts, household, allowance registrations with their
// payments, and the timeline of everything that happened to them. Tabs are in the URL (?tab=).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Group, Modal, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconCoin, IconEye, IconPencil } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { translateCode } from '../../api/problem';
import { useVillages } from '../../api/villages';
import {
  READ_NATIONAL_ID,
  WRITE_CITIZENS,
  citizenKey,
  fetchBankAccounts,
  fetchCitizen,
  fetchCitizenHouseholds,
  fetchCitizenRegistrations,
  fetchNationalId,
  fetchRegistrationPayments,
  fetchTimeline,
  type BankAccount,
  type Citizen,
  type HouseholdMembership,
  type Registration,
  type TimelineEntry,
} from '../../api/citizens';
import { contractHas } from '../../nav';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { PagedList, type Column } from '../../components/PagedList/PagedList';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBaht, formatBeDate, formatBeDateTime, type Lang } from '../../lib/thai';
import { useTab } from '../../lib/useTab';
import { birthText } from './format';
import { STATUS_COLOR } from './CitizensPage';

const TABS = ['details', 'accounts', 'household', 'registrations', 'timeline'] as const;

export function CitizenPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const canEdit = useCan(WRITE_CITIZENS);
  const canRegister = useCan('allowances:write');
  const query = useQuery({ queryKey: citizenKey(id), queryFn: () => fetchCitizen(id) });
  const [tab, setTab] = useTab(TABS);
  const hasAllowances = contractHas('/api/v1/allowances/registrations');

  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;

  return (
    <Stack gap="lg">
      <PageHeader
        title={c.full_name_th}
        crumbs={[{ label: t('citizens.title'), to: '/citizens' }]}
        badge={
          <Badge variant="light" color={STATUS_COLOR[c.status]} size="lg">
            {enumLabel('CitizenStatus', c.status, c.status_label_th)}
          </Badge>
        }
        intro={
          <Text span className="tabular">
            {c.national_id_masked}
          </Text>
        }
        actions={
          <>
            {canRegister && hasAllowances && c.status === 'active' ? (
              <Button component={Link} to={`/allowances/registrations/new?citizen=${c.id}`} variant="light" leftSection={<IconCoin size={16} aria-hidden />}>
                {t('allowances.register')}
              </Button>
            ) : null}
            {canEdit ? (
              <Button component={Link} to={`/citizens/${c.id}/edit`} variant="light" leftSection={<IconPencil size={16} aria-hidden />}>
                {t('citizens.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t('citizens.tabs.details')}</Tabs.Tab>
          <Tabs.Tab value="accounts">{t('citizens.tabs.accounts')}</Tabs.Tab>
          <Tabs.Tab value="household">{t('citizens.tabs.household')}</Tabs.Tab>
          {hasAllowances ? <Tabs.Tab value="registrations">{t('citizens.tabs.registrations')}</Tabs.Tab> : null}
          <Tabs.Tab value="timeline">{t('citizens.tabs.timeline')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="lg">
          <Details citizen={c} />
        </Tabs.Panel>
        <Tabs.Panel value="accounts" pt="lg">
          <BankAccounts citizenId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="household" pt="lg">
          <Households citizenId={c.id} />
        </Tabs.Panel>
        {hasAllowances ? (
          <Tabs.Panel value="registrations" pt="lg">
            <Registrations citizenId={c.id} />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="timeline" pt="lg">
          <Timeline citizenId={c.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Details({ citizen: c }: { citizen: Citizen }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const canReadId = useCan(READ_NATIONAL_ID);
  const reveal = useMutation({ mutationFn: () => fetchNationalId(c.id) });
  const address = [c.house_number ? t('citizens.houseNo', { no: c.house_number }) : null, c.address_extra, villages.label(c.village_id)].filter(Boolean).join(' ');

  return (
    <Card withBorder padding="lg" radius="md">
      <DetailList
        label={t('citizens.tabs.details')}
        items={[
          {
            label: t('citizens.nationalId'),
            value: (
              <Group gap="sm" component="span">
                <Text span className="tabular" data-testid="national-id">
                  {reveal.data?.national_id_formatted ?? c.national_id_masked}
                </Text>
                {canReadId && !reveal.data ? (
                  <Button size="compact-xs" variant="subtle" leftSection={<IconEye size={14} aria-hidden />} loading={reveal.isPending} onClick={() => reveal.mutate()}>
                    {t('citizens.showFullId')}
                  </Button>
                ) : null}
                {reveal.data ? (
                  <Text span size="xs" c="dimmed">
                    {t('citizens.fullIdLogged')}
                  </Text>
                ) : null}
              </Group>
            ),
          },
          { label: t('citizens.name'), value: c.full_name_th },
          { label: t('citizens.nameEn'), value: [c.first_name_en, c.last_name_en].filter(Boolean).join(' ') },
          { label: t('citizens.sex'), value: enumLabel('Sex', c.sex, c.sex_label_th) },
          { label: t('citizens.birthDate'), value: `${birthText(c, lang)}${c.birth_precision !== 'day' && c.birth_date ? ` (${enumLabel('BirthPrecision', c.birth_precision)})` : ''}` },
          { label: t('citizens.age'), value: c.age === null || c.age === undefined ? '' : t('citizens.years', { count: c.age }) },
          { label: t('citizens.nationality'), value: c.nationality === 'THA' ? t('citizens.thai') : c.nationality },
          { label: t('citizens.address'), value: address },
          { label: t('citizens.houseRegistrationNo'), value: c.house_registration_no },
          { label: t('citizens.phone'), value: c.phone },
          ...(c.death_date ? [{ label: t('citizens.deathDate'), value: formatBeDate(c.death_date, lang, 'long') }] : []),
          ...(c.moved_out_on ? [{ label: t('citizens.movedOutOn'), value: formatBeDate(c.moved_out_on, lang, 'long') }] : []),
          { label: t('citizens.updatedAt'), value: formatBeDateTime(c.updated_at, lang) },
        ]}
      />
    </Card>
  );
}

function BankAccounts({ citizenId }: { citizenId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const columns: Column<BankAccount>[] = [
    { key: 'kind', header: t('citizens.accountKind'), render: (a) => enumLabel('BankAccountKind', a.kind, a.kind_label_th) },
    { key: 'bank', header: t('citizens.bank'), render: (a) => (a.kind === 'promptpay' ? a.promptpay_id_masked : [a.bank_name_th ?? a.bank_code, a.branch].filter(Boolean).join(' · ')) },
    { key: 'no', header: t('citizens.accountNo'), render: (a) => <Text className="tabular" size="sm">{a.account_no ?? '—'}</Text> },
    { key: 'name', header: t('citizens.accountName'), render: (a) => a.account_name },
    { key: 'from', header: t('citizens.validFrom'), sortField: 'valid_from', render: (a) => formatBeDate(a.valid_from, lang) },
    {
      key: 'state',
      header: t('citizens.status'),
      render: (a) => (
        <Group gap={4}>
          {a.is_primary && a.is_open ? <Badge color="blue">{t('citizens.primary')}</Badge> : null}
          <Badge variant="light" color={a.is_open ? 'teal' : 'gray'}>
            {a.is_open ? t('citizens.accountOpen') : t('citizens.accountEnded', { date: formatBeDate(a.ended_on, lang) })}
          </Badge>
        </Group>
      ),
    },
  ];
  return (
    <PagedList
      id="citizen-accounts"
      scope={[citizenId]}
      prefix="accounts"
      caption={t('citizens.tabs.accounts')}
      fetchPage={(p) => fetchBankAccounts(citizenId, p)}
      columns={columns}
      rowKey={(a) => a.id}
      emptyText={t('citizens.noAccounts')}
    />
  );
}

function Households({ citizenId }: { citizenId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const columns: Column<HouseholdMembership>[] = [
    {
      key: 'household',
      header: t('households.household'),
      render: (m) => (
        <Anchor component={Link} to={`/households/${m.household_id}`}>
          {t('households.open')}
        </Anchor>
      ),
    },
    { key: 'rel', header: t('households.relationship'), render: (m) => enumLabel('Relationship', m.relationship, m.relationship_label_th) },
    { key: 'joined', header: t('households.joinedOn'), sortField: 'joined_on', render: (m) => formatBeDate(m.joined_on, lang) },
    { key: 'left', header: t('households.leftOn'), render: (m) => (m.left_on ? formatBeDate(m.left_on, lang) : <Badge variant="light" color="teal">{t('households.current')}</Badge>) },
  ];
  return (
    <PagedList
      id="citizen-households"
      scope={[citizenId]}
      prefix="households"
      caption={t('citizens.tabs.household')}
      fetchPage={(p) => fetchCitizenHouseholds(citizenId, p)}
      columns={columns}
      rowKey={(m) => m.id}
      emptyText={t('citizens.noHousehold')}
    />
  );
}

function Registrations({ citizenId }: { citizenId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [payments, setPayments] = useState<Registration | null>(null);
  const columns: Column<Registration>[] = [
    {
      key: 'programme',
      header: t('registrations.programme'),
      render: (r) => (
        <Anchor component={Link} to={`/allowances/registrations/${r.id}`}>
          {enumLabel('ProgrammeCode', r.programme, r.programme_label_th)}
        </Anchor>
      ),
    },
    { key: 'kind', header: t('registrations.kind'), render: (r) => r.kind_label_th },
    { key: 'state', header: t('registrations.state'), render: (r) => <Badge variant="light">{r.state_label_th}</Badge> },
    { key: 'received', header: t('registrations.receivedOn'), render: (r) => formatBeDate(r.received_on, lang) },
    { key: 'start', header: t('registrations.startMonth'), render: (r) => (r.start_month ? formatBeDate(r.start_month, lang) : '—') },
    {
      key: 'payments',
      header: t('registrations.payments'),
      render: (r) => (
        <Button size="compact-sm" variant="light" onClick={() => setPayments(r)}>
          {t('registrations.showPayments')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <PagedList
        id="citizen-registrations"
        scope={[citizenId]}
        prefix="registrations"
        caption={t('citizens.tabs.registrations')}
        fetchPage={(p) => fetchCitizenRegistrations(citizenId, p)}
        columns={columns}
        rowKey={(r) => r.id}
        emptyText={t('citizens.noRegistrations')}
      />
      <Modal opened={payments !== null} onClose={() => setPayments(null)} title={payments ? t('registrations.paymentsOf', { programme: enumLabel('ProgrammeCode', payments.programme, payments.programme_label_th) }) : ''} size="xl">
        {payments ? <Payments registrationId={payments.id} lang={lang} /> : null}
      </Modal>
    </>
  );
}

function Payments({ registrationId, lang }: { registrationId: string; lang: Lang }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['payments', registrationId], queryFn: () => fetchRegistrationPayments(registrationId) });
  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyView title={t('registrations.noPayments')} />;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped aria-label={t('registrations.payments')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('registrations.monthPaid')}</Table.Th>
            <Table.Th ta="right">{t('registrations.amount')}</Table.Th>
            <Table.Th>{t('registrations.account')}</Table.Th>
            <Table.Th>{t('registrations.lineStatus')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.data.items.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>
                {formatBeDate(line.month_paid, lang)}
                {line.is_back_pay ? ` (${t('registrations.backPay')})` : ''}
              </Table.Td>
              <Table.Td ta="right">{formatBaht(line.amount, lang)}</Table.Td>
              <Table.Td>{line.account_no_masked ?? '—'}</Table.Td>
              <Table.Td>
                {line.status}
                {line.failure_reason ? ` · ${line.failure_reason}` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Timeline({ citizenId }: { citizenId: string }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();

  const value = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (key === 'village_id' && typeof v === 'string') return villages.label(v) || '—';
    if (typeof v === 'boolean') return v ? t('form.yes') : t('form.no');
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatBeDate(v, lang);
    if (key === 'sex' && typeof v === 'string') return enumLabel('Sex', v);
    if (key === 'birth_precision' && typeof v === 'string') return enumLabel('BirthPrecision', v);
    if (key === 'relationship' && typeof v === 'string') return enumLabel('Relationship', v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const fieldName = (key: string) => (i18n.exists(`fields.${key}`) ? t(`fields.${key}`) : key);

  const what = (e: TimelineEntry) =>
    translateCode('timelineActions', e.action) ??
    (e.source === 'workflow' && e.to_state ? t('citizens.timelineStep', { process: e.process ?? e.entity, to: e.to_state }) : e.action);

  const changes = (e: TimelineEntry) => {
    if (!e.before || !e.after) return null;
    const keys = Object.keys(e.after).filter((k) => !['version', 'updated_at', 'created_at', 'name_key'].includes(k) && JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after?.[k]));
    if (keys.length === 0) return null;
    return (
      <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {keys.map((k) => (
          <Text component="li" size="sm" key={k}>
            {fieldName(k)}: {value(k, e.before?.[k])} → {value(k, e.after?.[k])}
          </Text>
        ))}
      </Stack>
    );
  };

  const columns: Column<TimelineEntry>[] = [
    { key: 'at', header: t('citizens.when'), sortField: 'at', render: (e) => formatBeDateTime(e.at, lang), width: 170 },
    { key: 'what', header: t('citizens.what'), render: (e) => <Text size="sm" fw={500}>{what(e)}</Text> },
    {
      key: 'detail',
      header: t('citizens.detail'),
      render: (e) => (
        <Stack gap={2}>
          {changes(e)}
          {e.note ? (
            <Text size="sm" c="dimmed">
              {e.note}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'who', header: t('citizens.who'), render: (e) => e.actor_name },
  ];
  return (
    <PagedList
      id="citizen-timeline"
      scope={[citizenId]}
      prefix="timeline"
      caption={t('citizens.tabs.timeline')}
      fetchPage={(p) => fetchTimeline(citizenId, p)}
      columns={columns}
      rowKey={(e) => `${e.at}-${e.action}-${e.entity_id}`}
      defaultSort="-at"
      emptyText={t('citizens.noTimeline')}
    />
  );
}
