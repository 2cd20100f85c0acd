import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { onSessionExpired } from './session';
import { SIGN_IN_PATH, signInUrl } from './paths';

/**
 * When the session cannot be renewed, go to sign-in and remember where the user was. Drafts stay
 * in sessionStorage (lib/drafts.ts), so the form they were filling in comes back after sign-in.
 */
export function SessionExpiryWatcher() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  useEffect(
    () =>
      onSessionExpired(() => {
        if (window.location.pathname === SIGN_IN_PATH) return;
        navigate(signInUrl(`${location.pathname}${location.search}`, 'expired'), { replace: true });
        // Cached data belongs to a session that is over; drop it once the screens are gone.
        queueMicrotask(() => queryClient.removeQueries());
      }),
    [navigate, location.pathname, location.search, queryClient],
  );
  return null;
}
