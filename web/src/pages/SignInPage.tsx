import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconClockExclamation, IconHomeHeart } from '@tabler/icons-react';
import { ApiError, problemText } from '../api/problem';
import { hasSession, signIn } from '../auth/session';
import { safeReturnPath } from '../auth/paths';
import { meQuery } from '../auth/useMe';
import { LanguageSwitch } from '../components/LanguageSwitch';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const returnTo = safeReturnPath(search.get('next'));
  const expired = search.get('reason') === 'expired';
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('auth.required', { field: t('auth.username') })),
      password: (v) => (v ? null : t('auth.required', { field: t('auth.password') })),
    },
  });

  if (hasSession() && !submitting) return <Navigate to={returnTo} replace />;

  const handleSubmit = form.onSubmit(async ({ username, password }) => {
    setError(null);
    setSubmitting(true);
    try {
      await signIn(username.trim(), password);
      // The previous user's (or the expired session's) data must not show for a moment.
      queryClient.removeQueries();
      await queryClient.fetchQuery(meQuery);
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError(e);
      form.setFieldValue('password', '');
      setSubmitting(false);
    }
  });

  const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : null;

  return (
    <Box mih="100vh" bg="gray.0" p="md">
      <Group justify="flex-end">
        <LanguageSwitch />
      </Group>
      <Center mih="calc(100vh - 6rem)">
        <Paper component="main" withBorder shadow="sm" radius="lg" p="xl" w="100%" maw={420}>
          <Stack gap="lg">
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon size={44} radius="md" aria-hidden>
                <IconHomeHeart size={26} />
              </ThemeIcon>
              <div>
                <Text fw={700} fz="xl" lh={1.2}>
                  {t('app.name')}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('app.tagline')}
                </Text>
              </div>
            </Group>
            <Stack gap={6}>
              <Title order={1} size="h2">
                {t('auth.signInTitle')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('auth.signInIntro')}
              </Text>
            </Stack>

            {expired && !error ? (
              <Alert color="yellow" variant="light" icon={<IconClockExclamation aria-hidden />} role="status">
                {t('auth.sessionExpired')}
              </Alert>
            ) : null}
            {error ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert" data-testid="sign-in-error">
                {problemText(t, error)}
                {retryAfter ? ` ${t('auth.retryAfter', { seconds: retryAfter })}` : ''}
              </Alert>
            ) : null}

            <form onSubmit={handleSubmit} noValidate>
              <Stack gap="md">
                <TextInput
                  label={t('auth.username')}
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  data-autofocus
                  autoFocus
                  key={form.key('username')}
                  {...form.getInputProps('username')}
                />
                <PasswordInput label={t('auth.password')} autoComplete="current-password" required key={form.key('password')} {...form.getInputProps('password')} />
                <Button type="submit" size="md" loading={submitting} fullWidth>
                  {t('auth.signIn')}
                </Button>
              </Stack>
            </form>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
