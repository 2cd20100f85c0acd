// One community plan: its four stages in the StepTracker, and the records the stages are made of,
// one tab per stage. A stage's records can be written while that stage is open; the tab says so
// when it is not (the API refuses with plans.wrong_stage).
import { useMemo, useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { useFireTransition, workflowQuery } from '../../api/workflow';
import {
  DATA_SOURCE_KINDS,
  OUTCOMES,
  PLAN_SUBJECT,
  PROBLEM_KINDS,
  ROUTES,
  TEAMS,
  WRITABLE_IN,
  WRITE_PLANS,
  addOption,
  addTeamMember,
  createForum,
  createItem,
  fetchForums,
  fetchItems,
  fetchOptions,
  fetchPlan,
  fetchProblems,
  fetchProfile,
  fetchProgress,
  fetchRanking,
  fetchTeamMembers,
  planKey,
  planRecordsKeys,
  putProfile,
  putRanking,
  raiseProblem,
  recordOutcome,
  updateItem,
  type Forum,
  type Item,
  type Plan,
  type PlanProblem,
  type Profile,
} from '../../api/plans';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { RecordForm, field, type RecordField } from '../../components/RecordForm';
import { EmptyView, ErrorView, LoadingView } from '../../components/StateViews';
import { StepTracker } from '../../components/StepTracker/StepTracker';
import type { FieldValues } from '../../components/StepTracker/schemaFields';
import { currentLang } from '../../i18n';
import { enumLabel, enumOptions } from '../../lib/labels';
import { formatBaht, formatBeDate, formatBeDateTime } from '../../lib/thai';
import { useTab } from '../../lib/useTab';
import { PlanStateBadge } from './PlansPage';

const TABS = ['steps', 'teams', 'profile', 'forums', 'options', 'items'] as const;
const recordsKey = (planId: string, what: string, ...rest: string[]) => ['plan-records', planId, what, ...rest] as const;

/** Refetch what a write under this plan may have changed (its records, its stage's guards). */
function useRefresh(planId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([...planRecordsKeys(planId), ['workflow', PLAN_SUBJECT]].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
}

export function PlanPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery({ queryKey: planKey(id), queryFn: () => fetchPlan(id) });
  const [tab, setTab] = useTab(TABS);
  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const plan = query.data;
  return (
    <Stack gap="lg">
      <PageHeader
        title={plan.title_th}
        crumbs={[{ label: t('plans.title'), to: '/plans' }]}
        badge={<PlanStateBadge plan={plan} size="lg" />}
        intro={`${plan.village ? `${t('villages.number')} ${plan.village.number} ${plan.village.name_th}` : t('groups.wholeOrganisation')} · ${t('plans.periodLabel', { from: plan.fiscal_year_start_be, to: plan.fiscal_year_end_be })}`}
      />
      {plan.vision_th || plan.note ? (
        <Card withBorder padding="md" radius="md">
          <DetailList
            items={[
              { label: t('plans.vision'), value: plan.vision_th, wide: true },
              ...(plan.note ? [{ label: t('plans.note'), value: plan.note, wide: true }] : []),
            ]}
          />
        </Card>
      ) : null}
      <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="steps">{t('plans.tabs.steps')}</Tabs.Tab>
          <Tabs.Tab value="teams">{t('plans.tabs.teams')}</Tabs.Tab>
          <Tabs.Tab value="profile">{t('plans.tabs.profile')}</Tabs.Tab>
          <Tabs.Tab value="forums">{t('plans.tabs.forums')}</Tabs.Tab>
          <Tabs.Tab value="options">{t('plans.tabs.options')}</Tabs.Tab>
          <Tabs.Tab value="items">{t('plans.tabs.items')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="steps" pt="lg">
          <Stages plan={plan} />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="lg">
          <Teams plan={plan} />
        </Tabs.Panel>
        <Tabs.Panel value="profile" pt="lg">
          <ProfileTab plan={plan} />
        </Tabs.Panel>
        <Tabs.Panel value="forums" pt="lg">
          <Forums plan={plan} />
        </Tabs.Panel>
        <Tabs.Panel value="options" pt="lg">
          <Options plan={plan} />
        </Tabs.Panel>
        <Tabs.Panel value="items" pt="lg">
          <Items plan={plan} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Stages({ plan }: { plan: Plan }) {
  const params = { plan_id: plan.id };
  const view = useQuery(workflowQuery(PLAN_SUBJECT, params));
  const fire = useFireTransition(PLAN_SUBJECT, params, planRecordsKeys(plan.id));
  if (view.isPending) return <LoadingView />;
  if (view.isError) return <ErrorView error={view.error} onRetry={() => void view.refetch()} />;
  return (
    <Stack gap="lg">
      <StepTracker view={view.data} subjectKey={`plans.${plan.id}`} onTransition={fire} />
      <ProgressCard planId={plan.id} />
    </Stack>
  );
}

function ProgressCard({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const progress = useQuery({ queryKey: recordsKey(planId, 'progress'), queryFn: () => fetchProgress(planId) });
  if (!progress.data || progress.data.items === 0) return null;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="progress-title">
      <Title order={3} size="h4" id="progress-title" mb="sm">
        {t('plans.progress', { count: progress.data.items })}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {progress.data.by_route.map((r) => (
          <Stack key={r.route ?? 'none'} gap={2}>
            <Text fw={600}>
              {r.route ? enumLabel('Route', r.route, r.label_th) : t('plans.notRouted')}: {r.total}
            </Text>
            {r.outcomes.map((o) => (
              <Text key={o.outcome ?? 'pending'} size="sm" c="dimmed">
                {o.outcome ? enumLabel('Outcome', o.outcome, o.label_th) : t('plans.pending')}: {o.count}
              </Text>
            ))}
          </Stack>
        ))}
      </SimpleGrid>
    </Card>
  );
}

/** A section with a title, an "add" button while the stage is open, and why not when it is not. */
function Section({
  plan,
  stage,
  title,
  addLabel,
  onAdd,
  quiet = false,
  children,
}: {
  plan: Plan;
  stage: keyof typeof WRITABLE_IN;
  title: string;
  addLabel?: string;
  onAdd?: () => void;
  /** Something else in the section is open now (an item's outcome): no "recorded in stage …" note. */
  quiet?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const canWrite = useCan(WRITE_PLANS);
  const open = WRITABLE_IN[stage].includes(plan.state);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={2} size="h4">
          {title}
        </Title>
        {canWrite && open && onAdd && addLabel ? (
          <Button size="sm" variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
            {addLabel}
          </Button>
        ) : null}
      </Group>
      {canWrite && !open && !quiet ? (
        <Text size="sm" c="dimmed">
          {t('plans.stageClosed', { states: WRITABLE_IN[stage].map((s) => enumLabel('PlanState', s)).join(', ') })}
        </Text>
      ) : null}
      {children}
    </Stack>
  );
}

function FormModal({ title, opened, onClose, children }: { title: string; opened: boolean; onClose: () => void; children: ReactNode }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      {opened ? children : null}
    </Modal>
  );
}

function Teams({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const refresh = useRefresh(plan.id);
  const [adding, setAdding] = useState(false);
  const members = useQuery({ queryKey: recordsKey(plan.id, 'teams'), queryFn: () => fetchTeamMembers(plan.id) });
  const fields = useMemo(
    () => [
      field('team', 'enum', t('plans.team'), { required: true, options: enumOptions('Team', TEAMS) }),
      field('full_name', 'text', t('fields.full_name'), { required: true, maxLength: 300 }),
      field('role_th', 'text', t('plans.roleInTeam'), { required: true, maxLength: 100 }),
      field('affiliation_th', 'text', t('plans.affiliation'), { maxLength: 200 }),
      field('phone', 'text', t('citizens.phone'), { maxLength: 20, pattern: '^[0-9+\\- ]{9,20}$' }),
    ],
    [t],
  );
  return (
    <Section plan={plan} stage="team" title={t('plans.teamsTitle')} addLabel={t('plans.addTeamMember')} onAdd={() => setAdding(true)}>
      <Loaded query={members}>
        {(page) => (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {TEAMS.map((team) => {
              const rows = page.items.filter((m) => m.team === team);
              return (
                <Card key={team} withBorder padding="md" radius="md" component="section" aria-label={enumLabel('Team', team)}>
                  <Text fw={600} mb="xs">
                    {enumLabel('Team', team)}
                  </Text>
                  {rows.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('plans.noTeamMembers')}
                    </Text>
                  ) : (
                    <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                      {rows.map((m) => (
                        <Text component="li" size="sm" key={m.id} c={m.is_active ? undefined : 'dimmed'}>
                          <strong>{m.full_name}</strong> · {m.role_th}
                          {m.affiliation_th ? ` · ${m.affiliation_th}` : ''}
                          {m.is_active ? '' : ` (${t('plans.leftTeam')})`}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Card>
              );
            })}
          </SimpleGrid>
        )}
      </Loaded>
      <FormModal title={t('plans.addTeamMember')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addTeamMember(plan.id, body as Parameters<typeof addTeamMember>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('plans.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
    </Section>
  );
}

const rowsOf = <T,>(items: T[] | undefined, map: (item: T) => FieldValues) => (items ?? []).map(map);

function ProfileTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(plan.id);
  const [editing, setEditing] = useState(false);
  const profile = useQuery({ queryKey: recordsKey(plan.id, 'profile'), queryFn: () => fetchProfile(plan.id) });
  const fields = useMemo<RecordField[]>(
    () => [
      field('population', 'integer', t('plans.population'), { required: true, min: 1 }),
      field('households', 'integer', t('plans.households'), { required: true, min: 1 }),
      field('occupations', 'object-list', t('plans.occupations'), {
        itemFields: [field('name_th', 'text', t('plans.occupation'), { required: true, maxLength: 200 }), field('households', 'integer', t('plans.occupationHouseholds'), { min: 0 })],
      }),
      field('potentials', 'object-list', t('plans.potentials'), {
        itemFields: [field('title_th', 'text', t('plans.potential'), { required: true, maxLength: 200 }), field('note_th', 'text', t('plans.note'), { maxLength: 1000 })],
      }),
      field('resources', 'object-list', t('plans.resources'), {
        itemFields: [field('name_th', 'text', t('plans.resource'), { required: true, maxLength: 200 }), field('note_th', 'text', t('plans.note'), { maxLength: 1000 })],
      }),
      field('data_sources', 'object-list', t('plans.dataSources'), {
        itemFields: [
          field('kind', 'enum', t('plans.dataSourceKind'), { required: true, options: enumOptions('DataSourceKind', DATA_SOURCE_KINDS) }),
          field('title_th', 'text', t('plans.dataSourceTitle'), { required: true, maxLength: 200 }),
          field('year_be', 'integer', t('plans.yearBe'), { min: 2400, max: 2800, noGrouping: true }),
        ],
      }),
      field('summary_th', 'textarea', t('plans.summary'), { maxLength: 20000 }),
    ],
    [t],
  );
  const current = profile.data ?? null;
  const initial = useMemo<FieldValues | undefined>(() => {
    if (!current) return undefined;
    const keep = (rows: FieldValues[]) => (rows.length ? rows : undefined);
    const values: FieldValues = {
      population: current.population,
      households: current.households,
      summary_th: current.summary_th ?? '',
    };
    const lists: [string, FieldValues[] | undefined][] = [
      ['occupations', keep(rowsOf(current.occupations, (o) => ({ name_th: o.name_th, households: o.households ?? '' })))],
      ['potentials', keep(rowsOf(current.potentials, (p) => ({ title_th: p.title_th, note_th: p.note_th ?? '' })))],
      ['resources', keep(rowsOf(current.resources, (r) => ({ name_th: r.name_th, note_th: r.note_th ?? '' })))],
      ['data_sources', keep(rowsOf(current.data_sources, (d) => ({ kind: d.kind, title_th: d.title_th, year_be: d.year_be ?? '' })))],
    ];
    for (const [key, rows] of lists) if (rows) values[key] = rows;
    return values;
  }, [current]);

  return (
    <Section plan={plan} stage="profile" title={t('plans.profileTitle')} addLabel={current ? t('plans.editProfile') : t('plans.writeProfile')} onAdd={() => setEditing(true)}>
      <Loaded query={profile}>{(p) => (p ? <ProfileView profile={p} lang={lang} /> : <EmptyView title={t('plans.noProfile')} />)}</Loaded>
      <FormModal title={t('plans.profileTitle')} opened={editing} onClose={() => setEditing(false)}>
        <RecordForm
          fields={fields}
          initial={initial}
          submitLabel={t('form.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            await putProfile(plan.id, { occupations: [], potentials: [], resources: [], data_sources: [], ...body } as unknown as Parameters<typeof putProfile>[1], current?.version ?? null);
            await refresh();
            notifications.show({ color: 'teal', message: t('plans.saved') });
            setEditing(false);
          }}
        />
      </FormModal>
    </Section>
  );
}

function ProfileView({ profile: p, lang }: { profile: Profile; lang: 'th' | 'en' }) {
  const { t } = useTranslation();
  const list = (rows: string[]) => (rows.length ? rows.join(', ') : '');
  return (
    <Card withBorder padding="lg" radius="md">
      <DetailList
        items={[
          { label: t('plans.population'), value: p.population.toLocaleString(lang === 'en' ? 'en' : 'th-TH') },
          { label: t('plans.households'), value: p.households.toLocaleString(lang === 'en' ? 'en' : 'th-TH') },
          { label: t('plans.occupations'), value: list(p.occupations.map((o) => (o.households ? `${o.name_th} (${o.households})` : o.name_th))), wide: true },
          { label: t('plans.potentials'), value: list(p.potentials.map((x) => x.title_th)), wide: true },
          { label: t('plans.resources'), value: list(p.resources.map((x) => x.name_th)), wide: true },
          { label: t('plans.dataSources'), value: list(p.data_sources.map((d) => `${enumLabel('DataSourceKind', d.kind)}: ${d.title_th}${d.year_be ? ` (${d.year_be})` : ''}`)), wide: true },
          { label: t('plans.summary'), value: p.summary_th, wide: true },
        ]}
      />
    </Card>
  );
}

function Forums({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const refresh = useRefresh(plan.id);
  const [adding, setAdding] = useState(false);
  const forums = useQuery({ queryKey: recordsKey(plan.id, 'forums'), queryFn: () => fetchForums(plan.id) });
  const problems = useQuery({ queryKey: recordsKey(plan.id, 'problems'), queryFn: () => fetchProblems(plan.id) });
  const fields = useMemo(
    () => [
      field('held_on', 'date', t('fields.held_on'), { required: true }),
      field('place_th', 'text', t('fields.place'), { required: true, maxLength: 300 }),
      field('attendance', 'integer', t('plans.attendance'), { required: true, min: 1, max: 100000 }),
      field('minutes_th', 'textarea', t('fields.minutes'), { required: true, maxLength: 20000 }),
    ],
    [t],
  );
  return (
    <Section plan={plan} stage="forum" title={t('plans.forumsTitle')} addLabel={t('plans.addForum')} onAdd={() => setAdding(true)}>
      <Loaded query={forums}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyView title={t('plans.noForums')} />
          ) : (
            <Stack gap="md">
              {page.items.map((forum) => (
                <ForumCard key={forum.id} plan={plan} forum={forum} problems={(problems.data?.items ?? []).filter((p) => p.forum_id === forum.id)} />
              ))}
            </Stack>
          )
        }
      </Loaded>
      <FormModal title={t('plans.addForum')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await createForum(plan.id, body as Parameters<typeof createForum>[1]);
            await refresh();
            notifications.show({ color: 'teal', message: t('plans.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
    </Section>
  );
}

function ForumCard({ plan, forum, problems }: { plan: Plan; forum: Forum; problems: PlanProblem[] }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(plan.id);
  const canWrite = useCan(WRITE_PLANS) && WRITABLE_IN.forum.includes(plan.state);
  const [form, setForm] = useState<'problem' | 'ranking' | null>(null);
  const ranking = useQuery({ queryKey: recordsKey(plan.id, 'ranking', forum.id), queryFn: () => fetchRanking(plan.id, forum.id) });
  const problemFields = useMemo(
    () => [
      field('kind', 'enum', t('plans.problemKind'), { required: true, options: enumOptions('ProblemKind', PROBLEM_KINDS) }),
      field('title_th', 'text', t('plans.problemTitle'), { required: true, maxLength: 300 }),
      field('category_th', 'text', t('plans.category'), { maxLength: 100 }),
      field('description_th', 'textarea', t('plans.description'), { maxLength: 5000 }),
    ],
    [t],
  );
  const rankingFields = useMemo(
    () => [
      field('method', 'enum', t('plans.rankingMethod'), { required: true, options: enumOptions('RankingMethod', ['votes', 'scores']) }),
      ...problems.map((p) => field(p.id, 'integer', p.title_th, { required: true, min: 0, max: 1_000_000 })),
    ],
    [t, problems],
  );
  const rankingInitial = useMemo<FieldValues>(() => {
    const values: FieldValues = { method: ranking.data?.method ?? 'votes' };
    for (const e of ranking.data?.entries ?? []) values[e.problem_id] = e.value;
    return values;
  }, [ranking.data]);

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-label={t('plans.forumOn', { date: formatBeDate(forum.held_on, lang) })}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Text fw={600}>{t('plans.forumOn', { date: formatBeDate(forum.held_on, lang, 'long') })}</Text>
            <Text size="sm" c="dimmed">
              {forum.place_th} · {t('plans.attendanceCount', { count: forum.attendance })}
            </Text>
          </div>
          {canWrite ? (
            <Group gap="xs">
              <Button size="xs" variant="light" onClick={() => setForm('problem')}>
                {t('plans.addProblem')}
              </Button>
              <Button size="xs" variant="light" disabled={problems.length === 0} onClick={() => setForm('ranking')}>
                {t('plans.recordRanking')}
              </Button>
            </Group>
          ) : null}
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
          {forum.minutes_th}
        </Text>
        {problems.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('plans.noProblems')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table striped aria-label={t('plans.problemsAt')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('plans.rank')}</Table.Th>
                  <Table.Th>{t('plans.problemTitle')}</Table.Th>
                  <Table.Th>{t('plans.problemKind')}</Table.Th>
                  <Table.Th ta="right">{ranking.data?.method ? enumLabel('RankingMethod', ranking.data.method) : t('plans.value')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...problems]
                  .map((p) => ({ p, entry: ranking.data?.entries.find((e) => e.problem_id === p.id) }))
                  .sort((a, b) => (a.entry?.rank ?? 1e9) - (b.entry?.rank ?? 1e9))
                  .map(({ p, entry }) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{entry ? entry.rank : '—'}</Table.Td>
                      <Table.Td>
                        {p.title_th}
                        {p.category_th ? (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            · {p.category_th}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{enumLabel('ProblemKind', p.kind, p.kind_label_th)}</Table.Td>
                      <Table.Td ta="right">{entry ? entry.value.toLocaleString() : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {ranking.data?.ranked_at ? (
          <Text size="xs" c="dimmed">
            {t('plans.rankedAt', { at: formatBeDateTime(ranking.data.ranked_at, lang) })}
          </Text>
        ) : null}
      </Stack>
      <FormModal title={t('plans.addProblem')} opened={form === 'problem'} onClose={() => setForm(null)}>
        <RecordForm
          fields={problemFields}
          submitLabel={t('form.save')}
          onCancel={() => setForm(null)}
          onSubmit={async (body) => {
            await raiseProblem(plan.id, forum.id, body as Parameters<typeof raiseProblem>[2]);
            await refresh();
            notifications.show({ color: 'teal', message: t('plans.saved') });
            setForm(null);
          }}
        />
      </FormModal>
      <FormModal title={t('plans.recordRanking')} opened={form === 'ranking'} onClose={() => setForm(null)}>
        <RecordForm
          fields={rankingFields}
          initial={rankingInitial}
          submitLabel={t('form.save')}
          onCancel={() => setForm(null)}
          onSubmit={async (body) => {
            const { method, ...values } = body;
            const entries = Object.entries(values).map(([problem_id, value]) => ({ problem_id, value: Number(value) }));
            await putRanking(plan.id, forum.id, ranking.data?.version ?? forum.version, { method: method as 'votes' | 'scores', entries });
            await refresh();
            notifications.show({ color: 'teal', message: t('plans.saved') });
            setForm(null);
          }}
        />
      </FormModal>
    </Card>
  );
}

function Options({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const problems = useQuery({ queryKey: recordsKey(plan.id, 'problems'), queryFn: () => fetchProblems(plan.id) });
  return (
    <Section plan={plan} stage="forum" title={t('plans.optionsTitle')}>
      <Loaded query={problems}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyView title={t('plans.noProblems')} />
          ) : (
            <Stack gap="md">
              {page.items.map((p) => (
                <ProblemOptions key={p.id} plan={plan} problem={p} />
              ))}
            </Stack>
          )
        }
      </Loaded>
    </Section>
  );
}

function ProblemOptions({ plan, problem }: { plan: Plan; problem: PlanProblem }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(plan.id);
  const canWrite = useCan(WRITE_PLANS) && WRITABLE_IN.forum.includes(plan.state);
  const [adding, setAdding] = useState(false);
  const options = useQuery({ queryKey: recordsKey(plan.id, 'options', problem.id), queryFn: () => fetchOptions(plan.id, problem.id) });
  const fields = useMemo(
    () => [
      field('title_th', 'text', t('plans.optionTitle'), { required: true, maxLength: 300 }),
      field('description_th', 'textarea', t('plans.description'), { maxLength: 5000 }),
      field('budget_estimate', 'decimal', t('plans.budgetEstimate'), { min: 0 }),
    ],
    [t],
  );
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label={problem.title_th}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Text fw={600}>{problem.title_th}</Text>
          <Text size="sm" c="dimmed">
            {enumLabel('ProblemKind', problem.kind, problem.kind_label_th)}
            {problem.category_th ? ` · ${problem.category_th}` : ''}
          </Text>
        </div>
        {canWrite ? (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setAdding(true)}>
            {t('plans.addOption')}
          </Button>
        ) : null}
      </Group>
      <Loaded query={options}>
        {(page) =>
          page.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('plans.noOptions')}
            </Text>
          ) : (
            <Stack gap={4} component="ul" style={{ margin: 0, paddingLeft: '1.2rem' }}>
              {page.items.map((o) => (
                <Text component="li" size="sm" key={o.id}>
                  {o.title_th}
                  {o.budget_estimate ? ` · ${formatBaht(o.budget_estimate, lang)}` : ''}
                  {o.description_th ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      — {o.description_th}
                    </Text>
                  ) : null}
                </Text>
              ))}
            </Stack>
          )
        }
      </Loaded>
      <FormModal title={t('plans.addOption')} opened={adding} onClose={() => setAdding(false)}>
        <RecordForm
          fields={fields}
          submitLabel={t('form.save')}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            await addOption(plan.id, problem.id, body as Parameters<typeof addOption>[2]);
            await refresh();
            notifications.show({ color: 'teal', message: t('plans.saved') });
            setAdding(false);
          }}
        />
      </FormModal>
    </Card>
  );
}

function Items({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const refresh = useRefresh(plan.id);
  const canWrite = useCan(WRITE_PLANS);
  const [form, setForm] = useState<{ kind: 'add' } | { kind: 'route' | 'outcome'; item: Item } | null>(null);
  const items = useQuery({ queryKey: recordsKey(plan.id, 'items'), queryFn: () => fetchItems(plan.id) });
  const problems = useQuery({ queryKey: recordsKey(plan.id, 'problems'), queryFn: () => fetchProblems(plan.id) });
  const problemTitle = new Map((problems.data?.items ?? []).map((p) => [p.id, p.title_th]));
  const routeFields = [
    field('route', 'enum', t('plans.route'), { required: true, options: enumOptions('Route', ROUTES) }),
    field('agency_name', 'text', t('plans.agency'), { maxLength: 200, description: t('plans.agencyHint') }),
  ];
  const addFields = [
    field('problem_id', 'enum', t('plans.answersProblem'), { required: true, options: (problems.data?.items ?? []).map((p) => ({ value: p.id, label: p.title_th })) }),
    field('title_th', 'text', t('plans.itemTitle'), { required: true, maxLength: 300 }),
    field('description_th', 'textarea', t('plans.description'), { maxLength: 5000 }),
    field('budget_estimate', 'decimal', t('plans.budgetEstimate'), { min: 0 }),
    ...routeFields.map((f) => ({ ...f, required: false })),
  ];
  const outcomeFields = [
    field('outcome', 'enum', t('plans.outcome'), { required: true, options: enumOptions('Outcome', OUTCOMES) }),
    field('decided_on', 'date', t('plans.decidedOn'), { required: true }),
    field('note', 'textarea', t('plans.note'), { maxLength: 2000 }),
  ];
  const itemOpen = canWrite && WRITABLE_IN.item.includes(plan.state);
  const outcomeOpen = canWrite && WRITABLE_IN.outcome.includes(plan.state);
  const close = () => setForm(null);
  const saved = async () => {
    await refresh();
    notifications.show({ color: 'teal', message: t('plans.saved') });
    close();
  };

  return (
    <Section plan={plan} stage="item" title={t('plans.itemsTitle')} addLabel={t('plans.addItem')} onAdd={() => setForm({ kind: 'add' })} quiet={outcomeOpen}>
      <Loaded query={items}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyView title={t('plans.noItems')} />
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped aria-label={t('plans.itemsTitle')} verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('plans.itemTitle')}</Table.Th>
                    <Table.Th ta="right">{t('plans.budgetEstimate')}</Table.Th>
                    <Table.Th>{t('plans.route')}</Table.Th>
                    <Table.Th>{t('plans.outcome')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {item.title_th}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('plans.answers', { problem: problemTitle.get(item.problem_id) ?? '—' })}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{item.budget_estimate ? formatBaht(item.budget_estimate, lang) : '—'}</Table.Td>
                      <Table.Td>
                        {item.route ? enumLabel('Route', item.route, item.route_label_th) : <Badge color="orange" variant="light">{t('plans.notRouted')}</Badge>}
                        {item.agency_name ? (
                          <Text size="xs" c="dimmed">
                            {item.agency_name}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {item.outcome ? (
                          <>
                            <Badge variant="light" color={item.outcome === 'declined' ? 'red' : 'teal'}>
                              {enumLabel('Outcome', item.outcome, item.outcome_label_th)}
                            </Badge>
                            {item.outcome_on ? (
                              <Text size="xs" c="dimmed">
                                {formatBeDate(item.outcome_on, lang)}
                                {item.outcome_note ? ` · ${item.outcome_note}` : ''}
                              </Text>
                            ) : null}
                          </>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t('plans.pending')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {itemOpen ? (
                            <Button size="compact-sm" variant="light" onClick={() => setForm({ kind: 'route', item })}>
                              {t('plans.setRoute')}
                            </Button>
                          ) : null}
                          {outcomeOpen && item.outcome !== 'done' && item.outcome !== 'declined' ? (
                            <Button size="compact-sm" variant="light" onClick={() => setForm({ kind: 'outcome', item })}>
                              {t('plans.recordOutcome')}
                            </Button>
                          ) : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
      {outcomeOpen ? null : canWrite && plan.state !== 'closed' ? (
        <Text size="sm" c="dimmed">
          {t('plans.outcomesLater')}
        </Text>
      ) : null}
      <FormModal title={t('plans.addItem')} opened={form?.kind === 'add'} onClose={close}>
        <RecordForm
          fields={addFields}
          submitLabel={t('form.save')}
          onCancel={close}
          onSubmit={async (body) => {
            await createItem(plan.id, body as Parameters<typeof createItem>[1]);
            await saved();
          }}
        />
      </FormModal>
      <FormModal title={form?.kind === 'route' ? t('plans.setRouteOf', { item: form.item.title_th }) : ''} opened={form?.kind === 'route'} onClose={close}>
        {form?.kind === 'route' ? (
          <RecordForm
            fields={routeFields}
            initial={{ route: form.item.route ?? null, agency_name: form.item.agency_name ?? '' }}
            submitLabel={t('form.save')}
            onCancel={close}
            onSubmit={async (body) => {
              await updateItem(plan.id, form.item, { route: body.route as Item['route'], agency_name: (body.agency_name as string | undefined) ?? null });
              await saved();
            }}
          />
        ) : null}
      </FormModal>
      <FormModal title={form?.kind === 'outcome' ? t('plans.outcomeOf', { item: form.item.title_th }) : ''} opened={form?.kind === 'outcome'} onClose={close}>
        {form?.kind === 'outcome' ? (
          <RecordForm
            fields={outcomeFields}
            submitLabel={t('form.save')}
            onCancel={close}
            onSubmit={async (body) => {
              await recordOutcome(plan.id, form.item, body as Parameters<typeof recordOutcome>[2]);
              await saved();
            }}
          />
        ) : null}
      </FormModal>
    </Section>
  );
}

/** The loading and error states of one record query, the data to its child. */
function Loaded<T>({ query, children }: { query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown }; children: (data: T) => ReactNode }) {
  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data as T)}</>;
}
