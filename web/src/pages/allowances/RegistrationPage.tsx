// One allowance registration: the wizard's signpost (where it stands, what to do next, the button
// for it), the documents checklist, the request form to print, every eligibility check with its
// reason, and the StepTracker every process shares — the wizard's buttons open its dialogs.
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Checkbox, Group, List, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconLock, IconPrinter, IconX } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { ApiError, problemText, translateCode } from '../../api/problem';
import { useVillages } from '../../api/villages';
import { useFireTransition, workflowQuery } from '../../api/workflow';
import {
  REGISTRATION_SUBJECT,
  WRITE_ALLOWANCES,
  fetchEligibility,
  fetchRegistration,
  openPdf,
  registrationKey,
  registrationStaleKeys,
  updateRegistration,
  type DocumentKind,
  type Registration,
} from '../../api/allowances';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { StepTracker } from '../../components/StepTracker/StepTracker';
import type { WorkflowAction, WorkflowView } from '../../components/StepTracker/types';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBeDate } from '../../lib/thai';
import { RegistrationStateBadge } from './badges';
import { WizardSteps } from './WizardSteps';
import { monthText } from './months';

// Code lists behind the evidence fields, so done steps read "บำนาญ", not "pension".
const EVIDENCE_CODES = { other_welfare: 'OtherWelfare', reason: 'AllowanceReason' };
const EDITABLE = new Set(['documents_received', 'recorded', 'verified']);
const PRINTABLE = new Set(['recorded', 'verified', 'approved', 'active', 'suspended', 'ended', 'rejected']);
const CHECKED = new Set(['documents_received', 'recorded', 'verified']);
/** The step the wizard leads to from each state. */
const NEXT: Record<string, string> = { documents_received: 'record', recorded: 'verify', verified: 'approve', approved: 'activate' };

export function RegistrationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const query = useQuery({ queryKey: registrationKey(id), queryFn: () => fetchRegistration(id) });
  const params = { registration_id: id };
  const view = useQuery(workflowQuery(REGISTRATION_SUBJECT, params));
  const fire = useFireTransition(REGISTRATION_SUBJECT, params, registrationStaleKeys(id, query.data?.citizen_id));

  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;

  return (
    <Stack gap="lg">
      <PageHeader
        title={r.citizen.full_name_th}
        crumbs={[
          { label: t('allowances.title'), to: '/allowances' },
          { label: r.citizen.full_name_th, to: `/citizens/${r.citizen_id}` },
        ]}
        badge={<RegistrationStateBadge registration={r} size="lg" />}
        intro={[enumLabel('ProgrammeCode', r.programme, r.programme_label_th), enumLabel('RegistrationKind', r.kind, r.kind_label_th), r.citizen.national_id_masked].join(' · ')}
        actions={PRINTABLE.has(r.state) ? <PrintButton registration={r} /> : null}
      />
      <WizardSteps state={r.state} />
      {view.data ? <NextStep registration={r} view={view.data} /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Documents registration={r} />
        {CHECKED.has(r.state) ? <EligibilityChecks registrationId={r.id} /> : <Details registration={r} />}
      </SimpleGrid>
      {CHECKED.has(r.state) ? <Details registration={r} /> : null}
      <Stack gap="sm" component="section" aria-labelledby="process-title">
        <Title order={2} size="h3" id="process-title">
          {t('allowances.process')}
        </Title>
        {view.isPending ? <LoadingView /> : null}
        {view.isError ? <ErrorView error={view.error} onRetry={() => void view.refetch()} /> : null}
        {view.data ? <StepTracker view={view.data} subjectKey={`registrations.${r.id}`} onTransition={fire} codes={EVIDENCE_CODES} money={['annual_income']} /> : null}
      </Stack>
      <Text size="xs" c="dimmed">
        {t('allowances.updatedAt', { at: formatBeDate(r.updated_at, lang, 'long') })}
      </Text>
    </Stack>
  );
}

