// Section 8, the budget: its lines while the proposal is written, then what was planned against
// what was spent line by line, the spending itself (voided, never deleted), and the overruns an
// executive approved.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ActionIcon, Badge, Button, Card, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowUpRight, IconBan, IconTrash } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import {
  APPROVE_PROJECTS,
  BUDGET_SOURCES,
  WRITE_PROJECTS,
  addLine,
  addSpending,
  approveOverrun,
  fetchBudget,
  fetchLines,
  fetchSpending,
  removeLine,
  voidSpending,
  type BudgetLine,
  type Project,
  type Spending,
} from '../../api/projects';
import { problemText } from '../../api/problem';
import { PagedList, type Column } from '../../components/PagedList/PagedList';
import { RecordForm, field, type RecordField } from '../../components/RecordForm';
import { currentLang } from '../../i18n';
import { enumLabel, enumOptions } from '../../lib/labels';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { FormModal, Loaded, Section, isOpen, recordsKey, useRefresh } from './parts';

export function BudgetTab({ project }: { project: Project }) {
  return (
    <Stack gap="xl">
      <Lines project={project} />
      <PlannedAgainstSpent project={project} />
      <SpendingList project={project} />
    </Stack>
  );
}

function Lines({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const canWrite = useCan(WRITE_PROJECTS);
  const [adding, setAdding] = useState(false);
  const lines = useQuery({ queryKey: recordsKey(project.id, 'lines'), queryFn: () => fetchLines(project.id) });
  const writable = canWrite && isOpen(project, 'proposal');
  const fields = useMemo<RecordField[]>(
    () => [
      field('item', 'text', t('projects.lineItem'), { required: true, maxLength: 300 }),
      field('quantity', 'integer', t('projects.quantity'), { required: true, min: 1, max: 1_000_000 }),
      field('unit', 'text', t('projects.unit'), { required: true, maxLength: 100 }),
      field('unit_cost', 'decimal', t('projects.unitCost'), { required: true, min: 0 }),
      field('source', 'enum', t('projects.source'), { required: true, options: enumOptions('BudgetSource', BUDGET_SOURCES), defaultValue: 'local_budget' }),
      field('note', 'text', t('projects.note'), { maxLength: 500 }),
    ],
    [t],
  );
  const remove = async (line: BudgetLine) => {
    try {
      await removeLine(project.id, line);
      await refresh();
      notifications.show({ color: 'teal', message: t('projects.lineRemoved') });
    } catch (error) {
      notifications.show({ color: 'red', message: problemText(t, error) });
    }
  };
  return (
    <Section project={project} open="proposal" title={t('projects.linesTitle')} addLabel={t('projects.addLine')} onAdd={() => setAdding(true)}>
      <Loaded query={lines}>
        {(rows) =>
          rows.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('projects.noLines')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label={t('projects.linesTitle')} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>#</Table.Th>
                    <Table.Th>{t('projects.lineItem')}</Table.Th>
                    <Table.Th ta="right">{t('projects.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('projects.unitCost')}</Table.Th>
                    <Table.Th ta="right">{t('projects.amount')}</Table.Th>
                    <Table.Th>{t('projects.source')}</Table.Th>
                    {writable ? <Table.Th w={50} /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((l) => (
                    <Table.Tr key={l.id}>
                      <Table.Td>{l.seq}</Table.Td>
                      <Table.Td>{l.item}</Table.Td>
                      <Table.Td ta="right">
                        {l.quantity.toLocaleString('th-TH')} {l.unit}
                      </Table.Td>
                      <Table.Td ta="right">{formatBaht(l.unit_cost, lang)}</Table.Td>
                      <Table.Td ta="right">{formatBaht(l.amount, lang)}</Table.Td>
                      <Table.Td>{enumLabel('BudgetSource', l.source, l.source_label_th)}</Table.Td>
                      {writable ? (
                        <Table.Td>
                          <Tooltip label={t('projects.removeLine', { item: l.item })}>
                            <ActionIcon variant="subtle" color="red" aria-label={t('projects.removeLine', { item: l.item })} onClick={() => void remove(l)}>
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={4}>{t('projects.total')}</Table.Th>
                    <Table.Th ta="right" data-testid="budget-total">
                      {formatBaht(project.budget_total, lang)}
                    </Table.Th>
                    <Table.Th colSpan={writable ? 2 : 1} />
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      <FormModal title={t('projects.addLine')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addLine(project.id, body as Parameters<typeof addLine>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.lineAdded') });
            setAdding(false);
          }}
        />
      </FormModal>
    </Section>
  );
}

function PlannedAgainstSpent({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const canApprove = useCan(APPROVE_PROJECTS);
  const [overrunLine, setOverrunLine] = useState<{ id: string; item: string } | null>(null);
  const budget = useQuery({ queryKey: recordsKey(project.id, 'budget'), queryFn: () => fetchBudget(project.id) });
  const fields = useMemo<RecordField[]>(
    () => [
      field('amount', 'decimal', t('projects.overrunAmount'), { required: true, min: 0 }),
      field('raises_total', 'boolean', t('projects.raisesTotal'), { defaultValue: true, description: t('projects.raisesTotalHint') }),
      field('approved_on', 'date', t('projects.approvedOn'), { required: true }),
      field('reason', 'textarea', t('projects.overrunReason'), { required: true, maxLength: 20000 }),
    ],
    [t],
  );
  const approving = canApprove && isOpen(project, 'budget');
  return (
    <Section project={project} open="budget" title={t('projects.plannedVsSpent')}>
      <Loaded query={budget}>
        {(b) => (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {(
                [
                  ['planned', b.planned_total],
                  ['ceiling', b.ceiling_total],
                  ['spent', b.spent_total],
                  ['remaining', b.remaining_total],
                ] as const
              ).map(([key, value]) => (
                <Card key={key} withBorder padding="sm" radius="md">
                  <Text size="sm" c="dimmed">
                    {t(`projects.budgetFigures.${key}`)}
                  </Text>
                  <Text fw={700} size="lg" className="tabular" data-testid={`budget-${key}`}>
                    {formatBaht(value, lang)}
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
            {b.lines.length ? (
              <Table.ScrollContainer minWidth={640}>
                <Table aria-label={t('projects.plannedVsSpent')} striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('projects.lineItem')}</Table.Th>
                      <Table.Th ta="right">{t('projects.budgetFigures.planned')}</Table.Th>
                      <Table.Th ta="right">{t('projects.overrunApproved')}</Table.Th>
                      <Table.Th ta="right">{t('projects.budgetFigures.spent')}</Table.Th>
                      <Table.Th ta="right">{t('projects.budgetFigures.remaining')}</Table.Th>
                      {approving ? <Table.Th /> : null}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {b.lines.map((l) => (
                      <Table.Tr key={l.line_id}>
                        <Table.Td>
                          {l.seq}. {l.item}
                        </Table.Td>
                        <Table.Td ta="right">{formatBaht(l.planned, lang)}</Table.Td>
                        <Table.Td ta="right">{Number(l.overrun_approved) ? formatBaht(l.overrun_approved, lang) : '—'}</Table.Td>
                        <Table.Td ta="right">{formatBaht(l.spent, lang)}</Table.Td>
                        <Table.Td ta="right" c={Number(l.remaining) <= 0 ? 'red.8' : undefined}>
                          {formatBaht(l.remaining, lang)}
                        </Table.Td>
                        {approving ? (
                          <Table.Td>
                            <Button size="xs" variant="subtle" leftSection={<IconArrowUpRight size={14} aria-hidden />} onClick={() => setOverrunLine({ id: l.line_id, item: l.item })}>
                              {t('projects.approveOverrun')}
                            </Button>
                          </Table.Td>
                        ) : null}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : null}
            {b.overruns.length ? (
              <Stack gap={4}>
                <Text fw={600} size="sm">
                  {t('projects.overrunsTitle')}
                </Text>
                {b.overruns.map((o) => (
                  <Text key={o.id} size="sm">
                    {formatBeDate(o.approved_on, lang)} · {formatBaht(o.amount, lang)} · {o.raises_total ? t('projects.raisesTotal') : t('projects.withinTotal')} · {o.reason} ({o.approved_by})
                  </Text>
                ))}
              </Stack>
            ) : null}
          </Stack>
        )}
      </Loaded>
      <FormModal title={overrunLine ? t('projects.approveOverrunFor', { item: overrunLine.item }) : ''} opened={overrunLine !== null} onClose={() => setOverrunLine(null)}>
        {overrunLine ? (
          <RecordForm
            fields={fields}
            submitLabel={t('form.save')}
            onCancel={() => setOverrunLine(null)}
            onSubmit={async (body) => {
              await approveOverrun(project.id, overrunLine.id, { raises_total: false, ...body } as Parameters<typeof approveOverrun>[2]);
              await refresh();
              notifications.show({ color: 'teal', message: t('projects.saved') });
              setOverrunLine(null);
            }}
          />
        ) : null}
      </FormModal>
    </Section>
  );
}

function SpendingList({ project }: { project: Project }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(project.id);
  const canWrite = useCan(WRITE_PROJECTS);
  const [adding, setAdding] = useState(false);
  const [voiding, setVoiding] = useState<Spending | null>(null);
  const lines = useQuery({ queryKey: recordsKey(project.id, 'lines'), queryFn: () => fetchLines(project.id) });
  const lineName = new Map((lines.data ?? []).map((l) => [l.id, `${l.seq}. ${l.item}`]));
  const writable = canWrite && isOpen(project, 'budget');
  const fields = useMemo<RecordField[]>(
    () => [
      field('line_id', 'enum', t('projects.line'), { required: true, options: (lines.data ?? []).map((l) => ({ value: l.id, label: `${l.seq}. ${l.item}` })) }),
      field('spent_on', 'date', t('projects.spentOn'), { required: true }),
      field('amount', 'decimal', t('projects.amount'), { required: true, min: 0 }),
      field('description', 'text', t('projects.spendingDescription'), { required: true, maxLength: 300 }),
      field('reference', 'text', t('projects.voucher'), { maxLength: 100 }),
    ],
    [t, lines.data],
  );
  const voidFields = useMemo<RecordField[]>(() => [field('reason', 'textarea', t('projects.voidReason'), { required: true, maxLength: 20000 })], [t]);
  const columns: Column<Spending>[] = [
    { key: 'date', header: t('projects.spentOn'), sortField: 'spent_on', render: (e) => formatBeDate(e.spent_on, lang) },
    { key: 'line', header: t('projects.line'), render: (e) => lineName.get(e.line_id) ?? '—' },
    {
      key: 'desc',
      header: t('projects.spendingDescription'),
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm" td={e.voided ? 'line-through' : undefined}>
            {e.description}
          </Text>
          <Text size="xs" c="dimmed">
            {[e.reference, e.recorded_by].filter(Boolean).join(' · ')}
          </Text>
          {e.voided ? (
            <Text size="xs" c="red.8">
              {t('projects.voided', { reason: e.void_reason ?? '' })}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'amount', header: t('projects.amount'), sortField: 'amount', align: 'right', render: (e) => <Text size="sm" td={e.voided ? 'line-through' : undefined}>{formatBaht(e.amount, lang)}</Text> },
    {
      key: 'actions',
      header: '',
      render: (e) =>
        writable && !e.voided ? (
          <Button size="xs" variant="subtle" color="red" leftSection={<IconBan size={14} aria-hidden />} onClick={() => setVoiding(e)}>
            {t('projects.void')}
          </Button>
        ) : e.voided ? (
          <Badge size="sm" color="gray" variant="light">
            {t('projects.voidedBadge')}
          </Badge>
        ) : null,
    },
  ];
  return (
    <Section project={project} open="budget" title={t('projects.spendingTitle')} addLabel={t('projects.addSpending')} onAdd={() => setAdding(true)}>
      <PagedList id="project-spending" scope={[project.id]} prefix="spending" caption={t('projects.spendingTitle')} fetchPage={(p) => fetchSpending(project.id, p)} columns={columns} rowKey={(e) => e.id} emptyText={t('projects.noSpending')} />
      <FormModal title={t('projects.addSpending')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addSpending(project.id, body as Parameters<typeof addSpending>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('projects.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
      <FormModal title={t('projects.void')} opened={voiding !== null} onClose={() => setVoiding(null)}>
        {voiding ? (
          <RecordForm
            fields={voidFields}
            submitLabel={t('projects.void')}
            onCancel={() => setVoiding(null)}
            onSubmit={async (body) => {
              await voidSpending(project.id, voiding.id, String(body.reason));
              await refresh();
              notifications.show({ color: 'teal', message: t('projects.saved') });
              setVoiding(null);
            }}
          />
        ) : null}
      </FormModal>
    </Section>
  );
}
