// One group: its ten formation steps (the StepTracker over GET/POST …/workflow), and the records
// those steps write — members, committee terms, the fund's ledger and bank accounts, evaluations.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { problemText } from '../../api/problem';
import { useVillages } from '../../api/villages';
import { useFireTransition, workflowQuery } from '../../api/workflow';
import {
  GROUP_STATES,
  GROUP_SUBJECT,
  WRITE_GROUPS,
  addMember,
  fetchEvaluations,
  fetchGroup,
  fetchGroupBankAccounts,
  fetchLedger,
  fetchMembers,
  fetchTerms,
  groupKey,
  groupRecordsKeys,
  postLedgerEntry,
  type CommitteeTerm,
  type Evaluation,
  type Group as GroupRecord,
  type GroupMember,
  type LedgerEntry,
  type LedgerPage,
} from '../../api/groups';
import { BeDateInput } from '../../components/BeDateInput';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { PagedList, type Column } from '../../components/PagedList/PagedList';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { StepTracker } from '../../components/StepTracker/StepTracker';
import type { Pickers } from '../../components/StepTracker/types';
import { currentLang } from '../../i18n';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { enumLabel } from '../../lib/labels';
import { formatBaht, formatBeDate } from '../../lib/thai';
import { useTab } from '../../lib/useTab';
import { GroupStateBadge } from './GroupsPage';

// Code lists behind the formation evidence's fields, so done steps read "ประธาน", not "chair".
const EVIDENCE_CODES = { kind: 'GroupKind', position: 'CommitteePosition' };
const TABS = ['steps', 'members', 'committee', 'fund', 'evaluations'] as const;
const reached = (group: GroupRecord, state: GroupRecord['state']) => group.state !== 'dissolved' && GROUP_STATES.indexOf(group.state) >= GROUP_STATES.indexOf(state);

