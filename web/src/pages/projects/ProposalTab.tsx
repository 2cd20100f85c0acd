// The proposal in the twelve sections of the manual (1.13), and the needs survey it starts from.
// The sections are edited while the proposal is written (surveying, drafting, returned); the
// change is made from the version the form was opened with (If-Match), and only what the officer
// changed is sent, so an untouched section cannot undo a colleague's edit.
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, List, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconRefresh } from '@tabler/icons-react';
import { ApiError } from '../../api/problem';
import { addSurvey, fetchProject, fetchSurveys, projectKey, updateProject, type Project, type ProjectUpdate } from '../../api/projects';
import { RecordForm, field, type RecordField } from '../../components/RecordForm';
import type { FieldValues } from '../../components/StepTracker/schemaFields';
import { currentLang } from '../../i18n';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { FormModal, Loaded, Section, recordsKey, useRefresh } from './parts';

/** The sections this form edits (8, the budget, and 11, the indicators, have tabs of their own). */
const SECTION_KEYS = ['plan_name', 'name', 'rationale', 'objectives', 'target_group', 'target_quantity', 'target_unit', 'target_quality', 'method', 'starts_on', 'ends_on', 'responsible', 'supporting_agency', 'benefits'] as const;
type SectionKey = (typeof SECTION_KEYS)[number];

function valuesOf(p: Project): FieldValues {
  return {
    plan_name: p.plan_name ?? '',
    name: p.name,
    rationale: p.rationale ?? '',
    objectives: [...p.objectives],
    target_group: p.target_group ?? '',
    target_quantity: p.target_quantity ?? '',
    target_unit: p.target_unit ?? '',
    target_quality: p.target_quality ?? '',
    method: p.method.length ? p.method.map((m) => ({ description: m.description, period: m.period ?? '' })) : [{ description: '', period: '' }],
    starts_on: p.starts_on ?? null,
    ends_on: p.ends_on ?? null,
    responsible: p.responsible ?? '',
    supporting_agency: p.supporting_agency ?? '',
    benefits: [...p.benefits],
  };
}

const LISTS = new Set<SectionKey>(['objectives', 'method', 'benefits']);

/** What the form changed against the record it was opened from; an emptied section is sent as empty. */
export function changedSections(before: Record<string, unknown>, after: Record<string, unknown>): ProjectUpdate {
  const patch: Record<string, unknown> = {};
  for (const key of SECTION_KEYS) {
    const empty = LISTS.has(key) ? [] : null;
    const was = before[key] ?? empty;
    const now = after[key] ?? empty;
    if (JSON.stringify(was) !== JSON.stringify(now)) patch[key] = now;
  }
  return patch as ProjectUpdate;
}

function bodyOf(p: Project): Record<string, unknown> {
  return {
    plan_name: p.plan_name,
    name: p.name,
    rationale: p.rationale,
    objectives: p.objectives,
    target_group: p.target_group,
    target_quantity: p.target_quantity,
    target_unit: p.target_unit,
    target_quality: p.target_quality,
    method: p.method.map((m) => (m.period ? { description: m.description, period: m.period } : { description: m.description })),
    starts_on: p.starts_on,
    ends_on: p.ends_on,
    responsible: p.responsible,
    supporting_agency: p.supporting_agency,
    benefits: p.benefits,
  };
}

