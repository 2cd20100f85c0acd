// Allowances: the beneficiaries (every registration, by programme, village, state and fiscal year,
// exported to Excel) and the monthly payrolls. The open tab and each list's state are in the URL.
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileSpreadsheet, IconPlus, IconPrinter } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { problemText, translateCode } from '../../api/problem';
import { useVillages } from '../../api/villages';
import {
  PAYROLL_STATES,
  PREPARE_PAYROLL,
  PROGRAMMES,
  READ_SENSITIVE,
  REGISTRATION_STATES,
  SENSITIVE_PROGRAMMES,
  WRITE_ALLOWANCES,
  downloadFile,
  fetchPayrolls,
  openPdf,
  fetchRegistrations,
  type Payroll,
  type ProgrammeCode,
  type Registration,
} from '../../api/allowances';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { currentLang } from '../../i18n';
import { enumLabel, enumOptions } from '../../lib/labels';
import { fiscalYearBe, formatBaht, formatBeDate } from '../../lib/thai';
import { useTab } from '../../lib/useTab';
import { PayrollStateBadge, RegistrationStateBadge } from './badges';
import { NewPayrollModal } from './NewPayrollModal';
import { monthText } from './months';

const TABS = ['beneficiaries', 'payrolls'] as const;

/** The programmes a person may list: HIV/AIDS only with `sensitive:read` (the API answers 403 otherwise). */
function useVisibleProgrammes() {
  const sensitive = useCan(READ_SENSITIVE);
  return useMemo(() => enumOptions('ProgrammeCode', PROGRAMMES.filter((p) => sensitive || !SENSITIVE_PROGRAMMES.includes(p))), [sensitive]);
}

/** Fiscal years to filter by: the current one, two ahead (registrations are made a year early) and five back. */
function fiscalYearOptions() {
  const now = fiscalYearBe(new Date());
  return Array.from({ length: 8 }, (_, i) => String(now + 2 - i)).map((y) => ({ value: y, label: y }));
}