function PrintButton({ registration, variant = 'light' }: { registration: Registration; variant?: 'light' | 'filled' }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const print = async () => {
    setBusy(true);
    try {
      await openPdf({ path: '/api/v1/allowances/registrations/{registration_id}/request-form.pdf', params: { registration_id: registration.id } });
    } catch (error) {
      notifications.show({ color: 'red', title: t('allowances.printFailed'), message: problemText(t, error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant={variant} leftSection={<IconPrinter size={16} aria-hidden />} loading={busy} onClick={() => void print()}>
      {t('allowances.printForm')}
    </Button>
  );
}

/** What to do now, in words, with the button for it (the StepTracker's own dialog opens). */
function NextStep({ registration: r, view }: { registration: Registration; view: WorkflowView }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [, setSearch] = useSearchParams();
  const next = NEXT[r.state];
  const action: WorkflowAction | undefined = next ? view.actions.find((a) => a.transition === next) : undefined;
  const reject = view.actions.find((a) => a.transition === 'reject');
  const [rejecting, setRejecting] = useState(false);
  const open = (transition: string) =>
    setSearch((current) => {
      const params = new URLSearchParams(current);
      params.set('action', transition);
      return params;
    });

  const message =
    r.state === 'approved' || r.state === 'active'
      ? t(`allowances.next.${r.state}`, { month: r.start_month ? monthText(r.start_month, lang) : '—' })
      : t(`allowances.next.${r.state}`, { defaultValue: '' });
  if (!message && !action) return null;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="next-title" bg="var(--mantine-color-blue-light)">
      <Stack gap="sm">
        <Title order={2} size="h4" id="next-title">
          {t('allowances.nextTitle')}
        </Title>
        {message ? <Text>{message}</Text> : null}
        <Group gap="sm">
          {r.state === 'recorded' || r.state === 'verified' ? <PrintButton registration={r} variant={r.state === 'recorded' ? 'filled' : 'light'} /> : null}
          {action ? (
            <Button variant={r.state === 'recorded' ? 'light' : 'filled'} disabled={!action.allowed} onClick={() => open(action.transition)} data-testid="wizard-next">
              {lang === 'en' ? action.label_en || action.label_th : action.label_th}
            </Button>
          ) : null}
          {r.state === 'verified' && reject?.allowed ? (
            <Button variant="light" color="red" onClick={() => setRejecting(true)}>
              {t('allowances.rejectWithReason')}
            </Button>
          ) : null}
        </Group>
        <Modal opened={rejecting} onClose={() => setRejecting(false)} title={t('allowances.rejectWithReason')} centered>
          {rejecting ? <RejectForm registrationId={r.id} citizenId={r.citizen_id} onDone={() => setRejecting(false)} /> : null}
        </Modal>
        {action && !action.allowed ? (
          <Group gap={6} wrap="nowrap">
            <ThemeIcon size="xs" variant="transparent" color="gray" aria-hidden>
              <IconLock size={12} />
            </ThemeIcon>
            <Text size="sm" c="dimmed" data-testid="wizard-reason">
              {t('workflow.closedBecause', { reason: translateCode('codes', action.reason_code) ?? action.reason_code ?? t('workflow.unknownReason') })}
            </Text>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

/**
 * Rejecting with a reason chosen from the regulation's checks (the failing ones first), not a
 * code typed from memory; the same `reject` step the StepTracker offers.
 */
function RejectForm({ registrationId, citizenId, onDone }: { registrationId: string; citizenId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const fire = useFireTransition(REGISTRATION_SUBJECT, { registration_id: registrationId }, registrationStaleKeys(registrationId, citizenId));
  const checks = useQuery({ queryKey: ['allowance-eligibility', registrationId], queryFn: () => fetchEligibility(registrationId) });
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason_code: null as string | null, note: '' },
    validate: { reason_code: (v) => (v ? null : t('form.required')), note: (v) => (v.trim() ? null : t('form.required')) },
  });
  const all = [...(checks.data?.checks ?? [])].sort((a, b) => Number(a.passed) - Number(b.passed));
  const options = [
    ...all.map((c) => ({ value: c.code, label: `${translateCode('codes', c.code) ?? c.label_th}${c.passed ? '' : ` (${t('allowances.checkFailed')})`}` })),
    { value: 'allowance.other', label: translateCode('codes', 'allowance.other') ?? 'allowance.other' },
  ];
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setError(null);
        try {
          await fire('reject', { evidence: { reason_code: values.reason_code! }, note: values.note.trim() });
          notifications.show({ color: 'teal', message: t('workflow.done') });
          onDone();
        } catch (e) {
          setError(e);
        }
      })}
    >
      <Stack gap="md">
        <Select label={t('allowances.rejectReason')} required allowDeselect={false} data={options} data-autofocus {...form.getInputProps('reason_code')} />
        <Textarea label={t('workflow.note')} required autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
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
            {t('allowances.rejectWithReason')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The checklist: each document ticked as it is received, with the scan's reference if scanned. */
function Documents({ registration: r }: { registration: Registration }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan(WRITE_ALLOWANCES);
  const editable = canWrite && EDITABLE.has(r.state);
  const [received, setReceived] = useState<Record<string, boolean>>(() => Object.fromEntries(r.documents.map((d) => [d.kind, d.received])));
  const [refs, setRefs] = useState<Record<string, string>>(() => Object.fromEntries(r.documents.map((d) => [d.kind, d.file_ref ?? ''])));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const changed = r.documents.some((d) => received[d.kind] !== d.received || (refs[d.kind] ?? '') !== (d.file_ref ?? ''));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const updated = await updateRegistration(r.id, r.version, {
        documents: r.documents.map((d) => ({ kind: d.kind as DocumentKind, received: Boolean(received[d.kind]), file_ref: refs[d.kind]?.trim() || null })),
      });
      queryClient.setQueryData(registrationKey(r.id), updated);
      await Promise.all(registrationStaleKeys(r.id).slice(1).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      await queryClient.invalidateQueries({ queryKey: ['workflow', REGISTRATION_SUBJECT] });
      notifications.show({ color: 'teal', message: t('allowances.documentsSaved') });
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="docs-title">
      <Title order={2} size="h4" id="docs-title" mb="md">
        {t('allowances.documents')}
      </Title>
      <Stack gap="sm">
        {r.documents.map((d) =>
          editable ? (
            <Stack key={d.kind} gap={4}>
              <Checkbox
                label={`${enumLabel('AllowanceDocument', d.kind, d.label_th)}${d.required ? '' : ` (${t('allowances.optional')})`}`}
                checked={Boolean(received[d.kind])}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setReceived((current) => ({ ...current, [d.kind]: checked }));
                }}
              />
              <TextInput
                size="xs"
                ml={32}
                label={t('allowances.scanRef', { document: enumLabel('AllowanceDocument', d.kind, d.label_th) })}
                placeholder={t('allowances.scanRefHint')}
                maxLength={300}
                value={refs[d.kind] ?? ''}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setRefs((current) => ({ ...current, [d.kind]: value }));
                }}
              />
            </Stack>
          ) : (
            <Group key={d.kind} gap="xs" wrap="nowrap" align="flex-start">
              <ThemeIcon size="sm" radius="xl" variant="light" color={d.received ? 'teal' : 'gray'} aria-hidden>
                {d.received ? <IconCheck size={14} /> : <IconX size={14} />}
              </ThemeIcon>
              <Text size="sm">
                {enumLabel('AllowanceDocument', d.kind, d.label_th)} — {d.received ? t('allowances.received') : t('allowances.notReceived')}
                {d.file_ref ? ` · ${t('allowances.scan')}: ${d.file_ref}` : ''}
              </Text>
            </Group>
          ),
        )}
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {problemText(t, error)}
            {error instanceof ApiError && error.code === 'conflict.stale_version' ? ` ${t('allowances.reloadHint')}` : ''}
          </Alert>
        ) : null}
        {editable ? (
          <Group justify="flex-end">
            <Button variant="light" disabled={!changed} loading={saving} onClick={() => void save()}>
              {t('allowances.saveDocuments')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

/** Every check of the regulation as the registry stands today, each failure with its reason. */
function EligibilityChecks({ registrationId }: { registrationId: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['allowance-eligibility', registrationId], queryFn: () => fetchEligibility(registrationId) });
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="checks-title">
      <Group justify="space-between" mb="md" align="baseline">
        <Title order={2} size="h4" id="checks-title">
          {t('allowances.eligibility')}
        </Title>
        {query.data ? (
          <Text size="sm" fw={600} c={query.data.eligible ? 'teal.8' : 'red.8'} data-testid="eligibility-verdict">
            {query.data.eligible ? t('allowances.eligible') : t('allowances.notEligible')}
          </Text>
        ) : null}
      </Group>
      {query.isPending ? <LoadingView /> : null}
      {query.isError ? <ErrorView error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <List spacing="xs" listStyleType="none" data-testid="eligibility-checks">
          {query.data.checks.map((c) => (
            <List.Item
              key={c.code}
              data-passed={c.passed}
              icon={
                <ThemeIcon size="sm" radius="xl" variant="light" color={c.passed ? 'teal' : 'red'} aria-hidden>
                  {c.passed ? <IconCheck size={14} /> : <IconX size={14} />}
                </ThemeIcon>
              }
            >
              <Text size="sm">
                <Text span fw={c.passed ? undefined : 600}>
                  {c.label_th}
                </Text>
                <Text span c="dimmed">
                  {' — '}
                  {c.passed ? t('allowances.checkPassed') : t('allowances.checkFailed')}
                </Text>
              </Text>
              {!c.passed ? (
                <Text size="sm" c="red.8">
                  {translateCode('codes', c.code) ?? c.code}
                  {c.detail ? ` (${c.detail})` : ''}
                </Text>
              ) : null}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Card>
  );
}

function Details({ registration: r }: { registration: Registration }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const date = (value: string | null | undefined) => (value ? formatBeDate(value, lang, 'long') : '');
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="details-title">
      <Title order={2} size="h4" id="details-title" mb="md">
        {t('allowances.details')}
      </Title>
      <DetailList
        label={t('allowances.details')}
        items={[
          {
            label: t('allowances.person'),
            value: (
              <Anchor component={Link} to={`/citizens/${r.citizen_id}`}>
                {r.citizen.full_name_th}
              </Anchor>
            ),
          },
          { label: t('citizens.birthDate'), value: date(r.citizen.birth_date) },
          { label: t('citizens.village'), value: villages.label(r.citizen.village_id) },
          { label: t('allowances.receivedOn'), value: date(r.received_on) },
          { label: t('allowances.fiscalYear'), value: r.fiscal_year ?? '' },
          { label: t('fields.request_no'), value: r.request_no },
          { label: t('allowances.paymentMethod'), value: r.payment_method === 'cash' ? t('allowances.byCash') : t('allowances.byBank') },
          { label: t('allowances.startMonth'), value: r.start_month ? monthText(r.start_month, lang) : '' },
          { label: t('allowances.verifiedOn'), value: date(r.verified_on) },
          { label: t('allowances.approvedOn'), value: date(r.approved_on) },
          ...(r.end_month ? [{ label: t('allowances.endMonth'), value: `${monthText(r.end_month, lang)}${r.end_reason ? ` · ${enumLabel('AllowanceReason', r.end_reason, r.end_reason_label_th)}` : ''}` }] : []),
          ...(r.proxy_name ? [{ label: t('allowances.proxyName'), value: `${r.proxy_name}${r.proxy_relation ? ` (${r.proxy_relation})` : ''}` }] : []),
          ...(r.disability_card_no ? [{ label: t('allowances.cardNo'), value: `${r.disability_card_no}${r.disability_card_expires_on ? ` · ${t('allowances.cardExpiresOn', { date: date(r.disability_card_expires_on) })}` : ''}` }] : []),
          ...(r.note ? [{ label: t('allowances.note'), value: r.note, wide: true }] : []),
        ]}
      />
    </Card>
  );
}
