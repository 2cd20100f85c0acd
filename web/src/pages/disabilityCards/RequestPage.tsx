// One disability card request: the person and what is asked, the documents checklist (ticked
// while the municipality holds the request, saved with If-Match), and its steps in the
// StepTracker — the officer's (check, send, cancel) and the provincial office's, which show
// closed here with the reason (the province acts through its own system).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileText } from '@tabler/icons-react';
import { useCan } from '../../auth/useMe';
import { ApiError, problemText } from '../../api/problem';
import { useVillages } from '../../api/villages';
import { useFireTransition, workflowQuery } from '../../api/workflow';
import { EDITABLE, REQUEST_SUBJECT, WRITE_CARDS, checklistFor, downloadCoverLetter, fetchBatch, fetchRequest, requestKey, requestRecordsKeys, setDocuments, type CardRequest, type DocumentKind } from '../../api/disabilityCards';
import { DetailList } from '../../components/DetailList';
import { PageHeader } from '../../components/PageHeader';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { StepTracker } from '../../components/StepTracker/StepTracker';
import { currentLang } from '../../i18n';
import { enumLabel } from '../../lib/labels';
import { formatBeDate } from '../../lib/thai';
import { RequestStateBadge } from './RequestsPage';

// Evidence fields whose values are codes, so done steps read in words.
const EVIDENCE_CODES = { reason: 'ReturnReason' };