export function AllowancesPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useTab(TABS);
  const canRegister = useCan(WRITE_ALLOWANCES);
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('allowances.title')}
        intro={t('allowances.intro')}
        actions={
          canRegister ? (
            <Button component={Link} to="/allowances/registrations/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('allowances.register')}
            </Button>
          ) : null
        }
      />
      <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="beneficiaries">{t('allowances.tabs.beneficiaries')}</Tabs.Tab>
          <Tabs.Tab value="payrolls">{t('allowances.tabs.payrolls')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="beneficiaries" pt="lg">
          <Beneficiaries />
        </Tabs.Panel>
        <Tabs.Panel value="payrolls" pt="lg">
          <Payrolls />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Beneficiaries() {
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const programmes = useVisibleProgrammes();
  const [search] = useSearchParams();
  const [exporting, setExporting] = useState(false);

  const columns = useMemo<Column<Registration>[]>(
    () => [
      {
        key: 'name',
        header: t('allowances.person'),
        render: (r) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/allowances/registrations/${r.id}`} fw={600}>
              {r.citizen.full_name_th}
            </Anchor>
            <Text size="xs" c="dimmed" className="tabular">
              {r.citizen.national_id_masked}
            </Text>
          </Stack>
        ),
      },
      { key: 'programme', header: t('allowances.programme'), render: (r) => enumLabel('ProgrammeCode', r.programme, r.programme_label_th) },
      { key: 'kind', header: t('allowances.kind'), render: (r) => enumLabel('RegistrationKind', r.kind, r.kind_label_th) },
      { key: 'village', header: t('citizens.village'), render: (r) => villages.label(r.citizen.village_id) || '—' },
      { key: 'received', header: t('allowances.receivedOn'), sortField: 'received_on', render: (r) => formatBeDate(r.received_on, lang) },
      { key: 'fy', header: t('allowances.fiscalYear'), render: (r) => r.fiscal_year ?? '—' },
      { key: 'start', header: t('allowances.startMonth'), sortField: 'start_month', render: (r) => (r.start_month ? monthText(r.start_month, lang) : '—') },
      { key: 'state', header: t('allowances.state'), sortField: 'state', render: (r) => <RegistrationStateBadge registration={r} /> },
    ],
    [t, lang, villages],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'select', name: 'programme', label: t('allowances.programme'), options: programmes, width: 220 },
      { kind: 'select', name: 'village_id', label: t('citizens.village'), options: villages.options, searchable: true },
      { kind: 'select', name: 'state', label: t('allowances.state'), options: enumOptions('RegistrationState', REGISTRATION_STATES), width: 240 },
      { kind: 'select', name: 'fiscal_year', label: t('allowances.fiscalYear'), options: fiscalYearOptions(), width: 140 },
    ],
    [t, villages.options, programmes],
  );

  // The export follows the programme chosen in the list (the API filters exports by programme only).
  const programme = search.get('programme') ?? undefined;
  const fiscalYear = search.get('fiscal_year') ?? undefined;
  // The public notice (ประกาศรายชื่อ) is of one programme and fiscal year, and never of health data.
  const noticeClosed = !programme || !fiscalYear ? t('allowances.noticeNeedsFilters') : SENSITIVE_PROGRAMMES.includes(programme as ProgrammeCode) ? (translateCode('codes', 'allowance.notice_not_public') ?? '') : null;
  const [printing, setPrinting] = useState(false);
  const printNotice = async () => {
    setPrinting(true);
    try {
      await openPdf({ path: '/api/v1/allowances/programmes/{programme}/notice.pdf', params: { programme: programme ?? '' }, query: { fiscal_year: fiscalYear } });
    } catch (error) {
      notifications.show({ color: 'red', title: t('allowances.printFailed'), message: problemText(t, error) });
    } finally {
      setPrinting(false);
    }
  };
  const exportExcel = async () => {
    setExporting(true);
    try {
      await downloadFile({ path: '/api/v1/exports/beneficiaries.xlsx', query: { programme } });
    } catch (error) {
      notifications.show({ color: 'red', title: t('allowances.exportFailed'), message: problemText(t, error) });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 20rem' }}>
          {t('allowances.beneficiariesIntro')}
        </Text>
        <Group gap="sm" align="flex-start">
          <Stack gap={4} maw={300}>
            <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} loading={printing} disabled={noticeClosed !== null} aria-describedby={noticeClosed ? 'notice-closed' : undefined} onClick={() => void printNotice()}>
              {t('allowances.printNotice')}
            </Button>
            {noticeClosed ? (
              <Text size="xs" c="dimmed" id="notice-closed">
                {noticeClosed}
              </Text>
            ) : null}
          </Stack>
          <Button variant="light" leftSection={<IconFileSpreadsheet size={16} aria-hidden />} loading={exporting} onClick={() => void exportExcel()}>
            {programme ? t('allowances.exportProgramme', { programme: enumLabel('ProgrammeCode', programme) }) : t('allowances.exportAll')}
          </Button>
        </Group>
      </Group>
      <PagedList id="registrations" caption={t('allowances.tabs.beneficiaries')} fetchPage={fetchRegistrations} columns={columns} filters={filters} rowKey={(r) => r.id} defaultSort="-received_on" emptyText={t('allowances.noRegistrations')} />
    </Stack>
  );
}

function Payrolls() {
  const { t } = useTranslation();
  const lang = currentLang();
  const canPrepare = useCan(PREPARE_PAYROLL);
  const programmes = useVisibleProgrammes();
  const [creating, setCreating] = useState(false);

  const columns = useMemo<Column<Payroll>[]>(
    () => [
      {
        key: 'month',
        header: t('allowances.month'),
        sortField: 'month',
        render: (p) => (
          <Anchor component={Link} to={`/allowances/payrolls/${p.id}`} fw={600}>
            {monthText(p.month, lang)}
          </Anchor>
        ),
      },
      { key: 'programme', header: t('allowances.programme'), render: (p) => enumLabel('ProgrammeCode', p.programme, p.programme_label_th) },
      { key: 'payer', header: t('allowances.payer'), render: (p) => enumLabel('Payer', p.payer, p.payer_label_th) },
      { key: 'lines', header: t('allowances.lineCount'), align: 'right', render: (p) => p.line_count.toLocaleString(lang === 'th' ? 'th-TH' : 'en-GB') },
      { key: 'total', header: t('allowances.total'), align: 'right', render: (p) => formatBaht(p.total, lang) },
      {
        key: 'state',
        header: t('allowances.state'),
        render: (p) => (
          <Group gap={4}>
            <PayrollStateBadge payroll={p} />
            {p.failed_count > 0 ? (
              <Badge variant="light" color="red">
                {t('allowances.failedCount', { count: p.failed_count })}
              </Badge>
            ) : null}
          </Group>
        ),
      },
    ],
    [t, lang],
  );

  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'select', name: 'programme', label: t('allowances.programme'), options: programmes, width: 220 },
      { kind: 'select', name: 'fiscal_year', label: t('allowances.fiscalYear'), options: fiscalYearOptions(), width: 140 },
      { kind: 'select', name: 'state', label: t('allowances.state'), options: enumOptions('PayrollState', PAYROLL_STATES), width: 220 },
    ],
    [t, programmes],
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 20rem' }}>
          {t('allowances.payrollsIntro')}
        </Text>
        {canPrepare ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t('allowances.newPayroll')}
          </Button>
        ) : null}
      </Group>
      <PagedList id="payrolls" prefix="payrolls" caption={t('allowances.tabs.payrolls')} fetchPage={fetchPayrolls} columns={columns} filters={filters} rowKey={(p) => p.id} defaultSort="-month" emptyText={t('allowances.noPayrolls')} />
      <NewPayrollModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
