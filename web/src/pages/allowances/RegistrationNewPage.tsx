// The first step of the registration wizard: who (a citizen, from their page or searched here),
// which programme (and, for the elderly, "register" or "confirm the right"), and the documents
// received, each ticked. Saving starts the registration; the rest of the steps are on its page.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Checkbox, Group, Radio, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { ApiError, problemText } from '../../api/problem';
import { citizenKey, fetchCitizen, fetchCitizens } from '../../api/citizens';
import {
  createRegistration,
  fetchProgrammes,
  fetchWindows,
  programmesKey,
  type DocumentKind,
  type Programme,
  type ProgrammeCode,
  type RegistrationKind,
  type Window,
} from '../../api/allowances';
import { BeDateInput } from '../../components/BeDateInput';
import { PageHeader } from '../../components/PageHeader';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { formatBeDate, type Lang } from '../../lib/thai';
import { WizardSteps } from './WizardSteps';
import { monthText, todayIso } from './months';

const today = todayIso;

interface Values {
  citizen_id: string | null;
  programme: ProgrammeCode;
  kind: RegistrationKind;
  received_on: string | null;
  received: Partial<Record<DocumentKind, boolean>>;
  file_refs: Partial<Record<DocumentKind, string>>;
  payment_method: 'bank' | 'cash';
  proxy_name: string;
  proxy_relation: string;
  disability_card_no: string;
  disability_card_expires_on: string | null;
  welfare_card_holder: boolean;
  consent_by: 'self' | 'guardian';
  guardian_name: string;
  guardian_relation: string;
  consented_on: string | null;
  consent_file_ref: string;
  note: string;
}

const FORM_FIELDS = new Set(['citizen_id', 'programme', 'kind', 'received_on', 'payment_method', 'proxy_name', 'proxy_relation', 'disability_card_no', 'disability_card_expires_on', 'welfare_card_holder', 'note']);
// The consent's fields come back from the API as `consent.<field>`.
const CONSENT_FIELDS: Record<string, string> = { 'consent.given_by': 'consent_by', 'consent.guardian_name': 'guardian_name', 'consent.guardian_relation': 'guardian_relation', 'consent.consented_on': 'consented_on', 'consent.file_ref': 'consent_file_ref', consent: 'consent_by' };

export function RegistrationNewPage() {
  const { t } = useTranslation();
  const programmes = useQuery({ queryKey: programmesKey, queryFn: fetchProgrammes, staleTime: 10 * 60_000 });
  if (programmes.isPending) return <LoadingView />;
  if (programmes.isError) return <ErrorView error={programmes.error} onRetry={() => void programmes.refetch()} />;
  return (
    <Stack gap="lg">
      <PageHeader title={t('allowances.newRegistration')} crumbs={[{ label: t('allowances.title'), to: '/allowances' }]} intro={t('allowances.newRegistrationIntro')} />
      <WizardSteps state={null} />
      <RegistrationForm programmes={programmes.data} />
    </Stack>
  );
}

