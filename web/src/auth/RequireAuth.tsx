import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Center } from '@mantine/core';
import { ApiError } from '../api/problem';
import { ErrorView, LoadingView } from '../components/StateViews';
import { setDraftOwner } from '../lib/drafts';
import { hasSession } from './session';
import { signInUrl } from './paths';
import { useMe } from './useMe';

/** Guards the signed-in part of the app; children render only once we know who the user is. */
export function RequireAuth() {
  const location = useLocation();
  const { t } = useTranslation();
  const me = useMe();
  const returnTo = `${location.pathname}${location.search}`;

  if (!hasSession()) return <Navigate to={signInUrl(returnTo)} replace />;
  if (me.isPending) return <LoadingView />;
  if (me.isError) {
    // A 401 here means the refresh failed too; SessionExpiryWatcher is already redirecting.
    if (me.error instanceof ApiError && me.error.status === 401) return <LoadingView />;
    return (
      <Center p="xl">
        <ErrorView error={me.error} title={t('errors.generic')} onRetry={() => void me.refetch()} />
      </Center>
    );
  }
  // Set during render, before any child form mounts and reads its draft.
  setDraftOwner(me.data.id);
  return <Outlet />;
}
