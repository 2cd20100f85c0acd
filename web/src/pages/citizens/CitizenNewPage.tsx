// Registering a person. A draft survives an expired session (useDraftForm).
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { citizenKey, createCitizen } from '../../api/citizens';
import { PageHeader } from '../../components/PageHeader';
import { CitizenForm, EMPTY_CITIZEN, bodyFromValues } from './CitizenForm';

export function CitizenNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Stack gap="lg" maw={900}>
      <PageHeader title={t('citizens.addTitle')} crumbs={[{ label: t('citizens.title'), to: '/citizens' }]} />
      <CitizenForm
        draftKey="citizens.new"
        initialValues={EMPTY_CITIZEN}
        submitLabel={t('citizens.register')}
        cancelTo="/citizens"
        onSubmit={async (values) => {
          const citizen = await createCitizen(bodyFromValues(values));
          queryClient.setQueryData(citizenKey(citizen.id), citizen);
          await queryClient.invalidateQueries({ queryKey: ['list', 'citizens'] });
          notifications.show({ color: 'teal', message: t('citizens.registered', { name: citizen.full_name_th }) });
          navigate(`/citizens/${citizen.id}`);
        }}
      />
    </Stack>
  );
}
