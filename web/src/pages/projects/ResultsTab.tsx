// Section 11, the evaluation: the indicators written into the proposal, their results once the
// project runs, the satisfaction forms, and the summary the executives read at the close.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ActionIcon, Badge, Button, Card, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { problemText } from '../../api/problem';
import {
  COMPARISONS,
  SATISFACTION_QUESTIONS,
  WRITE_PROJECTS,
  addIndicator,
  addSatisfaction,
  fetchIndicators,
  fetchResults,
  recordResult,
  removeIndicator,
  type Indicator,
  type Project,
} from '../../api/projects';
import { RecordForm, field, type RecordField } from '../../components/RecordForm';
import { currentLang } from '../../i18n';
import { enumLabel, enumOptions } from '../../lib/labels';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { FormModal, Loaded, Section, isOpen, recordsKey, useRefresh } from './parts';

const number = (value: string | number | null | undefined) => (value === null || value === undefined ? '—' : Number(value).toLocaleString('th-TH', { maximumFractionDigits: 2 }));

export function ResultsTab({ project }: { project: Project }) {
  return (
    <Stack gap="xl">
      <Indicators project={project} />
      <Satisfaction project={project} />
      <Summary project={project} />
    </Stack>
  );
}

function Indicators({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const canWrite = useCan(WRITE_PROJECTS);
  const [adding, setAdding] = useState(false);
  const [measuring, setMeasuring] = useState<Indicator | null>(null);
  const indicators = useQuery({ queryKey: recordsKey(project.id, 'indicators'), queryFn: () => fetchIndicators(project.id) });
  const drafting = canWrite && isOpen(project, 'proposal');
  const measurable = canWrite && isOpen(project, 'results');
  const fields = useMemo<RecordField[]>(
    () => [
      field('name', 'text', t('projects.indicatorName'), { required: true, maxLength: 300 }),
      field('comparison', 'enum', t('projects.comparison'), { required: true, options: enumOptions('Comparison', COMPARISONS), defaultValue: 'at_least' }),
      field('target_value', 'decimal', t('projects.targetValue'), { required: true, min: 0 }),
      field('unit', 'text', t('projects.unit'), { required: true, maxLength: 50 }),
      field('measured_by', 'text', t('projects.measuredBy'), { required: true, maxLength: 300 }),
    ],
    [t],
  );
  const resultFields = useMemo<RecordField[]>(
    () => [
      field('result_value', 'decimal', t('projects.resultValue'), { required: true, min: 0 }),
      field('recorded_on', 'date', t('projects.recordedOn'), { required: true }),
      field('note', 'textarea', t('projects.note'), { maxLength: 5000 }),
    ],
    [t],
  );
  const remove = async (ind: Indicator) => {
    try {
      await removeIndicator(project.id, ind);
      await refresh();
      notifications.show({ color: 'teal', message: t('projects.indicatorRemoved') });
    } catch (error) {
      notifications.show({ color: 'red', message: problemText(t, error) });
    }
  };
  return (
    <Section project={project} open="proposal" title={t('projects.indicatorsTitle')} addLabel={t('projects.addIndicator')} onAdd={() => setAdding(true)}>
      <Loaded query={indicators}>
        {(rows) =>
          rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('projects.noIndicators')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label={t('projects.indicatorsTitle')} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>#</Table.Th>
                    <Table.Th>{t('projects.indicatorName')}</Table.Th>
                    <Table.Th>{t('projects.targetValue')}</Table.Th>
                    <Table.Th>{t('projects.measuredBy')}</Table.Th>
                    <Table.Th>{t('projects.resultValue')}</Table.Th>
                    {drafting || measurable ? <Table.Th /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>{i.seq}</Table.Td>
                      <Table.Td>{i.name}</Table.Td>
                      <Table.Td>
                        {enumLabel('Comparison', i.comparison)} {number(i.target_value)} {i.unit}
                      </Table.Td>
                      <Table.Td>{i.measured_by}</Table.Td>
                      <Table.Td>
                        {i.result_value === null ? (
                          <Text size="sm" c="dimmed">
                            {t('projects.notMeasured')}
                          </Text>
                        ) : (
                          <Stack gap={2}>
                            <Text size="sm">
                              {number(i.result_value)} {i.unit} {i.result_recorded_on ? `(${formatBeDate(i.result_recorded_on, lang)})` : ''}
                            </Text>
                            <Badge size="sm" variant="light" color={i.met ? 'teal' : 'red'}>
                              {i.met ? t('projects.met') : t('projects.notMet')}
                            </Badge>
                          </Stack>
                        )}
                      </Table.Td>
                      {drafting ? (
                        <Table.Td>
                          <Tooltip label={t('projects.removeIndicator', { name: i.name })}>
                            <ActionIcon variant="subtle" color="red" aria-label={t('projects.removeIndicator', { name: i.name })} onClick={() => void remove(i)}>
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      ) : measurable ? (
                        <Table.Td>
                          <Button size="xs" variant="subtle" onClick={() => setMeasuring(i)}>
                            {t('projects.recordResult')}
                          </Button>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <FormModal title={t('projects.addIndicator')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addIndicator(project.id, body as Parameters<typeof addIndicator>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.indicatorAdded') });
            setAdding(false);
          }}
        />
      </FormModal>
      <FormModal title={measuring ? t('projects.resultOf', { name: measuring.name }) : ''} opened={measuring !== null} onClose={() => setMeasuring(null)}>
        {measuring ? (
          <RecordForm
            fields={resultFields}
            submitLabel={t('form.save')}
            onCancel={() => setMeasuring(null)}
            onSubmit={async (body) => {
              await recordResult(project.id, measuring.id, body as Parameters<typeof recordResult>[2]);
              await refresh();
              notifications.show({ color: 'teal', message: t('projects.saved') });
              setMeasuring(null);
            }}
          />
        ) : null}
      </FormModal>
    </Section>
  );
}

function Satisfaction({ project }: { project: Project }) {
  const { t } = useTranslation();
  const refresh = useRefresh(project.id);
  const [adding, setAdding] = useState(false);
  const fields = useMemo<RecordField[]>(
    () => [
      field('answered_on', 'date', t('projects.answeredOn'), { required: true }),
      ...SATISFACTION_QUESTIONS.map((q) => field(`score_${q}`, 'integer', t(`projects.questions.${q}`), { min: 1, max: 5 })),
      field('overall', 'integer', t('projects.overall'), { required: true, min: 1, max: 5 }),
      field('comment', 'textarea', t('projects.comment'), { maxLength: 5000 }),
    ],
    [t],
  );
  return (
    <Section project={project} open="results" title={t('projects.satisfactionTitle')} addLabel={t('projects.addSatisfaction')} onAdd={() => setAdding(true)}>
      <Text size="sm" c="dimmed">
        {t('projects.scoreScale')}
      </Text>
      <FormModal title={t('projects.addSatisfaction')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            const scores: Record<string, number> = {};
            const rest: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(body)) {
              if (key.startsWith('score_')) scores[key.slice('score_'.length)] = Number(value);
              else rest[key] = value;
            }
            await addSatisfaction(project.id, { ...rest, scores } as Parameters<typeof addSatisfaction>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
    </Section>
  );
}

function Summary({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const results = useQuery({ queryKey: recordsKey(project.id, 'results'), queryFn: () => fetchResults(project.id) });
  return (
    <Stack gap="md" component="section" aria-labelledby="results-title">
      <Title order={2} size="h4" id="results-title">
        {t('projects.resultsTitle')}
      </Title>
      <Loaded query={results}>
        {(r) => {
          const figures: [string, string][] = [
            [t('projects.registered'), `${number(r.participants_registered)}${r.target_quantity ? ` / ${number(r.target_quantity)}` : ''}`],
            [t('projects.reached'), number(r.participants_reached)],
            [t('projects.sessionsHeld'), number(r.sessions)],
            [t('projects.attendance'), r.attendance_percent === null ? '—' : `${number(r.attendance_percent)}%`],
            [t('projects.indicatorsMet'), `${r.indicators_met} / ${r.indicators.length}`],
            [t('projects.satisfactionAverage'), r.satisfaction.overall_average === null ? '—' : `${number(r.satisfaction.overall_average)} / 5 (${t('projects.responses', { count: r.satisfaction.responses })})`],
            [t('projects.budgetFigures.planned'), formatBaht(r.budget.planned, lang)],
            [t('projects.budgetFigures.spent'), formatBaht(r.budget.spent, lang)],
          ];
          return (
            <Stack gap="md">
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                {figures.map(([label, value]) => (
                  <Card key={label} withBorder padding="sm" radius="md">
                    <Text size="sm" c="dimmed">
                      {label}
                    </Text>
                    <Text fw={700} className="tabular">
                      {value}
                    </Text>
                  </Card>
                ))}
              </SimpleGrid>
              {r.satisfaction.responses > 0 ? (
                <Table aria-label={t('projects.satisfactionTitle')} striped>
                  <Table.Tbody>
                    {r.satisfaction.by_question.map((q) => (
                      <Table.Tr key={q.question}>
                        <Table.Td>{t(`projects.questions.${q.question}`)}</Table.Td>
                        <Table.Td ta="right">{q.average === null ? '—' : `${number(q.average)} / 5`}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : null}
              {r.occupational ? (
                <Text size="sm">
                  {t('projects.occupational', {
                    followed: r.occupational.participants_followed,
                    groups: r.occupational.in_groups,
                    increased: r.occupational.income_increased,
                  })}
                </Text>
              ) : null}
            </Stack>
          );
        }}
      </Loaded>
    </Stack>
  );
}
