// Correcting a person's record. The change is made from the version the form was opened with
// (If-Match); if someone saved in between, the API answers 409 and the officer is told so, in
// plain Thai, with a button that loads the record as it is now.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { ApiError } from '../../api/problem';
import { citizenKey, fetchCitizen, updateCitizen, type Citizen, type CitizenUpdate } from '../../api/citizens';
import { ErrorView, LoadingView } from '../../components/StateViews';
import { PageHeader } from '../../components/PageHeader';
import { clearDraft } from '../../lib/drafts';
import { CitizenForm, bodyFromValues, valuesFromCitizen } from './CitizenForm';

/** Only what the officer changed: an untouched field is not sent, so it cannot undo anyone's edit. */
export function changedFields(before: Citizen, values: ReturnType<typeof valuesFromCitizen>): CitizenUpdate {
  const was = bodyFromValues(valuesFromCitizen(before));
  const now = bodyFromValues(values);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(now) as (keyof typeof now)[]) {
    if (key === 'national_id') {
      if (now.national_id) patch.national_id = now.national_id;
    } else if (now[key] !== was[key]) {
      patch[key] = now[key];
    }
  }
  return patch as CitizenUpdate;
}

export function CitizenEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery({ queryKey: citizenKey(id), queryFn: () => fetchCitizen(id) });
  // Which copy of the record the form was opened from; bumping it reopens the form from the latest.
  const [opened, setOpened] = useState(0);

  if (query.isPending) return <LoadingView />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack gap="lg" maw={900}>
      <PageHeader
        title={t('citizens.editTitle', { name: query.data.full_name_th })}
        crumbs={[
          { label: t('citizens.title'), to: '/citizens' },
          { label: query.data.full_name_th, to: `/citizens/${id}` },
        ]}
      />
      <EditForm
        key={opened}
        citizen={query.data}
        onReload={async () => {
          clearDraft(`citizens.edit.${id}`);
          await query.refetch();
          setOpened((n) => n + 1);
        }}
      />
    </Stack>
  );
}

function EditForm({ citizen, onReload }: { citizen: Citizen; onReload: () => Promise<void> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Held from the moment the form opened: a background refetch must not move it along silently.
  const [base] = useState(citizen);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);

  const banner = stale ? (
    <Alert color="orange" variant="light" role="alert" title={t('citizens.staleTitle')} data-testid="stale-alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('citizens.staleBody')}</Text>
        <Button
          size="xs"
          variant="white"
          color="orange"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={reloading}
          onClick={async () => {
            setReloading(true);
            await onReload();
          }}
        >
          {t('citizens.staleReload')}
        </Button>
      </Stack>
    </Alert>
  ) : null;

  return (
    <CitizenForm
      draftKey={`citizens.edit.${base.id}`}
      initialValues={valuesFromCitizen(base)}
      editing
      submitLabel={t('form.save')}
      cancelTo={`/citizens/${base.id}`}
      banner={banner}
      onSubmit={async (values) => {
        const patch = changedFields(base, values);
        if (Object.keys(patch).length === 0) {
          notifications.show({ message: t('citizens.nothingChanged') });
          navigate(`/citizens/${base.id}`);
          return;
        }
        try {
          const saved = await updateCitizen(base.id, base.version, patch);
          setStale(false);
          queryClient.setQueryData(citizenKey(saved.id), saved);
          await queryClient.invalidateQueries({ queryKey: ['list', 'citizens'] });
          notifications.show({ color: 'teal', message: t('citizens.saved') });
          navigate(`/citizens/${saved.id}`);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'conflict.stale_version') setStale(true);
          throw error;
        }
      }}
    />
  );
}
