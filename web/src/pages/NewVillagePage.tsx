// Adding a village (หมู่ที่). The form is a draft (useDraftForm): if the session runs out while
// it is being typed, the officer signs in again and finds it as they left it.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError, problemText } from '../api/problem';
import { createVillage } from '../api/villages';
import { useDraftForm } from '../lib/useDraftForm';
import { fieldErrorsFromProblem } from '../lib/problemFields';

type Values = { number: number | ''; name_th: string; dopa_code: string };
const FIELDS = new Set(['number', 'name_th', 'dopa_code']);

export function NewVillagePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const { form, restored, discardDraft } = useDraftForm<Values>('villages.new', {
    mode: 'controlled',
    initialValues: { number: '', name_th: '', dopa_code: '' },
    validate: {
      number: (v) => (v === '' ? t('form.required') : v < 1 || v > 99 ? t('form.max', { max: 99 }) : null),
      name_th: (v) => (v.trim() ? null : t('form.required')),
      dopa_code: (v) => (v === '' || /^\d{8}$/.test(v) ? null : t('form.pattern')),
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setSubmitError(null);
    setSubmitting(true);
    try {
      const village = await createVillage({
        number: Number(values.number),
        name_th: values.name_th.trim(),
        dopa_code: values.dopa_code || null,
      });
      discardDraft();
      await queryClient.invalidateQueries({ queryKey: ['list', 'villages'] });
      notifications.show({ color: 'teal', message: t('villages.added', { number: village.number }) });
      navigate('/villages');
    } catch (error) {
      form.setErrors(fieldErrorsFromProblem(error, (path) => (FIELDS.has(path) ? path : null)).fields);
      // "That number exists" belongs next to the number, not only in a banner.
      if (error instanceof ApiError && error.code === 'villages.number_taken') form.setFieldError('number', problemText(t, error));
      setSubmitError(error);
      setSubmitting(false);
    }
  });

  return (
    <Stack gap="lg" maw={640}>
      <Title order={1} size="h2">
        {t('villages.addTitle')}
      </Title>
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            {restored ? (
              <Alert color="blue" variant="light" role="status">
                {t('form.draftRestored')}
              </Alert>
            ) : null}
            <NumberInput label={t('villages.number')} required min={1} max={99} allowDecimal={false} allowNegative={false} w={160} {...form.getInputProps('number')} />
            <TextInput label={t('villages.name')} required maxLength={200} {...form.getInputProps('name_th')} />
            <TextInput label={t('villages.dopaCode')} description={t('villages.dopaHint')} inputMode="numeric" maxLength={8} w={220} {...form.getInputProps('dopa_code')} />
            {submitError ? (
              <Alert color="red" variant="light" role="alert">
                {problemText(t, submitError)}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button
                variant="default"
                component={Link}
                to="/villages"
                onClick={() => {
                  discardDraft();
                }}
              >
                {t('villages.cancel')}
              </Button>
              <Button type="submit" loading={submitting}>
                {t('villages.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