function RegistrationForm({ programmes }: { programmes: Programme[] }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const fromCitizen = search.get('citizen');
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      citizen_id: fromCitizen,
      programme: 'elderly',
      kind: 'registration',
      received_on: today(),
      received: {},
      file_refs: {},
      payment_method: 'bank',
      proxy_name: '',
      proxy_relation: '',
      disability_card_no: '',
      disability_card_expires_on: null,
      welfare_card_holder: false,
      consent_by: 'self',
      guardian_name: '',
      guardian_relation: '',
      consented_on: today(),
      consent_file_ref: '',
      note: '',
    },
    validate: {
      citizen_id: (v) => (v ? null : t('form.required')),
      received_on: (v) => (v ? null : t('form.required')),
      guardian_name: (value, all) => (isSensitive(all.programme) && all.consent_by === 'guardian' && !value.trim() ? t('form.required') : null),
      consented_on: (value, all) => (isSensitive(all.programme) && !value ? t('form.required') : null),
    },
  });
  const v = form.values;
  const programme = programmes.find((p) => p.code === v.programme) ?? programmes[0]!;
  const kinds = Object.keys(programme.documents) as RegistrationKind[];
  const kind = kinds.includes(v.kind) ? v.kind : (kinds[0] ?? 'registration');
  const documents = programme.documents[kind] ?? [];
  function isSensitive(code: ProgrammeCode) {
    return programmes.find((p) => p.code === code)?.sensitive ?? false;
  }

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const created = await createRegistration({
        citizen_id: values.citizen_id!,
        programme: values.programme,
        kind,
        received_on: values.received_on,
        payment_method: values.payment_method,
        proxy_name: values.proxy_name.trim() || null,
        proxy_relation: values.proxy_relation.trim() || null,
        ...(programme.needs_disability_card
          ? { disability_card_no: values.disability_card_no.trim() || null, disability_card_expires_on: values.disability_card_expires_on }
          : {}),
        documents: documents.map((d) => ({ kind: d.kind, received: Boolean(values.received[d.kind]), file_ref: values.file_refs[d.kind]?.trim() || null })),
        welfare_card_holder: values.welfare_card_holder,
        // Health data is collected only with the person's explicit consent (PDPA s.26), taken here.
        ...(programme.sensitive
          ? {
              consent: {
                given_by: values.consent_by,
                guardian_name: values.consent_by === 'guardian' ? values.guardian_name.trim() : null,
                guardian_relation: values.consent_by === 'guardian' ? values.guardian_relation.trim() || null : null,
                consented_on: values.consented_on!,
                file_ref: values.consent_file_ref.trim() || null,
              },
            }
          : {}),
        note: values.note.trim() || null,
      });
      await queryClient.invalidateQueries({ queryKey: ['list'] });
      void navigate(`/allowances/registrations/${created.id}`);
    } catch (e) {
      form.setErrors(fieldErrorsFromProblem(e, (p) => (FORM_FIELDS.has(p) ? p : (CONSENT_FIELDS[p] ?? null))).fields);
      setError(e);
    }
  });

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="lg">
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="who-title">
          <Title order={2} size="h4" id="who-title" mb="md">
            {t('allowances.who')}
          </Title>
          <CitizenPicker value={v.citizen_id} fixed={fromCitizen !== null} onChange={(id) => form.setFieldValue('citizen_id', id)} error={form.errors.citizen_id} />
        </Card>

        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="programme-title">
          <Title order={2} size="h4" id="programme-title" mb="md">
            {t('allowances.whichProgramme')}
          </Title>
          <Stack gap="md">
            <Radio.Group label={t('allowances.programme')} required {...form.getInputProps('programme')}>
              <Stack gap="xs" mt="xs">
                {programmes.map((p) => (
                  <Radio key={p.code} value={p.code} label={enumLabel('ProgrammeCode', p.code, p.label_th)} description={p.regulation_th} />
                ))}
              </Stack>
            </Radio.Group>
            {kinds.length > 1 ? (
              <Radio.Group label={t('allowances.kind')} description={t('allowances.kindHint')} required value={kind} onChange={(value) => form.setFieldValue('kind', value as RegistrationKind)}>
                <Group gap="lg" mt="xs">
                  {kinds.map((k) => (
                    <Radio key={k} value={k} label={enumLabel('RegistrationKind', k)} />
                  ))}
                </Group>
              </Radio.Group>
            ) : null}
            <BeDateInput label={t('allowances.receivedOn')} required maxDate={today()} {...form.getInputProps('received_on')} />
            {programme.start_rule === 'elderly_cohort' && v.received_on ? <WindowHint programme={programme.code} day={v.received_on} lang={lang} /> : null}
          </Stack>
        </Card>

        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="documents-title">
          <Title order={2} size="h4" id="documents-title" mb={4}>
            {t('allowances.documents')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('allowances.documentsHint')}
          </Text>
          <Stack gap="sm">
            {documents.map((d) => (
              <SimpleGrid key={d.kind} cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing={4}>
                <Checkbox
                  label={enumLabel('AllowanceDocument', d.kind, d.label_th)}
                  checked={Boolean(v.received[d.kind])}
                  onChange={(event) => form.setFieldValue(`received.${d.kind}`, event.currentTarget.checked)}
                  mt={{ sm: 6 }}
                />
                <TextInput
                  size="sm"
                  label={t('allowances.scanRef', { document: enumLabel('AllowanceDocument', d.kind, d.label_th) })}
                  placeholder={t('allowances.scanRefHint')}
                  maxLength={300}
                  value={v.file_refs[d.kind] ?? ''}
                  onChange={(event) => form.setFieldValue(`file_refs.${d.kind}`, event.currentTarget.value)}
                />
              </SimpleGrid>
            ))}
          </Stack>
        </Card>

        {programme.sensitive ? (
          <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="consent-title">
            <Title order={2} size="h4" id="consent-title" mb={4}>
              {t('allowances.consent')}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {t('allowances.consentHint')}
            </Text>
            <Stack gap="md">
              <Radio.Group label={t('allowances.consentBy')} required {...form.getInputProps('consent_by')}>
                <Group gap="lg" mt="xs">
                  <Radio value="self" label={t('allowances.consentSelf')} />
                  <Radio value="guardian" label={t('allowances.consentGuardian')} />
                </Group>
              </Radio.Group>
              {v.consent_by === 'guardian' ? (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('allowances.guardianName')} required maxLength={200} {...form.getInputProps('guardian_name')} />
                  <TextInput label={t('allowances.guardianRelation')} maxLength={100} {...form.getInputProps('guardian_relation')} />
                </SimpleGrid>
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <BeDateInput label={t('allowances.consentedOn')} required maxDate={today()} {...form.getInputProps('consented_on')} />
                <TextInput label={t('allowances.consentScan')} placeholder={t('allowances.scanRefHint')} maxLength={300} {...form.getInputProps('consent_file_ref')} />
              </SimpleGrid>
            </Stack>
          </Card>
        ) : null}

        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="payment-title">
          <Title order={2} size="h4" id="payment-title" mb="md">
            {t('allowances.paymentAndProxy')}
          </Title>
          <Stack gap="md">
            <Radio.Group label={t('allowances.paymentMethod')} {...form.getInputProps('payment_method')}>
              <Group gap="lg" mt="xs">
                <Radio value="bank" label={t('allowances.byBank')} />
                <Radio value="cash" label={t('allowances.byCash')} />
              </Group>
            </Radio.Group>
            <Checkbox label={t('allowances.welfareCard')} description={t('allowances.welfareCardHint')} {...form.getInputProps('welfare_card_holder', { type: 'checkbox' })} />
            {programme.needs_disability_card ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('allowances.cardNo')} maxLength={40} {...form.getInputProps('disability_card_no')} />
                <BeDateInput label={t('allowances.cardExpires')} {...form.getInputProps('disability_card_expires_on')} />
              </SimpleGrid>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('allowances.proxyName')} maxLength={200} {...form.getInputProps('proxy_name')} />
              <TextInput label={t('allowances.proxyRelation')} maxLength={100} {...form.getInputProps('proxy_relation')} />
            </SimpleGrid>
            <Textarea label={t('allowances.note')} autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
          </Stack>
        </Card>

        {error ? (
          <Alert color="red" variant="light" role="alert">
            {problemText(t, error)}
            {error instanceof ApiError && error.code === 'allowance.duplicate_registration' && v.citizen_id ? (
              <>
                {' '}
                <Anchor component={Link} to={`/citizens/${v.citizen_id}?tab=registrations`}>
                  {t('allowances.seeRegistrations')}
                </Anchor>
              </>
            ) : null}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" component={Link} to={fromCitizen ? `/citizens/${fromCitizen}` : '/allowances'}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('allowances.receiveDocuments')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The person: fixed when the wizard starts from their page, else searched by name or ID. */
function CitizenPicker({ value, fixed, onChange, error }: { value: string | null; fixed: boolean; onChange: (id: string | null) => void; error?: React.ReactNode }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const chosen = useQuery({ queryKey: citizenKey(value ?? ''), queryFn: () => fetchCitizen(value!), enabled: Boolean(value) });
  const digits = debounced.replace(/[\s-]/g, '');
  const found = useQuery({
    queryKey: ['citizen-picker', debounced],
    queryFn: () => fetchCitizens({ page: 1, pageSize: 20, sort: null, filters: /^\d{13}$/.test(digits) ? { national_id: digits } : { q: debounced } }),
    enabled: !fixed && debounced.length >= 2,
  });
  const options = useMemo(() => {
    const rows = (found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.full_name_th} · ${c.national_id_masked}` }));
    if (chosen.data && !rows.some((r) => r.value === chosen.data.id)) rows.unshift({ value: chosen.data.id, label: `${chosen.data.full_name_th} · ${chosen.data.national_id_masked}` });
    return rows;
  }, [found.data, chosen.data]);

  // The search box shows the chosen person once they have loaded.
  useEffect(() => {
    if (chosen.data && !text) setText(`${chosen.data.full_name_th} · ${chosen.data.national_id_masked}`);
  }, [chosen.data, text]);

  if (fixed) {
    if (chosen.isPending) return <LoadingView />;
    if (chosen.isError) return <ErrorView error={chosen.error} />;
    const c = chosen.data;
    return (
      <Group gap="sm" data-testid="registration-citizen">
        <Anchor component={Link} to={`/citizens/${c.id}`} fw={600}>
          {c.full_name_th}
        </Anchor>
        <Text className="tabular">{c.national_id_masked}</Text>
        {c.age !== null && c.age !== undefined ? <Text c="dimmed">{t('citizens.years', { count: c.age })}</Text> : null}
      </Group>
    );
  }
  return (
    <Select
      label={t('allowances.citizen')}
      description={t('allowances.citizenHint')}
      required
      searchable
      clearable
      data={options}
      value={value}
      onChange={onChange}
      searchValue={text}
      onSearchChange={setText}
      // The API has already matched names (tone marks and spaces ignored); do not filter again.
      filter={({ options: all }) => all}
      nothingFoundMessage={debounced.length >= 2 && !found.isFetching ? t('list.nothingFound') : t('allowances.typeToSearch')}
      error={error}
    />
  );
}

/** Which registration window the day falls in, and from when that year pays. */
function WindowHint({ programme, day, lang }: { programme: ProgrammeCode; day: string; lang: Lang }) {
  const { t } = useTranslation();
  const windows = useQuery({ queryKey: ['allowance-windows', programme], queryFn: () => fetchWindows(programme), staleTime: 60 * 60_000 });
  if (!windows.data) return null;
  const window: Window | undefined = windows.data.find((w) => w.opens_on <= day && day <= w.closes_on);
  if (!window) {
    return (
      <Alert color="orange" variant="light" data-testid="window-hint">
        {t('allowances.noWindow')}
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="light" data-testid="window-hint">
      {t('allowances.windowHint', {
        year: window.fiscal_year,
        born: window.cohort_born_before ? formatBeDate(window.cohort_born_before, lang, 'long') : '—',
        pays: monthText(window.payment_starts_on, lang),
      })}
    </Alert>
  );
}