export function GroupPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const query = useQuery({ queryKey: groupKey(id), queryFn: () => fetchGroup(id) });
  const [tab, setTab] = useTab(TABS);

  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const g = query.data;

  return (
    <Stack gap="lg">
      <PageHeader
        title={g.name}
        crumbs={[{ label: t('groups.title'), to: '/groups' }]}
        badge={<GroupStateBadge group={g} size="lg" />}
        intro={[enumLabel('GroupKind', g.kind, g.kind_label_th), villages.label(g.village_id) || t('groups.wholeOrganisation')].join(' · ')}
      />
      <Card withBorder padding="md" radius="md">
        <DetailList
          cols={3}
          items={[
            { label: t('groups.purpose'), value: g.purpose, wide: true },
            { label: t('groups.foundedOn'), value: g.founded_on ? formatBeDate(g.founded_on, lang, 'long') : '' },
            { label: t('groups.formedOn'), value: g.formed_on ? formatBeDate(g.formed_on, lang, 'long') : '' },
            { label: t('groups.fund'), value: formatBaht(g.fund_balance, lang) },
          ]}
        />
      </Card>
      <Tabs value={tab} onChange={(v) => setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="steps">{t('groups.tabs.steps')}</Tabs.Tab>
          <Tabs.Tab value="members">{t('groups.tabs.members')}</Tabs.Tab>
          <Tabs.Tab value="committee">{t('groups.tabs.committee')}</Tabs.Tab>
          <Tabs.Tab value="fund">{t('groups.tabs.fund')}</Tabs.Tab>
          <Tabs.Tab value="evaluations">{t('groups.tabs.evaluations')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="steps" pt="lg">
          <Formation groupId={g.id} />
        </Tabs.Panel>
        <Tabs.Panel value="members" pt="lg">
          <Members group={g} />
        </Tabs.Panel>
        <Tabs.Panel value="committee" pt="lg">
          <Committee groupId={g.id} />
        </Tabs.Panel>
        <Tabs.Panel value="fund" pt="lg">
          <Fund group={g} />
        </Tabs.Panel>
        <Tabs.Panel value="evaluations" pt="lg">
          <Evaluations groupId={g.id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Every member (and who sits on the committee now), for the id fields of the step forms. */
function useMemberPickers(groupId: string): Pickers {
  const members = useQuery({
    queryKey: ['group-members-all', groupId],
    queryFn: () => fetchMembers(groupId, { page: 1, pageSize: 200, sort: 'full_name', filters: {} }),
  });
  const terms = useQuery({
    queryKey: ['list', 'group-terms', groupId, 'current'],
    queryFn: () => fetchTerms(groupId, { page: 1, pageSize: 200, sort: null, filters: {} }),
  });
  return useMemo(() => {
    const all = (members.data?.items ?? []).map((m) => ({ value: m.id, label: m.full_name }));
    const active = (members.data?.items ?? []).filter((m) => !m.left_on).map((m) => ({ value: m.id, label: m.full_name }));
    const seated = (terms.data?.items ?? []).filter((term) => term.current).map((term) => ({ value: term.member_id, label: `${term.member_name} (${enumLabel('CommitteePosition', term.position, term.position_label_th)})` }));
    // Names first for whatever the evidence of done steps mentions; the choices are who may be picked now.
    return { member_id: active.length ? active : all, signatory_member_ids: seated.length ? seated : active, _all: all };
  }, [members.data, terms.data]);
}

function Formation({ groupId }: { groupId: string }) {
  const params = { group_id: groupId };
  const view = useQuery(workflowQuery(GROUP_SUBJECT, params));
  const fire = useFireTransition(GROUP_SUBJECT, params, groupRecordsKeys(groupId));
  const pickers = useMemberPickers(groupId);
  if (view.isPending) return <LoadingView />;
  if (view.isError) return <ErrorView error={view.error} onRetry={() => void view.refetch()} />;
  return <StepTracker view={view.data} subjectKey={`groups.${groupId}`} onTransition={fire} pickers={pickers} codes={EVIDENCE_CODES} money={['amount']} />;
}

function Members({ group }: { group: GroupRecord }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const canWrite = useCan(WRITE_GROUPS);
  const [adding, setAdding] = useState(false);
  const columns: Column<GroupMember>[] = [
    {
      key: 'name',
      header: t('groups.memberName'),
      sortField: 'full_name',
      render: (m) =>
        m.citizen_id ? (
          <Anchor component={Link} to={`/citizens/${m.citizen_id}`}>
            {m.full_name}
          </Anchor>
        ) : (
          m.full_name
        ),
    },
    { key: 'joined', header: t('groups.joinedOn'), sortField: 'joined_on', render: (m) => formatBeDate(m.joined_on, lang) },
    {
      key: 'status',
      header: t('groups.memberStatus'),
      render: (m) =>
        m.left_on ? (
          <Text size="sm">{t('groups.leftOn', { date: formatBeDate(m.left_on, lang), reason: m.leave_reason ?? '' })}</Text>
        ) : (
          <Badge variant="light" color="teal">
            {t('groups.memberActive')}
          </Badge>
        ),
    },
  ];
  const open = canWrite && reached(group, 'membership_opened');
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {reached(group, 'membership_opened') ? t('groups.membersIntro') : t('groups.membersNotYet')}
        </Text>
        {open ? (
          <Button size="sm" variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            {t('groups.addMember')}
          </Button>
        ) : null}
      </Group>
      <PagedList id="group-members" scope={[group.id]} prefix="members" caption={t('groups.tabs.members')} fetchPage={(p) => fetchMembers(group.id, p)} columns={columns} rowKey={(m) => m.id} defaultSort="joined_on" emptyText={t('groups.noMembers')} />
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('groups.addMember')}>
        <AddMemberForm groupId={group.id} onDone={() => setAdding(false)} />
      </Modal>
    </Stack>
  );
}

function AddMemberForm({ groupId, onDone }: { groupId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { full_name: '', joined_on: null as string | null },
    validate: { full_name: (v) => (v.trim() ? null : t('form.required')), joined_on: (v) => (v ? null : t('form.required')) },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setError(null);
        try {
          await addMember(groupId, { full_name: values.full_name.trim(), joined_on: values.joined_on! });
          await Promise.all(groupRecordsKeys(groupId).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
          notifications.show({ color: 'teal', message: t('groups.memberAdded') });
          onDone();
        } catch (e) {
          form.setErrors(fieldErrorsFromProblem(e, (p) => (p === 'full_name' || p === 'joined_on' ? p : null)).fields);
          setError(e);
        }
      })}
    >
      <Stack gap="md">
        <TextInput label={t('groups.memberName')} required maxLength={200} data-autofocus {...form.getInputProps('full_name')} />
        <BeDateInput label={t('groups.joinedOn')} required {...form.getInputProps('joined_on')} />
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
            {t('form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Committee({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const columns: Column<CommitteeTerm>[] = [
    { key: 'position', header: t('groups.position'), sortField: 'position', render: (c) => enumLabel('CommitteePosition', c.position, c.position_label_th) },
    { key: 'member', header: t('groups.memberName'), render: (c) => c.member_name },
    { key: 'start', header: t('groups.termStart'), sortField: 'started_on', render: (c) => formatBeDate(c.started_on, lang) },
    { key: 'end', header: t('groups.termEnd'), render: (c) => (c.ends_on ? formatBeDate(c.ends_on, lang) : '—') },
    {
      key: 'status',
      header: t('groups.termStatus'),
      render: (c) =>
        c.current ? (
          <Badge variant="light" color="teal">
            {t('groups.termCurrent')}
          </Badge>
        ) : (
          <Text size="sm">
            {t('groups.termEnded', { date: formatBeDate(c.ended_on, lang) })}
            {c.end_reason ? ` · ${enumLabel('TermEnd', c.end_reason)}` : ''}
          </Text>
        ),
    },
  ];
  return <PagedList id="group-terms" scope={[groupId]} prefix="terms" caption={t('groups.tabs.committee')} fetchPage={(p) => fetchTerms(groupId, p)} columns={columns} rowKey={(c) => c.id} emptyText={t('groups.noCommittee')} />;
}

function Fund({ group }: { group: GroupRecord }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const canWrite = useCan(WRITE_GROUPS);
  const [adding, setAdding] = useState(false);
  const accounts = useQuery({ queryKey: ['group-accounts', group.id], queryFn: () => fetchGroupBankAccounts(group.id) });
  const pickers = useMemberPickers(group.id);
  const names = new Map((pickers._all ?? []).map((o) => [o.value, o.label]));

  const columns: Column<LedgerEntry>[] = [
    { key: 'seq', header: '#', sortField: 'seq', render: (e) => e.seq, width: 60 },
    { key: 'date', header: t('groups.entryDate'), sortField: 'entry_date', render: (e) => formatBeDate(e.entry_date, lang) },
    {
      key: 'desc',
      header: t('groups.entryDescription'),
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm">{e.description}</Text>
          <Text size="xs" c="dimmed">
            {[e.member_id ? names.get(e.member_id) : null, e.reference].filter(Boolean).join(' · ')}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'amount',
      header: t('groups.amount'),
      align: 'right',
      render: (e) => (
        <Text size="sm" c={e.kind === 'withdrawal' ? 'red.8' : 'teal.9'} fw={500}>
          {e.kind === 'withdrawal' ? '−' : '+'}
          {formatBaht(e.amount, lang)}
        </Text>
      ),
    },
    { key: 'balance', header: t('groups.balanceAfter'), align: 'right', render: (e) => formatBaht(e.balance_after, lang) },
  ];

  return (
    <Stack gap="md">
      {accounts.data && accounts.data.length > 0 ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {accounts.data.map((a) => (
            <Card key={a.id} withBorder padding="md" radius="md">
              <Text fw={600}>
                {a.bank_name} · {a.branch}
              </Text>
              <Text className="tabular">{a.account_number}</Text>
              <Text size="sm">{a.account_name}</Text>
              <Text size="sm" c="dimmed">
                {t('groups.openedOn', { date: formatBeDate(a.opened_on, lang) })} · {t('groups.signatories')}: {a.signatory_member_ids.map((m) => names.get(m) ?? '—').join(', ')}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      ) : null}
      <PagedList
        id="group-ledger"
        scope={[group.id]}
        prefix="ledger"
        caption={t('groups.ledger')}
        fetchPage={(p) => fetchLedger(group.id, p)}
        columns={columns}
        rowKey={(e) => e.id}
        defaultSort="seq"
        emptyText={t('groups.noLedger')}
        renderSummary={(page) => (
          <Group justify="space-between" align="center">
            <Title order={2} size="h4">
              {t('groups.balance')}: <span data-testid="fund-balance">{formatBaht((page as LedgerPage).balance, lang)}</span>
            </Title>
            {canWrite && reached(group, 'fund_raised') ? (
              <Button size="sm" variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
                {t('groups.addEntry')}
              </Button>
            ) : null}
          </Group>
        )}
      />
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('groups.addEntry')}>
        <LedgerEntryForm groupId={group.id} members={pickers.member_id ?? []} onDone={() => setAdding(false)} />
      </Modal>
    </Stack>
  );
}

function LedgerEntryForm({ groupId, members, onDone }: { groupId: string; members: { value: string; label: string }[]; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { kind: 'contribution' as 'contribution' | 'withdrawal', amount: '' as string | number, entry_date: null as string | null, member_id: null as string | null, description: '', reference: '' },
    validate: {
      amount: (v) => (v !== '' && Number(v) > 0 ? null : t('form.required')),
      entry_date: (v) => (v ? null : t('form.required')),
      description: (v) => (v.trim() ? null : t('form.required')),
    },
  });
  const fields = new Set(['kind', 'amount', 'entry_date', 'member_id', 'description', 'reference']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (v) => {
        setError(null);
        try {
          await postLedgerEntry(groupId, {
            kind: v.kind,
            // Money goes as the decimal string typed, never through a float.
            amount: String(v.amount),
            entry_date: v.entry_date!,
            member_id: v.member_id,
            description: v.description.trim(),
            reference: v.reference.trim() || null,
          });
          await Promise.all(groupRecordsKeys(groupId).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
          notifications.show({ color: 'teal', message: t('groups.entryAdded') });
          onDone();
        } catch (e) {
          form.setErrors(fieldErrorsFromProblem(e, (p) => (fields.has(p) ? p : null)).fields);
          setError(e);
        }
      })}
    >
      <Stack gap="md">
        <Select label={t('groups.entryKind')} required allowDeselect={false} data={['contribution', 'withdrawal'].map((k) => ({ value: k, label: enumLabel('LedgerKind', k) }))} {...form.getInputProps('kind')} />
        <NumberInput label={t('groups.amount')} required decimalScale={2} min={0} thousandSeparator="," {...form.getInputProps('amount')} />
        <BeDateInput label={t('groups.entryDate')} required {...form.getInputProps('entry_date')} />
        <Select label={t('groups.entryMember')} data={members} clearable searchable placeholder={t('form.selectPlaceholder')} {...form.getInputProps('member_id')} />
        <TextInput label={t('groups.entryDescription')} required maxLength={500} {...form.getInputProps('description')} />
        <TextInput label={t('fields.reference')} maxLength={100} {...form.getInputProps('reference')} />
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
            {t('form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Evaluations({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const columns: Column<Evaluation>[] = [
    { key: 'date', header: t('fields.visited_on'), sortField: 'visited_on', render: (e) => formatBeDate(e.visited_on, lang) },
    { key: 'by', header: t('groups.visitedBy'), render: (e) => e.visited_by },
    { key: 'score', header: t('fields.score'), sortField: 'score', render: (e) => <Badge variant="light">{e.score} / 5</Badge> },
    {
      key: 'findings',
      header: t('fields.findings'),
      render: (e) => (
        <Stack gap={2}>
          <Text size="sm">{e.findings}</Text>
          {e.support_given ? (
            <Text size="xs" c="dimmed">
              {t('fields.support_given')}: {e.support_given}
            </Text>
          ) : null}
          {e.recommendations ? (
            <Text size="xs" c="dimmed">
              {t('fields.recommendations')}: {e.recommendations}
            </Text>
          ) : null}
        </Stack>
      ),
    },
  ];
  return <PagedList id="group-evaluations" scope={[groupId]} prefix="evaluations" caption={t('groups.tabs.evaluations')} fetchPage={(p) => fetchEvaluations(groupId, p)} columns={columns} rowKey={(e) => e.id} emptyText={t('groups.noEvaluations')} />;
}
