// Starting a disability card request for a person in the register: the kind, the types of
// disability (the seven official ones), who acts for the person if anyone, and the papers in hand.
// The API says what the checklist still lacks; the request page shows it.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Fieldset, Group, Paper, Select, SimpleGrid, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { problemText } from '../../api/problem';
import { fetchCitizen, fetchCitizens } from '../../api/citizens';
import { DISABILITY_TYPES, REPLACEMENT_REASONS, REQUEST_KINDS, checklistFor, createRequest, requestKey, type DisabilityType, type DocumentKind, type RequestKind } from '../../api/disabilityCards';
import { BeDateInput } from '../../components/BeDateInput';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { enumLabel, enumOptions } from '../../lib/labels';
import { useDraftForm } from '../../lib/useDraftForm';

type Values = {
  citizen_id: string | null;
  kind: RequestKind | null;
  disability_types: DisabilityType[];
  replacement_reason: string | null;
  details_changed: string;
  previous_card_no: string;
  previous_card_expires_on: string | null;
  has_guardian: boolean;
  guardian: { name: string; national_id: string; relationship: string; phone: string };
  documents: DocumentKind[];
  note: string;
};

const isKind = (v: string | null): v is RequestKind => (REQUEST_KINDS as readonly string[]).includes(v ?? '');

