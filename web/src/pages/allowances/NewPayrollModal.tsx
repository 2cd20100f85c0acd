// Computing a month's payroll for a programme: the API works out every payable person and month
// at once (with back pay), so the form asks only which programme and which month.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useCan } from '../../auth/useMe';
import { problemText } from '../../api/problem';
import { PROGRAMMES, READ_SENSITIVE, SENSITIVE_PROGRAMMES, createPayroll, type ProgrammeCode } from '../../api/allowances';
import { currentLang } from '../../i18n';
import { enumOptions } from '../../lib/labels';
import { firstOfMonth, payrollMonthOptions } from './months';

export function NewPayrollModal({ opened, onClose, programme = 'elderly', month }: { opened: boolean; onClose: () => void; programme?: ProgrammeCode; month?: string }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('allowances.newPayroll')} centered>
      {opened ? <NewPayrollForm onDone={onClose} programme={programme} month={month} /> : null}
    </Modal>
  );
}

function NewPayrollForm({ onDone, programme, month }: { onDone: () => void; programme: ProgrammeCode; month?: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canReadSensitive = useCan(READ_SENSITIVE);
  const [error, setError] = useState<unknown>(null);
  const programmes = enumOptions('ProgrammeCode', PROGRAMMES.filter((p) => canReadSensitive || !SENSITIVE_PROGRAMMES.includes(p)));
  const months = payrollMonthOptions(new Date(), lang);
  const form = useForm({
    mode: 'controlled',
    initialValues: { programme: programme as string | null, month: (month ?? firstOfMonth(new Date(), 0)) as string | null },
    validate: { programme: (v) => (v ? null : t('form.required')), month: (v) => (v ? null : t('form.required')) },
  });
  // A month outside the usual range (a start month far ahead) is still offered.
  const monthOptions = form.values.month && !months.some((m) => m.value === form.values.month) ? [...months, { value: form.values.month, label: form.values.month }] : months;

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setError(null);
        try {
          const created = await createPayroll({ programme: values.programme as ProgrammeCode, month: values.month! });
          await queryClient.invalidateQueries({ queryKey: ['list', 'payrolls'] });
          notifications.show({ color: 'teal', message: t('allowances.payrollCreated', { count: created.line_count }) });
          onDone();
          void navigate(`/allowances/payrolls/${created.id}`);
        } catch (e) {
          setError(e);
        }
      })}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('allowances.newPayrollIntro')}
        </Text>
        <Select label={t('allowances.programme')} required allowDeselect={false} data={programmes} {...form.getInputProps('programme')} />
        <Select label={t('allowances.month')} required allowDeselect={false} searchable data={monthOptions} nothingFoundMessage={t('list.nothingFound')} {...form.getInputProps('month')} />
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {problemText(t, error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('allowances.compute')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