export function ProposalTab({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [editing, setEditing] = useState(false);
  const missing = new Set(project.missing_sections);
  const p = project;
  const none = <Text c="dimmed">—</Text>;
  const listOf = (items: string[]) =>
    items.length ? (
      <List size="sm" type="ordered">
        {items.map((item, i) => (
          <List.Item key={i}>{item}</List.Item>
        ))}
      </List>
    ) : (
      none
    );
  const sections: { n: number; body: ReactNode }[] = [
    { n: 1, body: p.plan_name || none },
    { n: 2, body: p.name },
    { n: 3, body: p.rationale ? <Text style={{ whiteSpace: 'pre-line' }}>{p.rationale}</Text> : none },
    { n: 4, body: listOf(p.objectives) },
    {
      n: 5,
      body: (
        <Stack gap={2}>
          <Text>
            {t('projects.targetGroup')}: {p.target_group || '—'}
          </Text>
          <Text>
            {t('projects.targetQuantity')}: {p.target_quantity ? `${p.target_quantity.toLocaleString('th-TH')} ${p.target_unit ?? ''}` : '—'}
          </Text>
          <Text>
            {t('projects.targetQuality')}: {p.target_quality || '—'}
          </Text>
        </Stack>
      ),
    },
    {
      n: 6,
      body: p.method.length ? (
        <List size="sm" type="ordered">
          {p.method.map((m, i) => (
            <List.Item key={i}>
              {m.description}
              {m.period ? ` (${m.period})` : ''}
            </List.Item>
          ))}
        </List>
      ) : (
        none
      ),
    },
    { n: 7, body: p.starts_on && p.ends_on ? t('projects.period', { from: formatBeDate(p.starts_on, lang, 'long'), to: formatBeDate(p.ends_on, lang, 'long') }) : none },
    { n: 8, body: <Text>{t('projects.budgetSummary', { total: formatBaht(p.budget_total, lang) })}</Text> },
    { n: 9, body: p.responsible || none },
    { n: 10, body: p.supporting_agency || none },
    { n: 11, body: <Text size="sm">{t('projects.indicatorsElsewhere')}</Text> },
    { n: 12, body: listOf(p.benefits) },
  ];

  return (
    <Stack gap="xl">
      <Surveys project={project} />
      <Section
        project={project}
        open="proposal"
        title={t('projects.proposalTitle')}
        addLabel={t('projects.editSections')}
        addIcon={<IconEdit size={16} aria-hidden />}
        onAdd={() => setEditing(true)}
        actions={
          missing.size ? (
            <Badge color="orange" variant="light" data-testid="missing-count">
              {t('projects.missingCount', { count: missing.size })}
            </Badge>
          ) : (
            <Badge color="teal" variant="light">
              {t('projects.complete')}
            </Badge>
          )
        }
      >
        <Card withBorder padding="md" radius="md">
          <Stack gap="md" component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {sections.map((s) => (
              <li key={s.n} data-section={s.n}>
                <Group gap="xs" mb={4}>
                  <Text fw={600}>
                    {s.n}. {t(`projects.sections.${s.n}`)}
                  </Text>
                  {missing.has(s.n) ? (
                    <Badge size="sm" color="orange" variant="outline">
                      {t('projects.sectionMissing')}
                    </Badge>
                  ) : null}
                </Group>
                <div>{s.body}</div>
              </li>
            ))}
          </Stack>
        </Card>
      </Section>
      <FormModal title={t('projects.editSections')} opened={editing} onClose={() => setEditing(false)}>
        <EditSections project={project} onDone={() => setEditing(false)} />
      </FormModal>
    </Stack>
  );
}

function EditSections({ project, onDone }: { project: Project; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = useRefresh(project.id);
  // Held from the moment the form opened: a background refetch must not move the version along.
  const [base, setBase] = useState(project);
  const [opened, setOpened] = useState(0);
  const [stale, setStale] = useState(false);
  const fields = useMemo<RecordField[]>(
    () => [
      field('plan_name', 'text', `1. ${t('projects.sections.1')}`, { maxLength: 300 }),
      field('name', 'text', `2. ${t('projects.sections.2')}`, { required: true, maxLength: 300 }),
      field('rationale', 'textarea', `3. ${t('projects.sections.3')}`, { maxLength: 20000 }),
      field('objectives', 'string-list', `4. ${t('projects.sections.4')}`),
      field('target_group', 'text', `5. ${t('projects.targetGroup')}`, { maxLength: 300 }),
      field('target_quantity', 'integer', t('projects.targetQuantity'), { min: 1, max: 1_000_000 }),
      field('target_unit', 'text', t('projects.targetUnit'), { maxLength: 50 }),
      field('target_quality', 'textarea', t('projects.targetQuality'), { maxLength: 20000 }),
      field('method', 'object-list', `6. ${t('projects.sections.6')}`, {
        itemFields: [field('description', 'text', t('projects.methodStep'), { required: true, maxLength: 2000 }), field('period', 'text', t('projects.methodPeriod'), { maxLength: 100 })],
      }),
      field('starts_on', 'date', `7. ${t('projects.startsOn')}`),
      field('ends_on', 'date', t('projects.endsOn')),
      field('responsible', 'text', `9. ${t('projects.sections.9')}`, { maxLength: 300 }),
      field('supporting_agency', 'text', `10. ${t('projects.sections.10')}`, { maxLength: 300 }),
      field('benefits', 'string-list', `12. ${t('projects.sections.12')}`),
    ],
    [t],
  );
  const initial = useMemo(() => valuesOf(base), [base]);
  return (
    <Stack gap="md">
      {stale ? (
        <Alert color="orange" variant="light" role="alert" title={t('projects.staleTitle')} data-testid="stale-alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('projects.staleBody')}</Text>
            <Button
              size="xs"
              variant="white"
              color="orange"
              leftSection={<IconRefresh size={14} aria-hidden />}
              onClick={async () => {
                const fresh = await fetchProject(project.id);
                queryClient.setQueryData(projectKey(project.id), fresh);
                setBase(fresh);
                setStale(false);
                setOpened((n) => n + 1);
              }}
            >
              {t('projects.staleReload')}
            </Button>
          </Stack>
        </Alert>
      ) : null}
      <RecordForm
        key={opened}
        fields={fields}
        initial={initial}
        submitLabel={t('form.save')}
        onCancel={onDone}
        onSubmit={async (body) => {
          const patch = changedSections(bodyOf(base), body);
          if (Object.keys(patch).length === 0) {
            notifications.show({ message: t('projects.nothingChanged') });
            onDone();
            return;
          }
          try {
            const saved = await updateProject(base.id, base.version, patch);
            queryClient.setQueryData(projectKey(saved.id), saved);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            onDone();
          } catch (error) {
            if (error instanceof ApiError && error.code === 'conflict.stale_version') setStale(true);
            throw error;
          }
        }}
      />
    </Stack>
  );
}

function Surveys({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const [adding, setAdding] = useState(false);
  const surveys = useQuery({ queryKey: recordsKey(project.id, 'surveys'), queryFn: () => fetchSurveys(project.id) });
  const fields = useMemo<RecordField[]>(
    () => [
      field('surveyed_on', 'date', t('projects.surveyedOn'), { required: true }),
      field('method', 'text', t('projects.surveyMethod'), { required: true, maxLength: 300 }),
      field('respondents', 'textarea', t('projects.respondents'), { required: true, maxLength: 20000 }),
      field('respondent_count', 'integer', t('projects.respondentCount'), { required: true, min: 1, max: 1_000_000 }),
      field('needs', 'string-list', t('projects.needs'), { required: true, minItems: 1 }),
      field('summary', 'textarea', t('projects.surveySummary'), { maxLength: 20000 }),
    ],
    [t],
  );
  return (
    <Section project={project} open="proposal" title={t('projects.surveysTitle')} addLabel={t('projects.addSurvey')} onAdd={() => setAdding(true)}>
      <Loaded query={surveys}>
        {(rows) =>
          rows.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('projects.noSurveys')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label={t('projects.surveysTitle')} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('projects.surveyedOn')}</Table.Th>
                    <Table.Th>{t('projects.surveyMethod')}</Table.Th>
                    <Table.Th>{t('projects.respondentCount')}</Table.Th>
                    <Table.Th>{t('projects.needs')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{formatBeDate(s.surveyed_on, lang)}</Table.Td>
                      <Table.Td>{s.method}</Table.Td>
                      <Table.Td>{s.respondent_count.toLocaleString('th-TH')}</Table.Td>
                      <Table.Td>{s.needs.join(', ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <FormModal title={t('projects.addSurvey')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addSurvey(project.id, body as Parameters<typeof addSurvey>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
    </Section>
  );
}