export function RequestNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const preset = search.get('kind');

  const { form, restored, discardDraft } = useDraftForm<Values>('disabilityCards.new', {
    mode: 'controlled',
    initialValues: {
      citizen_id: search.get('citizen_id'),
      kind: isKind(preset) ? preset : null,
      disability_types: [],
      replacement_reason: null,
      details_changed: '',
      previous_card_no: '',
      previous_card_expires_on: null,
      has_guardian: false,
      guardian: { name: '', national_id: '', relationship: '', phone: '' },
      documents: [],
      note: '',
    },
    validate: {
      citizen_id: (v) => (v ? null : t('form.required')),
      kind: (v) => (v ? null : t('form.required')),
      disability_types: (v) => (v.length ? null : t('disabilityCards.pickType')),
      replacement_reason: (v, values) => (values.kind === 'replacement' && !v ? t('form.required') : null),
      details_changed: (v, values) => (values.kind === 'change_of_details' && !v.trim() ? t('form.required') : null),
      guardian: {
        name: (v, values) => (values.has_guardian && !v.trim() ? t('form.required') : null),
        national_id: (v, values) => (values.has_guardian && !v.trim() ? t('form.required') : null),
        relationship: (v, values) => (values.has_guardian && !v.trim() ? t('form.required') : null),
      },
    },
  });
  const v = form.values;
  const checklist = checklistFor(v.kind, v.replacement_reason, v.has_guardian);

  const handleSubmit = form.onSubmit(async (values) => {
    setSubmitError(null);
    setSubmitting(true);
    const wanted = new Set(checklistFor(values.kind, values.replacement_reason, values.has_guardian));
    try {
      const request = await createRequest({
        citizen_id: values.citizen_id!,
        kind: values.kind!,
        disability_types: values.disability_types,
        ...(values.kind === 'replacement' ? { replacement_reason: values.replacement_reason as 'lost' | 'damaged' } : {}),
        ...(values.kind === 'change_of_details' ? { details_changed: values.details_changed.trim() } : {}),
        ...(values.kind !== 'new' && values.previous_card_no.trim() ? { previous_card_no: values.previous_card_no.trim() } : {}),
        ...(values.kind !== 'new' && values.previous_card_expires_on ? { previous_card_expires_on: values.previous_card_expires_on } : {}),
        ...(values.has_guardian
          ? {
              guardian: {
                name: values.guardian.name.trim(),
                national_id: values.guardian.national_id.trim(),
                relationship: values.guardian.relationship.trim(),
                ...(values.guardian.phone.trim() ? { phone: values.guardian.phone.trim() } : {}),
              },
            }
          : {}),
        // Only the papers on this kind's list: a tick left from another kind is not sent.
        documents: values.documents.filter((d) => wanted.has(d)).map((kind) => ({ kind, received: true })),
        ...(values.note.trim() ? { note: values.note.trim() } : {}),
      });
      discardDraft();
      queryClient.setQueryData(requestKey(request.id), request);
      await queryClient.invalidateQueries({ queryKey: ['list', 'disability-card-requests'] });
      notifications.show({ color: 'teal', message: t('disabilityCards.created', { name: request.person.full_name_th }) });
      navigate(`/disability-cards/requests/${request.id}`);
    } catch (error) {
      form.setErrors(fieldErrorsFromProblem(error, (p) => (p.split('.')[0]! in values ? p : null)).fields);
      setSubmitError(error);
      setSubmitting(false);
    }
  });

  return (
    <Stack gap="lg" maw={820}>
      <PageHeader title={t('disabilityCards.addTitle')} intro={t('disabilityCards.addIntro')} crumbs={[{ label: t('disabilityCards.title'), to: '/disability-cards' }]} />
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            {restored ? (
              <Alert color="blue" variant="light" role="status">
                {t('form.draftRestored')}
              </Alert>
            ) : null}
            <CitizenPicker value={v.citizen_id} onChange={(id) => form.setFieldValue('citizen_id', id)} error={form.errors.citizen_id} />
            <Select label={t('disabilityCards.kind')} required data={enumOptions('RequestKind', REQUEST_KINDS)} placeholder={t('form.selectPlaceholder')} {...form.getInputProps('kind')} />
            {v.kind === 'replacement' ? (
              <Select label={t('disabilityCards.replacementReason')} required data={enumOptions('ReplacementReason', REPLACEMENT_REASONS)} placeholder={t('form.selectPlaceholder')} {...form.getInputProps('replacement_reason')} />
            ) : null}
            {v.kind === 'change_of_details' ? <TextInput label={t('disabilityCards.detailsChanged')} required maxLength={500} {...form.getInputProps('details_changed')} /> : null}
            {v.kind && v.kind !== 'new' ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('disabilityCards.previousCardNo')} description={t('disabilityCards.previousCardHint')} maxLength={40} {...form.getInputProps('previous_card_no')} />
                <BeDateInput label={t('disabilityCards.previousCardExpires')} {...form.getInputProps('previous_card_expires_on')} />
              </SimpleGrid>
            ) : null}
            <Checkbox.Group label={t('disabilityCards.types')} description={t('disabilityCards.typesHint')} withAsterisk {...form.getInputProps('disability_types')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
                {DISABILITY_TYPES.map((d) => (
                  <Checkbox key={d} value={d} label={enumLabel('DisabilityType', d)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Switch label={t('disabilityCards.hasGuardian')} {...form.getInputProps('has_guardian', { type: 'checkbox' })} />
            {v.has_guardian ? (
              <Fieldset legend={t('disabilityCards.guardian')}>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('disabilityCards.guardianName')} required maxLength={200} {...form.getInputProps('guardian.name')} />
                  <TextInput label={t('disabilityCards.guardianNationalId')} required maxLength={40} inputMode="numeric" {...form.getInputProps('guardian.national_id')} />
                  <TextInput label={t('disabilityCards.guardianRelationship')} required maxLength={100} {...form.getInputProps('guardian.relationship')} />
                  <TextInput label={t('citizens.phone')} maxLength={20} {...form.getInputProps('guardian.phone')} />
                </SimpleGrid>
              </Fieldset>
            ) : null}
            {v.kind ? (
              <Checkbox.Group label={t('disabilityCards.checklist')} description={t('disabilityCards.checklistHint')} {...form.getInputProps('documents')}>
                <Stack gap="xs" mt="xs">
                  {checklist.map((d) => (
                    <Checkbox key={d} value={d} label={enumLabel('DocumentKind', d)} />
                  ))}
                </Stack>
              </Checkbox.Group>
            ) : null}
            <Textarea label={t('disabilityCards.note')} description={t('disabilityCards.noteHint')} autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
            {submitError ? (
              <Alert color="red" variant="light" role="alert">
                {problemText(t, submitError)}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/disability-cards" onClick={() => discardDraft()}>
                {t('form.cancel')}
              </Button>
              <Button type="submit" loading={submitting}>
                {t('disabilityCards.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** A person from the register, found by name or national ID as the officer types. */
function CitizenPicker({ value, onChange, error }: { value: string | null; onChange: (id: string | null) => void; error?: ReactNode }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const digits = debounced.replace(/[\s-]/g, '');
  const found = useQuery({
    queryKey: ['citizen-search', debounced],
    queryFn: () => fetchCitizens({ page: 1, pageSize: 10, sort: null, filters: /^\d{13}$/.test(digits) ? { national_id: digits } : { q: debounced } }),
    enabled: debounced.length >= 2,
  });
  const chosen = useQuery({ queryKey: ['citizen', value ?? ''], queryFn: () => fetchCitizen(value!), enabled: !!value });
  const options = useMemo(() => {
    const rows = (found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.full_name_th} · ${c.national_id_masked}` }));
    if (chosen.data && !rows.some((r) => r.value === chosen.data.id)) rows.unshift({ value: chosen.data.id, label: `${chosen.data.full_name_th} · ${chosen.data.national_id_masked}` });
    return rows;
  }, [found.data, chosen.data]);
  // A person chosen before (from a link, or a restored draft) shows by name once loaded.
  useEffect(() => {
    if (chosen.data && !text) setText(`${chosen.data.full_name_th} · ${chosen.data.national_id_masked}`);
  }, [chosen.data, text]);
  return (
    <Select
      label={t('disabilityCards.person')}
      description={t('disabilityCards.personHint')}
      required
      searchable
      clearable
      data={options}
      value={value}
      onChange={onChange}
      searchValue={text}
      onSearchChange={setText}
      // The API has matched already; filtering again would hide a match by national ID.
      filter={({ options: all }) => all}
      nothingFoundMessage={debounced.length >= 2 && !found.isFetching ? t('list.nothingFound') : t('disabilityCards.typeToSearch')}
      error={error}
    />
  );
}
