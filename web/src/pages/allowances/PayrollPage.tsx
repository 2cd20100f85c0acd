// One month's payroll for a programme: what it adds up to, its steps (check → approve → export →
// mark paid) in the StepTracker every process shares, the files it hands out (roster XLSX/PDF,
// the bank transfer file when the organisation pays itself), and its lines — each of which can be
// recorded as failed while the payroll is out with the bank.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Group, Modal, Select, Stack, Text, Textarea, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileSpreadsheet, IconFileTypePdf, IconLock, IconRefresh } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { problemText } from '../../api/problem';
import { useFireTransition, workflowQuery } from '../../api/workflow';
import {
  FAILURE_REASONS,
  LINE_STATUSES,
  PAYROLL_SUBJECT,
  PAY_PAYROLL,
  PREPARE_PAYROLL,
  downloadFile,
  failLine,
  fetchPayroll,
  fetchPayrollLines,
  payrollKey,
  payrollStaleKeys,
  recomputePayroll,
  type FailureReason,
  type FileRequest,
  type Payroll,
  type PayrollLine,
} from '../../api/allowances';
import { BeDateInput } from '../../components/BeDateInput';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { StepTracker } from '../../components/StepTracker/StepTracker';
import { currentLang } from '../../i18n';
import { enumLabel, enumOptions } from '../../lib/labels';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { formatBaht, formatBeDate, formatBeDateTime } from '../../lib/thai';
import { PayrollStateBadge } from './badges';
import { monthText, todayIso } from './months';

export function PayrollPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const query = useQuery({ queryKey: payrollKey(id), queryFn: () => fetchPayroll(id) });
  const params = { payroll_id: id };
  const view = useQuery(workflowQuery(PAYROLL_SUBJECT, params));
  const fire = useFireTransition(PAYROLL_SUBJECT, params, payrollStaleKeys(id));

  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const p = query.data;
  const title = t('allowances.payrollTitle', { programme: enumLabel('ProgrammeCode', p.programme, p.programme_label_th), month: monthText(p.month, lang) });

  return (
    <Stack gap="lg">
      <PageHeader
        title={title}
        crumbs={[{ label: t('allowances.title'), to: '/allowances?tab=payrolls' }]}
        badge={<PayrollStateBadge payroll={p} size="lg" />}
        intro={enumLabel('Payer', p.payer, p.payer_label_th)}
      />
      <Summary payroll={p} />
      <Files payroll={p} />
      <Stack gap="sm" component="section" aria-labelledby="payroll-process-title">
        <Title order={2} size="h3" id="payroll-process-title">
          {t('allowances.payrollSteps')}
        </Title>
        {view.isPending ? <LoadingView /> : null}
        {view.isError ? <ErrorView error={view.error} onRetry={() => void view.refetch()} /> : null}
        {view.data ? <StepTracker view={view.data} subjectKey={`payrolls.${p.id}`} onTransition={fire} /> : null}
      </Stack>
      <Lines payroll={p} />
    </Stack>
  );
}

