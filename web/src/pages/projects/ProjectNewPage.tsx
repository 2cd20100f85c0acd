// Starting a project: its name, kind, village and fiscal year. It starts at the needs survey; the
// proposal's other sections are written on the project's page.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, NumberInput, Paper, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { problemText } from '../../api/problem';
import { useVillages } from '../../api/villages';
import { PROJECT_CATEGORIES, createProject, projectKey, type ProjectCategory } from '../../api/projects';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { enumOptions } from '../../lib/labels';
import { fiscalYearBe } from '../../lib/thai';
import { useDraftForm } from '../../lib/useDraftForm';

type Values = { name: string; category: ProjectCategory | null; village_id: string | null; fiscal_year_be: number | string; plan_name: string };
const FIELDS = new Set(['name', 'category', 'village_id', 'fiscal_year_be', 'plan_name']);

export function ProjectNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const villages = useVillages();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const { form, restored, discardDraft } = useDraftForm<Values>('projects.new', {
    mode: 'controlled',
    initialValues: { name: '', category: null, village_id: null, fiscal_year_be: fiscalYearBe(new Date()), plan_name: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('form.required')),
      category: (v) => (v ? null : t('form.required')),
      fiscal_year_be: (v) => (v === '' || (Number(v) >= 2500 && Number(v) <= 2700) ? null : t('projects.fiscalYearRange')),
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setSubmitError(null);
    setSubmitting(true);
    try {
      const project = await createProject({
        name: values.name.trim(),
        category: values.category!,
        village_id: values.village_id,
        ...(values.fiscal_year_be === '' ? {} : { fiscal_year_be: Number(values.fiscal_year_be) }),
        ...(values.plan_name.trim() ? { plan_name: values.plan_name.trim() } : {}),
      });
      discardDraft();
      queryClient.setQueryData(projectKey(project.id), project);
      await queryClient.invalidateQueries({ queryKey: ['list', 'projects'] });
      notifications.show({ color: 'teal', message: t('projects.started', { name: project.name }) });
      navigate(`/projects/${project.id}`);
    } catch (error) {
      form.setErrors(fieldErrorsFromProblem(error, (p) => (FIELDS.has(p) ? p : null)).fields);
      setSubmitError(error);
      setSubmitting(false);
    }
  });

  return (
    <Stack gap="lg" maw={720}>
      <PageHeader title={t('projects.addTitle')} intro={t('projects.addIntro')} crumbs={[{ label: t('projects.title'), to: '/projects' }]} />
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            {restored ? (
              <Alert color="blue" variant="light" role="status">
                {t('form.draftRestored')}
              </Alert>
            ) : null}
            <TextInput label={t('projects.name')} description={t('projects.section', { n: 2 })} required maxLength={300} {...form.getInputProps('name')} />
            <Select label={t('projects.category')} required data={enumOptions('ProjectCategory', PROJECT_CATEGORIES)} placeholder={t('form.selectPlaceholder')} {...form.getInputProps('category')} />
            <TextInput label={t('projects.planName')} description={t('projects.section', { n: 1 })} maxLength={300} {...form.getInputProps('plan_name')} />
            <Select
              label={t('citizens.village')}
              data={villages.options}
              searchable
              clearable
              nothingFoundMessage={t('list.nothingFound')}
              placeholder={t('groups.wholeOrganisation')}
              {...form.getInputProps('village_id')}
            />
            <NumberInput label={t('projects.fiscalYear')} min={2500} max={2700} allowDecimal={false} allowNegative={false} w={200} {...form.getInputProps('fiscal_year_be')} />
            {submitError ? (
              <Alert color="red" variant="light" role="alert">
                {problemText(t, submitError)}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/projects" onClick={() => discardDraft()}>
                {t('form.cancel')}
              </Button>
              <Button type="submit" loading={submitting}>
                {t('projects.start')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
