// Community plans (แผนชุมชน), of a village or of the whole organisation, by state and fiscal year.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { useVillages } from '../../api/villages';
import { PLAN_STATES, WRITE_PLANS, fetchPlans, type Plan } from '../../api/plans';
import { PagedList, type Column, type Filter } from '../../components/PagedList/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { enumLabel, enumOptions } from '../../lib/labels';

export function planStateColor(state: Plan['state']): string {
  return state === 'closed' ? 'gray' : state === 'proposed' ? 'teal' : 'blue';
}

export function PlanStateBadge({ plan, size = 'md' }: { plan: Pick<Plan, 'state' | 'state_label_th'>; size?: 'md' | 'lg' }) {
  return (
    <Badge variant="light" color={planStateColor(plan.state)} size={size} data-testid="plan-state">
      {enumLabel('PlanState', plan.state, plan.state_label_th)}
    </Badge>
  );
}

export function PlansPage() {
  const { t } = useTranslation();
  const canAdd = useCan(WRITE_PLANS);
  const villages = useVillages();
  const columns = useMemo<Column<Plan>[]>(
    () => [
      {
        key: 'title',
        header: t('plans.planTitle'),
        sortField: 'title_th',
        render: (p) => (
          <Anchor component={Link} to={`/plans/${p.id}`} fw={600}>
            {p.title_th}
          </Anchor>
        ),
      },
      { key: 'area', header: t('plans.area'), render: (p) => (p.village ? villages.label(p.village.id) || p.area_label_th : t('groups.wholeOrganisation')) },
      { key: 'period', header: t('plans.period'), sortField: 'fiscal_year_start_be', render: (p) => t('plans.periodLabel', { from: p.fiscal_year_start_be, to: p.fiscal_year_end_be }) },
      { key: 'state', header: t('plans.state'), sortField: 'state', render: (p) => <PlanStateBadge plan={p} /> },
    ],
    [t, villages],
  );
  const filters = useMemo<Filter[]>(
    () => [
      { kind: 'search', name: 'q', label: t('plans.searchTitle'), placeholder: t('plans.searchTitleHint') },
      { kind: 'select', name: 'state', label: t('plans.state'), options: enumOptions('PlanState', PLAN_STATES), width: 220 },
      { kind: 'select', name: 'village_id', label: t('plans.area'), options: [{ value: 'whole', label: t('groups.wholeOrganisation') }, ...villages.options], searchable: true },
      { kind: 'number', name: 'fiscal_year', label: t('plans.fiscalYear'), min: 2400, max: 2800, width: 150 },
    ],
    [t, villages.options],
  );
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('plans.title')}
        intro={t('plans.intro')}
        actions={
          canAdd ? (
            <Button component={Link} to="/plans/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('plans.add')}
            </Button>
          ) : null
        }
      />
      <PagedList id="plans" caption={t('plans.title')} fetchPage={fetchPlans} columns={columns} filters={filters} rowKey={(p) => p.id} />
    </Stack>
  );
}