function Summary({ payroll: p }: { payroll: Payroll }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const canPrepare = useCan(PREPARE_PAYROLL);
  const [busy, setBusy] = useState(false);
  const recompute = async () => {
    setBusy(true);
    try {
      const updated = await recomputePayroll(p.id);
      queryClient.setQueryData(payrollKey(p.id), updated);
      await Promise.all(payrollStaleKeys(p.id).slice(1).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      await queryClient.invalidateQueries({ queryKey: ['workflow', PAYROLL_SUBJECT] });
      notifications.show({ color: 'teal', message: t('allowances.recomputed', { count: updated.line_count }) });
    } catch (error) {
      notifications.show({ color: 'red', message: problemText(t, error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="lg" radius="md">
      <Group justify="space-between" align="flex-start" gap="md">
        <div style={{ flex: '1 1 32rem' }}>
          <DetailList
            cols={3}
            label={t('allowances.summary')}
            items={[
              { label: t('allowances.lineCount'), value: <span data-testid="payroll-lines">{p.line_count.toLocaleString(lang === 'th' ? 'th-TH' : 'en-GB')}</span> },
              { label: t('allowances.total'), value: <span data-testid="payroll-total">{formatBaht(p.total, lang)}</span> },
              { label: t('allowances.failedLines'), value: p.failed_count > 0 ? <Text span c="red.8" fw={600}>{p.failed_count}</Text> : '0' },
              { label: t('allowances.fiscalYear'), value: p.fiscal_year },
              { label: t('allowances.computedAt'), value: formatBeDateTime(p.computed_at, lang) },
              { label: t('fields.exported_on'), value: formatBeDate(p.exported_on, lang, 'long') },
              { label: t('fields.paid_on'), value: formatBeDate(p.paid_on, lang, 'long') },
            ]}
          />
        </div>
        {p.state === 'draft' && canPrepare ? (
          <Button variant="light" leftSection={<IconRefresh size={16} aria-hidden />} loading={busy} onClick={() => void recompute()}>
            {t('allowances.recompute')}
          </Button>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed" mt="md">
        {t('allowances.totalsNote')}
      </Text>
    </Card>
  );
}

/** The files, each with the reason when it cannot be had (yet). */
function Files({ payroll: p }: { payroll: Payroll }) {
  const { t } = useTranslation();
  const bankClosed = p.payer === 'cgd' ? t('allowances.bankFileCgd') : null;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="files-title">
      <Title order={2} size="h4" id="files-title" mb="xs">
        {t('allowances.files')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {p.payer === 'cgd' ? t('allowances.filesIntroCgd') : t('allowances.filesIntroLao')}
      </Text>
      <Group gap="sm" align="flex-start">
        <FileButton label={t('allowances.rosterXlsx')} icon={<IconFileSpreadsheet size={16} aria-hidden />} request={{ path: '/api/v1/allowances/payrolls/{payroll_id}/roster.xlsx', params: { payroll_id: p.id } }} />
        <FileButton label={t('allowances.rosterPdf')} icon={<IconFileTypePdf size={16} aria-hidden />} request={{ path: '/api/v1/allowances/payrolls/{payroll_id}/roster.pdf', params: { payroll_id: p.id } }} />
        <FileButton label={t('allowances.bankFile')} icon={<IconDownload size={16} aria-hidden />} request={{ path: '/api/v1/allowances/payrolls/{payroll_id}/bank-file', params: { payroll_id: p.id } }} closedBecause={bankClosed} />
      </Group>
    </Card>
  );
}

function FileButton({ label, icon, request, closedBecause = null }: { label: string; icon: React.ReactNode; request: FileRequest; closedBecause?: string | null }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const reasonId = `file-reason-${label}`.replace(/[^\w-]/g, '-');
  const save = async () => {
    setBusy(true);
    try {
      await downloadFile(request);
    } catch (error) {
      notifications.show({ color: 'red', title: t('allowances.downloadFailed'), message: problemText(t, error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} maw={320}>
      <Button variant="light" leftSection={icon} loading={busy} disabled={closedBecause !== null} aria-describedby={closedBecause ? reasonId : undefined} onClick={() => void save()}>
        {label}
      </Button>
      {closedBecause ? (
        <Group gap={6} wrap="nowrap" id={reasonId}>
          <ThemeIcon size="xs" variant="transparent" color="gray" aria-hidden>
            <IconLock size={12} />
          </ThemeIcon>
          <Text size="sm" c="dimmed">
            {closedBecause}
          </Text>
        </Group>
      ) : null}
    </Stack>
  );
}

const LINE_COLOR: Record<string, string> = { pending: 'gray', exported: 'blue', paid: 'teal', failed: 'red' };

function Lines({ payroll: p }: { payroll: Payroll }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const canPay = useCan(PAY_PAYROLL);
  const [failing, setFailing] = useState<PayrollLine | null>(null);
  // The API takes failures only while the payroll is out with the bank (exported).
  const failOpen = canPay && p.state === 'exported';

  const columns = useMemo<Column<PayrollLine>[]>(
    () => [
      {
        key: 'name',
        header: t('allowances.person'),
        render: (l) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/allowances/registrations/${l.registration_id}`}>
              {l.full_name_th}
            </Anchor>
            <Text size="xs" c="dimmed" className="tabular">
              {l.national_id_masked}
            </Text>
          </Stack>
        ),
      },
      {
        key: 'month',
        header: t('allowances.monthPaid'),
        sortField: 'month_paid',
        render: (l) => (
          <>
            {monthText(l.month_paid, lang)}
            {l.is_back_pay ? (
              <Badge ml={6} size="sm" variant="light" color="orange">
                {t('registrations.backPay')}
              </Badge>
            ) : null}
          </>
        ),
      },
      { key: 'band', header: t('allowances.band'), render: (l) => `${l.band_label_th}${l.age !== null && l.age !== undefined ? ` (${t('citizens.years', { count: l.age })})` : ''}` },
      { key: 'amount', header: t('allowances.amount'), sortField: 'amount', align: 'right', render: (l) => formatBaht(l.amount, lang) },
      { key: 'account', header: t('allowances.account'), render: (l) => (l.account_no_masked ? <Text size="sm" className="tabular">{`${l.bank_code ?? ''} ${l.account_no_masked}`.trim()}</Text> : t('allowances.noAccount')) },
      {
        key: 'status',
        header: t('allowances.state'),
        render: (l) => (
          <Stack gap={2}>
            <Badge variant="light" color={LINE_COLOR[l.status] ?? 'gray'}>
              {enumLabel('LineStatus', l.status)}
            </Badge>
            {l.status === 'failed' ? (
              <Text size="xs" c="dimmed">
                {enumLabel('FailureReason', l.failure_reason)} · {formatBeDate(l.failed_on, lang)}
              </Text>
            ) : null}
          </Stack>
        ),
      },
      {
        key: 'actions',
        header: t('allowances.lineActions'),
        render: (l) =>
          failOpen && l.status !== 'failed' ? (
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => setFailing(l)} aria-label={t('allowances.markFailedOf', { name: l.full_name_th, month: monthText(l.month_paid, lang) })}>
              {t('allowances.markFailed')}
            </Button>
          ) : null,
      },
    ],
    [t, lang, failOpen],
  );
  const filters = useMemo<Filter[]>(() => [{ kind: 'select', name: 'status', label: t('allowances.state'), options: enumOptions('LineStatus', LINE_STATUSES), width: 180 }], [t]);

  return (
    <Stack gap="sm" component="section" aria-labelledby="lines-title">
      <Title order={2} size="h3" id="lines-title">
        {t('allowances.lines')}
      </Title>
      <Text size="sm" c="dimmed">
        {failOpen ? t('allowances.failHint') : t('allowances.failClosed')}
      </Text>
      <PagedList id="payroll-lines" scope={[p.id]} prefix="lines" caption={t('allowances.lines')} fetchPage={(params) => fetchPayrollLines(p.id, params)} columns={columns} filters={filters} rowKey={(l) => l.id} defaultSort="month_paid" emptyText={t('allowances.noLines')} />
      <Modal opened={failing !== null} onClose={() => setFailing(null)} title={t('allowances.markFailed')} centered>
        {failing ? <FailLineForm payrollId={p.id} line={failing} onDone={() => setFailing(null)} /> : null}
      </Modal>
    </Stack>
  );
}

function FailLineForm({ payrollId, line, onDone }: { payrollId: string; line: PayrollLine; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: null as string | null, failed_on: todayIso() as string | null, note: '' },
    validate: { reason: (v) => (v ? null : t('form.required')), failed_on: (v) => (v ? null : t('form.required')) },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setError(null);
        try {
          await failLine(payrollId, line.id, { reason: values.reason as FailureReason, failed_on: values.failed_on!, note: values.note.trim() || null });
          await Promise.all(payrollStaleKeys(payrollId).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
          await queryClient.invalidateQueries({ queryKey: ['workflow', PAYROLL_SUBJECT] });
          notifications.show({ color: 'teal', message: t('allowances.lineFailed') });
          onDone();
        } catch (e) {
          form.setErrors(fieldErrorsFromProblem(e, (p) => (p === 'reason' || p === 'failed_on' || p === 'note' ? p : null)).fields);
          setError(e);
        }
      })}
    >
      <Stack gap="md">
        <Text size="sm">
          {line.full_name_th} · {monthText(line.month_paid, lang)} · {formatBaht(line.amount, lang)}
        </Text>
        <Text size="sm" c="dimmed">
          {t('allowances.failExplain')}
        </Text>
        <Select label={t('allowances.failureReason')} required allowDeselect={false} data={enumOptions('FailureReason', FAILURE_REASONS)} data-autofocus {...form.getInputProps('reason')} />
        <BeDateInput label={t('allowances.failedOn')} required {...form.getInputProps('failed_on')} />
        <Textarea label={t('allowances.note')} autosize minRows={2} maxLength={500} {...form.getInputProps('note')} />
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {problemText(t, error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" color="red" loading={form.submitting}>
            {t('allowances.markFailed')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
