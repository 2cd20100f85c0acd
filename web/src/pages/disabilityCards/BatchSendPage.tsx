// Sending requests to the provincial office together, under one cover letter: the checked ones go,
// those the province returned go again. All go or none (the API names the request that stops the
// batch). Below, the batches sent before, each with its cover letter.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileText, IconSend } from '@tabler/icons-react';
import { problemText } from '../../api/problem';
import { downloadCoverLetter, fetchBatches, fetchRequestsIn, sendBatch, type Batch, type BatchSummary, type CardRequest } from '../../api/disabilityCards';
import { BeDateInput } from '../../components/BeDateInput';
import { PageHeader } from '../../components/PageHeader';
import { PagedList, type Column } from '../../components/PagedList/PagedList';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBeDate } from '../../lib/thai';
import { RequestStateBadge } from './RequestsPage';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Bangkok' });

export function BatchSendPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const prepared = useQuery({ queryKey: ['list', 'disability-card-requests', 'sendable', 'prepared'], queryFn: () => fetchRequestsIn('prepared') });
  const returned = useQuery({ queryKey: ['list', 'disability-card-requests', 'sendable', 'returned'], queryFn: () => fetchRequestsIn('returned') });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [sentOn, setSentOn] = useState<string | null>(today());
  const [letterNo, setLetterNo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<Batch | null>(null);
  const rows: CardRequest[] = useMemo(() => [...(prepared.data?.items ?? []), ...(returned.data?.items ?? [])], [prepared.data, returned.data]);
  const allChosen = rows.length > 0 && rows.every((r) => chosen.has(r.id));

  const send = async () => {
    setError(null);
    if (!sentOn || chosen.size === 0) return;
    setSending(true);
    try {
      const batch = await sendBatch({ request_ids: rows.filter((r) => chosen.has(r.id)).map((r) => r.id), sent_on: sentOn, ...(letterNo.trim() ? { letter_no: letterNo.trim() } : {}) });
      setSent(batch);
      setChosen(new Set());
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['list', 'disability-card-requests'] }), queryClient.invalidateQueries({ queryKey: ['list', 'disability-card-batches'] }), queryClient.invalidateQueries({ queryKey: ['disability-card-request'] })]);
      notifications.show({ color: 'teal', message: t('disabilityCards.batchSent', { count: batch.request_count }) });
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  const loading = prepared.isPending || returned.isPending;
  const failed = prepared.isError ? prepared : returned.isError ? returned : null;
  return (
    <Stack gap="lg">
      <PageHeader title={t('disabilityCards.sendTitle')} intro={t('disabilityCards.sendIntro')} crumbs={[{ label: t('disabilityCards.title'), to: '/disability-cards' }]} />
      {sent ? <SentCard batch={sent} /> : null}
      <Paper withBorder p="lg" radius="md">
        {loading ? (
          <LoadingView />
        ) : failed ? (
          <ErrorView error={failed.error} onRetry={() => void failed.refetch()} />
        ) : rows.length === 0 ? (
          <Text c="dimmed">{t('disabilityCards.nothingToSend')}</Text>
        ) : (
          <Stack gap="md">
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label={t('disabilityCards.sendable')} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>
                      <Checkbox aria-label={t('disabilityCards.chooseAll')} checked={allChosen} indeterminate={chosen.size > 0 && !allChosen} onChange={() => setChosen(allChosen ? new Set() : new Set(rows.map((r) => r.id)))} />
                    </Table.Th>
                    <Table.Th>{t('disabilityCards.person')}</Table.Th>
                    <Table.Th>{t('disabilityCards.kind')}</Table.Th>
                    <Table.Th>{t('disabilityCards.state')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Checkbox
                          aria-label={t('disabilityCards.choose', { name: r.person.full_name_th })}
                          checked={chosen.has(r.id)}
                          onChange={(ev) => {
                            const on = ev.currentTarget.checked;
                            setChosen((s) => {
                              const next = new Set(s);
                              if (on) next.add(r.id);
                              else next.delete(r.id);
                              return next;
                            });
                          }}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/disability-cards/requests/${r.id}`}>
                          {r.person.full_name_th}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{enumLabel('RequestKind', r.kind, r.kind_label_th)}</Table.Td>
                      <Table.Td>
                        <RequestStateBadge request={r} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group align="flex-end" gap="md" wrap="wrap">
              <BeDateInput label={t('disabilityCards.sentOn')} required value={sentOn} onChange={setSentOn} w={200} />
              <TextInput label={t('disabilityCards.letterNo')} description={t('disabilityCards.letterNoHint')} maxLength={60} value={letterNo} onChange={(e) => setLetterNo(e.currentTarget.value)} w={260} />
            </Group>
            {error ? (
              <Alert color="red" variant="light" role="alert">
                {problemText(t, error)}
              </Alert>
            ) : null}
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {t('disabilityCards.chosenCount', { count: chosen.size })}
              </Text>
              <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => void send()} loading={sending} disabled={chosen.size === 0 || !sentOn}>
                {t('disabilityCards.send')}
              </Button>
            </Group>
          </Stack>
        )}
      </Paper>
      <Batches lang={lang} />
    </Stack>
  );
}

function CoverLetterButton({ batch, variant = 'default' }: { batch: Pick<BatchSummary, 'id' | 'number'>; variant?: 'default' | 'filled' | 'subtle' }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size={variant === 'subtle' ? 'xs' : 'sm'}
      variant={variant}
      leftSection={<IconFileText size={16} aria-hidden />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadCoverLetter(batch);
        } catch (error) {
          notifications.show({ color: 'red', message: problemText(t, error) });
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('disabilityCards.coverLetter')}
    </Button>
  );
}

function SentCard({ batch }: { batch: Batch }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <Card withBorder padding="md" radius="md" data-testid="batch-sent" bg="teal.0">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2} size="h4">
            {t('disabilityCards.batchNo', { number: batch.number })}
          </Title>
          <Text size="sm">{t('disabilityCards.batchLine', { date: formatBeDate(batch.sent_on, lang, 'long'), letter: batch.letter_no ?? '—', count: batch.request_count, by: batch.sent_by_name })}</Text>
          <Text size="sm">{batch.items.map((i) => i.full_name_th).join(', ')}</Text>
        </Stack>
        <CoverLetterButton batch={batch} variant="filled" />
      </Group>
    </Card>
  );
}

function Batches({ lang }: { lang: 'th' | 'en' }) {
  const { t } = useTranslation();
  const columns: Column<BatchSummary>[] = [
    { key: 'number', header: t('disabilityCards.batchNumber'), sortField: 'number', render: (b) => b.number },
    { key: 'sent', header: t('disabilityCards.sentOn'), sortField: 'sent_on', render: (b) => formatBeDate(b.sent_on, lang) },
    { key: 'letter', header: t('disabilityCards.letterNo'), render: (b) => b.letter_no ?? '—' },
    { key: 'count', header: t('disabilityCards.requestCount'), align: 'right', render: (b) => b.request_count },
    { key: 'by', header: t('disabilityCards.sentBy'), render: (b) => b.sent_by_name },
    { key: 'pdf', header: '', render: (b) => <CoverLetterButton batch={b} variant="subtle" /> },
  ];
  return (
    <Stack gap="sm" component="section" aria-labelledby="batches-title">
      <Title order={2} size="h4" id="batches-title">
        {t('disabilityCards.batchesTitle')}
      </Title>
      <PagedList id="disability-card-batches" prefix="batches" caption={t('disabilityCards.batchesTitle')} fetchPage={fetchBatches} columns={columns} rowKey={(b) => b.id} defaultSort="-number" emptyText={t('disabilityCards.noBatches')} />
    </Stack>
  );
}
