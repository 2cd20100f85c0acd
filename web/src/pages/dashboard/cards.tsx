// The dashboard's figure cards: beneficiaries by programme and village, this month's payrolls,
// disability cards that lapse soon, projects by state. Each reads one endpoint and links to the
// list it summarises; a card the person may not read is not shown.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { IconAccessible, IconCoin, IconPresentation, IconUsers } from '@tabler/icons-react';
import {
  EXPIRING_DAYS,
  fetchBeneficiaries,
  fetchExpiringCards,
  fetchMonthPayrolls,
  fetchProjectReport,
  foldBeneficiaries,
  thisMonth,
  type Payroll,
} from '../../api/dashboard';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { DashCard, Figure, HBars } from './parts';

const PROGRAMME_COLORS: Record<string, string> = { elderly: 'blue', disability: 'teal', hiv: 'grape' };
const PAYROLL_STATES = ['draft', 'checked', 'approved', 'exported', 'paid', 'partly_failed'] as const;

export function BeneficiariesCard() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['dashboard', 'beneficiaries'], queryFn: fetchBeneficiaries });
  return (
    <DashCard
      testId="card-beneficiaries"
      span
      title={t('dashboard.beneficiaries.title')}
      icon={<IconUsers size={20} />}
      to="/allowances"
      query={query}
      isEmpty={(report) => report.total === 0}
      emptyText={t('dashboard.beneficiaries.none')}
    >
      {(report) => {
        const { programmes, villages } = foldBeneficiaries(report.rows);
        const codes = programmes.map((p) => p.programme);
        return (
          <Stack gap="md">
            <Figure value={report.total.toLocaleString('th-TH')} caption={t('dashboard.beneficiaries.total', { date: formatBeDate(report.on, currentLang()) })} testId="beneficiaries-total" />
            <HBars
              label={t('dashboard.beneficiaries.byProgramme')}
              bars={programmes.map((p) => ({ key: p.programme, label: enumLabel('ProgrammeCode', p.programme), value: p.count, color: PROGRAMME_COLORS[p.programme] }))}
            />
            <Table.ScrollContainer minWidth={420}>
              <Table striped verticalSpacing={4} fz="sm" aria-label={t('dashboard.beneficiaries.byVillage')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dashboard.beneficiaries.village')}</Table.Th>
                    {codes.map((code) => (
                      <Table.Th key={code} ta="right">
                        {enumLabel('ProgrammeCode', code)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right">{t('dashboard.beneficiaries.sum')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {villages.map((v) => (
                    <Table.Tr key={v.key}>
                      <Table.Td>{v.village_no === null ? t('dashboard.beneficiaries.noVillage') : `${t('villages.number')} ${v.village_no} ${v.village_name ?? ''}`}</Table.Td>
                      {codes.map((code) => (
                        <Table.Td key={code} ta="right" className="tabular">
                          {(v.byProgramme[code] ?? 0).toLocaleString('th-TH')}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" fw={600} className="tabular">
                        {v.total.toLocaleString('th-TH')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        );
      }}
    </DashCard>
  );
}

function payrollColor(state: string): string {
  if (state === 'paid') return 'teal';
  if (state === 'partly_failed') return 'orange';
  if (state === 'draft') return 'gray';
  return 'blue';
}

export function PayrollCard() {
  const { t } = useTranslation();
  const lang = currentLang();
  const month = thisMonth();
  const query = useQuery({ queryKey: ['dashboard', 'payrolls', month], queryFn: () => fetchMonthPayrolls(month) });
  return (
    <DashCard
      testId="card-payroll"
      title={t('dashboard.payroll.title', { month: formatBeDate(month, lang, 'long').replace(/^1 /, '') })}
      icon={<IconCoin size={20} />}
      to="/allowances?tab=payrolls"
      query={query}
      isEmpty={(rows) => rows.length === 0}
      emptyText={t('dashboard.payroll.none')}
    >
      {(rows: Payroll[]) => (
        <Stack gap="sm">
          {rows.map((p) => {
            const step = Math.max(0, PAYROLL_STATES.indexOf(p.state as (typeof PAYROLL_STATES)[number]));
            return (
              <Stack key={p.id} gap={4}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/allowances/payrolls/${p.id}`} fw={600} size="sm">
                    {enumLabel('ProgrammeCode', p.programme, p.programme_label_th)}
                  </Anchor>
                  <Badge variant="light" color={payrollColor(p.state)}>
                    {t(`dashboard.payroll.states.${p.state}`, { defaultValue: p.state_label_th })}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" className="tabular">
                  {t('dashboard.payroll.lines', { count: p.line_count })} · {formatBaht(p.total, lang)}
                  {p.failed_count > 0 ? ` · ${t('dashboard.payroll.failed', { count: p.failed_count })}` : ''}
                </Text>
                {/* Where it is on its way to being paid: draft → checked → approved → exported → paid. */}
                <Group gap={3} aria-hidden wrap="nowrap">
                  {PAYROLL_STATES.slice(0, 5).map((s, i) => (
                    <div key={s} style={{ flex: 1, height: 6, borderRadius: 3, background: i <= Math.min(step, 4) ? `var(--mantine-color-${payrollColor(p.state)}-6)` : 'var(--mantine-color-gray-2)' }} />
                  ))}
                </Group>
              </Stack>
            );
          })}
        </Stack>
      )}
    </DashCard>
  );
}

export function ExpiringCardsCard() {
  const { t } = useTranslation();
  const lang = currentLang();
  const query = useQuery({ queryKey: ['dashboard', 'expiring', EXPIRING_DAYS], queryFn: fetchExpiringCards });
  return (
    <DashCard
      testId="card-expiring"
      title={t('dashboard.expiring.title', { days: EXPIRING_DAYS })}
      icon={<IconAccessible size={20} />}
      to="/disability-cards?tab=expiring"
      query={query}
      isEmpty={(page) => page.total === 0}
      emptyText={t('dashboard.expiring.none', { days: EXPIRING_DAYS })}
    >
      {(page) => (
        <Stack gap="xs">
          <Figure value={page.total.toLocaleString('th-TH')} caption={t('dashboard.expiring.count')} testId="expiring-total" />
          <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {page.items.map((c) => (
              <li key={c.card_id}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/citizens/${c.citizen_id}`} size="sm" fw={600} truncate>
                      {c.full_name_th}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {c.village_number !== null && c.village_number !== undefined ? `${t('villages.number')} ${c.village_number} · ` : ''}
                      {t('dashboard.expiring.expires', { date: formatBeDate(c.expires_on, lang) })}
                    </Text>
                  </Stack>
                  <Badge variant="light" color={c.days_left <= 14 ? 'red' : 'orange'} style={{ flexShrink: 0 }}>
                    {t('dashboard.expiring.daysLeft', { count: c.days_left })}
                  </Badge>
                </Group>
              </li>
            ))}
          </Stack>
        </Stack>
      )}
    </DashCard>
  );
}

const PROJECT_COLORS: Record<string, string> = { closed: 'teal', running: 'blue', rejected: 'red', cancelled: 'gray', submitted: 'grape', approved: 'cyan' };

export function ProjectsCard() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['dashboard', 'projects-report'], queryFn: fetchProjectReport });
  return (
    <DashCard
      testId="card-projects"
      title={t('dashboard.projects.title')}
      icon={<IconPresentation size={20} />}
      to="/projects"
      query={query}
      isEmpty={(report) => report.totals.projects === 0}
      emptyText={t('dashboard.projects.none')}
    >
      {(report) => (
        <Stack gap="xs">
          <Figure value={report.totals.projects.toLocaleString('th-TH')} caption={t('dashboard.projects.count')} testId="projects-total" />
          <HBars
            label={t('dashboard.projects.byState')}
            bars={report.by_state
              .filter((row) => row.projects > 0)
              .map((row) => ({
                key: row.key ?? '',
                label: enumLabel('ProjectState', row.key, row.label_th),
                value: row.projects,
                color: PROJECT_COLORS[row.key ?? ''] ?? 'indigo',
                to: row.key ? `/projects?state=${row.key}` : undefined,
              }))}
          />
        </Stack>
      )}
    </DashCard>
  );
}
