// Starting a group's formation: a working name, a kind and a village; step 3 confirms them.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Paper, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { problemText } from '../../api/problem';
import { useVillages } from '../../api/villages';
import { GROUP_KINDS, createGroup, fetchGroupKinds, groupKey, type GroupKind } from '../../api/groups';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { enumLabel } from '../../lib/labels';
import { useDraftForm } from '../../lib/useDraftForm';

type Values = { name: string; kind: GroupKind | null; village_id: string | null; purpose: string };
const FIELDS = new Set(['name', 'kind', 'village_id', 'purpose']);

export function GroupNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const villages = useVillages();
  const kinds = useQuery({ queryKey: ['group-kinds'], queryFn: fetchGroupKinds, staleTime: Infinity });
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const { form, restored, discardDraft } = useDraftForm<Values>('groups.new', {
    mode: 'controlled',
    initialValues: { name: '', kind: null, village_id: null, purpose: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('form.required')),
      kind: (v) => (v ? null : t('form.required')),
    },
  });

  const minimum = kinds.data?.find((k) => k.kind === form.values.kind)?.min_members;

  const handleSubmit = form.onSubmit(async (values) => {
    setSubmitError(null);
    setSubmitting(true);
    try {
      const group = await createGroup({ name: values.name.trim(), kind: values.kind!, village_id: values.village_id, purpose: values.purpose.trim() || null });
      discardDraft();
      queryClient.setQueryData(groupKey(group.id), group);
      await queryClient.invalidateQueries({ queryKey: ['list', 'groups'] });
      notifications.show({ color: 'teal', message: t('groups.started', { name: group.name }) });
      navigate(`/groups/${group.id}`);
    } catch (error) {
      form.setErrors(fieldErrorsFromProblem(error, (path) => (FIELDS.has(path) ? path : null)).fields);
      setSubmitError(error);
      setSubmitting(false);
    }
  });

  return (
    <Stack gap="lg" maw={720}>
      <PageHeader title={t('groups.addTitle')} intro={t('groups.addIntro')} crumbs={[{ label: t('groups.title'), to: '/groups' }]} />
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            {restored ? (
              <Alert color="blue" variant="light" role="status">
                {t('form.draftRestored')}
              </Alert>
            ) : null}
            <TextInput label={t('groups.name')} required maxLength={200} {...form.getInputProps('name')} />
            <Select
              label={t('groups.kind')}
              required
              data={GROUP_KINDS.map((k) => ({ value: k, label: enumLabel('GroupKind', k) }))}
              description={minimum ? t('groups.minMembers', { count: minimum }) : undefined}
              placeholder={t('form.selectPlaceholder')}
              {...form.getInputProps('kind')}
            />
            <Select
              label={t('citizens.village')}
              description={t('groups.villageHint')}
              data={villages.options}
              searchable
              clearable
              nothingFoundMessage={t('list.nothingFound')}
              placeholder={t('groups.wholeOrganisation')}
              {...form.getInputProps('village_id')}
            />
            <Textarea label={t('groups.purpose')} autosize minRows={3} maxLength={2000} {...form.getInputProps('purpose')} />
            {submitError ? (
              <Alert color="red" variant="light" role="alert">
                {problemText(t, submitError)}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/groups" onClick={() => discardDraft()}>
                {t('form.cancel')}
              </Button>
              <Button type="submit" loading={submitting}>
                {t('groups.start')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
