// The typed API client every screen uses. Its fetch adds the bearer token and, on a 401, refreshes
// once and retries the same request; if the refresh is refused the session is over (see session.ts).
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { apiBase, expireSession, getAccessToken, hasSession, refreshSession } from '../auth/session';

export async function authFetch(request: Request): Promise<Response> {
  // After a reload only the refresh token survives: renew first rather than fail once.
  if (getAccessToken() === null && hasSession()) await refreshSession();
  // Cloned before sending: a body can be read once, and the retry needs it again.
  const retry = request.clone();
  const sentWith = getAccessToken();
  if (sentWith) request.headers.set('Authorization', `Bearer ${sentWith}`);
  const response = await fetch(request);
  if (response.status !== 401) return response;

  // Another request may have refreshed while this one was in flight: then just retry.
  const renewed = getAccessToken() !== null && getAccessToken() !== sentWith ? true : await refreshSession();
  if (!renewed) {
    expireSession();
    return response;
  }
  retry.headers.set('Authorization', `Bearer ${getAccessToken()}`);
  return fetch(retry);
}

export const api = createClient<paths>({ baseUrl: apiBase(), fetch: authFetch });
