// Starting a community plan: its title, its village (or the whole organisation) and its period
// in fiscal years (BE).
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useVillages } from '../../api/villages';
import { createPlan, planKey, type PlanCreate } from '../../api/plans';
import { PageHeader } from '../../components/PageHeader';
import { RecordForm, field } from '../../components/RecordForm';
import { fiscalYearBe } from '../../lib/thai';

export function PlanNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const villages = useVillages();
  const year = fiscalYearBe(new Date());
  const fields = useMemo(
    () => [
      field('title_th', 'text', t('plans.planTitle'), { required: true, maxLength: 300 }),
      field('village_id', 'enum', t('plans.area'), { options: villages.options, description: t('plans.areaHint') }),
      field('fiscal_year_start_be', 'integer', t('plans.fyStart'), { required: true, min: 2400, max: 2800, noGrouping: true }),
      field('fiscal_year_end_be', 'integer', t('plans.fyEnd'), { required: true, min: 2400, max: 2800, noGrouping: true }),
      field('vision_th', 'textarea', t('plans.vision'), { maxLength: 2000 }),
      field('note', 'textarea', t('plans.note'), { maxLength: 2000 }),
    ],
    [t, villages.options],
  );
  const initial = useMemo(() => ({ fiscal_year_start_be: year, fiscal_year_end_be: year + 1 }), [year]);
  return (
    <Stack gap="lg" maw={720}>
      <PageHeader title={t('plans.addTitle')} crumbs={[{ label: t('plans.title'), to: '/plans' }]} />
      <Paper withBorder p="lg" radius="md">
        <RecordForm
          fields={fields}
          initial={initial}
          submitLabel={t('plans.start')}
          onCancel={() => navigate('/plans')}
          onSubmit={async (body) => {
            const plan = await createPlan(body as PlanCreate);
            queryClient.setQueryData(planKey(plan.id), plan);
            await queryClient.invalidateQueries({ queryKey: ['list', 'plans'] });
            notifications.show({ color: 'teal', message: t('plans.started') });
            navigate(`/plans/${plan.id}`);
          }}
        />
      </Paper>
    </Stack>
  );
}