export function RequestPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const query = useQuery({ queryKey: requestKey(id), queryFn: () => fetchRequest(id) });
  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;
  const date = (d: string | null | undefined) => (d ? formatBeDate(d, lang, 'long') : '');
  return (
    <Stack gap="lg">
      <PageHeader
        title={r.person.full_name_th}
        crumbs={[{ label: t('disabilityCards.title'), to: '/disability-cards' }]}
        badge={<RequestStateBadge request={r} size="lg" />}
        intro={[enumLabel('RequestKind', r.kind, r.kind_label_th), r.person.national_id_masked, villages.label(r.person.village_id)].filter(Boolean).join(' · ')}
      />
      <Card withBorder padding="md" radius="md">
        <DetailList
          cols={3}
          items={[
            {
              label: t('disabilityCards.person'),
              value: (
                <Anchor component={Link} to={`/citizens/${r.person.citizen_id}`}>
                  {r.person.full_name_th}
                </Anchor>
              ),
            },
            { label: t('disabilityCards.types'), value: r.disability_types.map((d) => enumLabel('DisabilityType', d.code, d.label_th)).join(', '), wide: true },
            ...(r.replacement_reason ? [{ label: t('disabilityCards.replacementReason'), value: enumLabel('ReplacementReason', r.replacement_reason) }] : []),
            ...(r.details_changed ? [{ label: t('disabilityCards.detailsChanged'), value: r.details_changed }] : []),
            ...(r.previous_card_no ? [{ label: t('disabilityCards.previousCardNo'), value: `${r.previous_card_no}${r.previous_card_expires_on ? ` (${t('disabilityCards.expires', { date: date(r.previous_card_expires_on) })})` : ''}` }] : []),
            ...(r.guardian ? [{ label: t('disabilityCards.guardian'), value: `${r.guardian.name} (${r.guardian.relationship}) · ${r.guardian.national_id_masked}${r.guardian.phone ? ` · ${r.guardian.phone}` : ''}` }] : []),
            { label: t('disabilityCards.preparedOn'), value: date(r.prepared_on) },
            { label: t('disabilityCards.lastSentOn'), value: r.last_sent_on ? `${date(r.last_sent_on)}${r.send_count > 1 ? ` (${t('disabilityCards.sendCount', { count: r.send_count })})` : ''}` : '' },
            { label: t('disabilityCards.receivedOn'), value: r.received_on ? `${date(r.received_on)}${r.province_reference ? ` · ${r.province_reference}` : ''}` : '' },
            ...(r.returned_on ? [{ label: t('disabilityCards.returnedOn'), value: `${date(r.returned_on)} · ${enumLabel('ReturnReason', r.return_reason, r.return_reason_label_th)}${r.return_note ? ` · ${r.return_note}` : ''}`, wide: true }] : []),
            ...(r.note ? [{ label: t('disabilityCards.note'), value: r.note, wide: true }] : []),
          ]}
        />
      </Card>
      {r.card ? (
        <Alert color="teal" variant="light" title={t('disabilityCards.cardIssued')} data-testid="card-issued">
          {t('disabilityCards.cardLine', { number: r.card.card_number, issued: date(r.card.issued_on), expires: date(r.card.expires_on) })}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Documents key={r.version} request={r} />
        {r.last_batch_id ? <LastBatch batchId={r.last_batch_id} /> : null}
      </SimpleGrid>
      <Steps request={r} />
    </Stack>
  );
}

function Steps({ request }: { request: CardRequest }) {
  const params = { request_id: request.id };
  const view = useQuery(workflowQuery(REQUEST_SUBJECT, params));
  const fire = useFireTransition(REQUEST_SUBJECT, params, requestRecordsKeys(request.id));
  if (view.isPending) return <LoadingView />;
  if (view.isError) return <ErrorView error={view.error} onRetry={() => void view.refetch()} />;
  return <StepTracker view={view.data} subjectKey={`disabilityCards.${request.id}`} onTransition={fire} codes={EVIDENCE_CODES} />;
}

function Documents({ request }: { request: CardRequest }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan(WRITE_CARDS);
  const editable = canWrite && EDITABLE.includes(request.state);
  const had = new Map(request.documents.map((d) => [d.kind, d]));
  // The papers on the list: those the API holds (required or not), then the rest this kind may need.
  const kinds: DocumentKind[] = [...request.documents.map((d) => d.kind), ...checklistFor(request.kind, request.replacement_reason, request.guardian !== null).filter((k) => !had.has(k))];
  const [ticked, setTicked] = useState<Set<DocumentKind>>(() => new Set(request.documents.filter((d) => d.received).map((d) => d.kind)));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const changed = kinds.some((k) => ticked.has(k) !== (had.get(k)?.received ?? false));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const documents = kinds.filter((k) => ticked.has(k) || had.has(k)).map((kind) => ({ kind, received: ticked.has(kind), file_ref: had.get(kind)?.file_ref ?? null }));
      const saved = await setDocuments(request.id, request.version, documents);
      queryClient.setQueryData(requestKey(request.id), saved);
      await queryClient.invalidateQueries({ queryKey: ['workflow', REQUEST_SUBJECT] });
      notifications.show({ color: 'teal', message: t('disabilityCards.documentsSaved') });
    } catch (e) {
      setError(e);
      // Someone else changed the request: load it as it is now, with their ticks.
      if (e instanceof ApiError && e.code === 'conflict.stale_version') await queryClient.invalidateQueries({ queryKey: requestKey(request.id) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="documents-title">
      <Title order={2} size="h4" id="documents-title" mb="sm">
        {t('disabilityCards.checklist')}
      </Title>
      <Stack gap="xs">
        {kinds.map((k) => (
          <Group key={k} gap="xs" wrap="nowrap">
            <Checkbox
              label={enumLabel('DocumentKind', k, had.get(k)?.label_th)}
              checked={ticked.has(k)}
              disabled={!editable}
              onChange={(ev) => {
                const on = ev.currentTarget.checked;
                setTicked((s) => {
                  const next = new Set(s);
                  if (on) next.add(k);
                  else next.delete(k);
                  return next;
                });
              }}
            />
            {had.get(k)?.required ? (
              <Badge size="xs" variant="outline" color="gray">
                {t('disabilityCards.required')}
              </Badge>
            ) : null}
          </Group>
        ))}
        {request.missing_documents.length ? (
          <Alert color="orange" variant="light" title={t('disabilityCards.missingTitle')} data-testid="missing-documents">
            <List size="sm">
              {request.missing_documents.map((m) => (
                <List.Item key={m.kinds.join('|')}>{m.kinds.map((k) => enumLabel('DocumentKind', k)).join(t('disabilityCards.or'))}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <Text size="sm" c="teal.9">
            {t('disabilityCards.documentsComplete')}
          </Text>
        )}
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {problemText(t, error)}
          </Alert>
        ) : null}
        {editable ? (
          <Group justify="flex-end">
            <Button onClick={() => void save()} loading={saving} disabled={!changed}>
              {t('disabilityCards.saveDocuments')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

function LastBatch({ batchId }: { batchId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const batch = useQuery({ queryKey: ['disability-card-batch', batchId], queryFn: () => fetchBatch(batchId) });
  const [busy, setBusy] = useState(false);
  if (!batch.data) return null;
  const b = batch.data;
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="batch-title">
      <Title order={2} size="h4" id="batch-title" mb="sm">
        {t('disabilityCards.batchNo', { number: b.number })}
      </Title>
      <Text size="sm">{t('disabilityCards.batchLine', { date: formatBeDate(b.sent_on, lang, 'long'), letter: b.letter_no ?? '—', count: b.request_count, by: b.sent_by_name })}</Text>
      <Button
        mt="sm"
        variant="default"
        leftSection={<IconFileText size={16} aria-hidden />}
        loading={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await downloadCoverLetter(b);
          } catch (error) {
            notifications.show({ color: 'red', message: problemText(t, error) });
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('disabilityCards.coverLetter')}
      </Button>
    </Card>
  );
}
