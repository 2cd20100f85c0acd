import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Stack, Title } from '@mantine/core';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" gap="md">
      <Title order={1}>{t('notFound.title')}</Title>
      <Button component={Link} to="/" variant="light">
        {t('notFound.back')}
      </Button>
    </Stack>
  );
}
