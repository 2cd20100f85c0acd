// The session: access token in memory only (a script injected into the page cannot find it in
// storage, and it dies with the tab); refresh token in sessionStorage so a reload keeps the user
// signed in, but closing the tab ends the session. Refresh tokens rotate and work once, so all
// concurrent 401s share one refresh (single flight) instead of racing and burning the token.
import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { ApiError, unwrap } from '../api/problem';

export type TokenPair = paths['/api/v1/auth/token']['post']['responses'][200]['content']['application/json'];
type SignInForm = NonNullable<paths['/api/v1/auth/token']['post']['requestBody']>['content']['application/x-www-form-urlencoded'];

const REFRESH_KEY = 'chumchon.refresh';

/** A client without the auth wrapper: token endpoints must never trigger a refresh themselves. */
// fetch is looked up per call (not captured once) so tests can stand in for the network.
const tokenClient = createClient<paths>({ baseUrl: apiBase(), fetch: (request) => globalThis.fetch(request) });

export function apiBase(): string {
  // Same origin in production (the API serves the SPA) and in dev (Vite proxies /api).
  return typeof window === 'undefined' ? 'http://localhost' : window.location.origin;
}

let accessToken: string | null = null;
let inflightRefresh: Promise<boolean> | null = null;
const expiredListeners = new Set<() => void>();

export function getAccessToken(): string | null {
  return accessToken;
}

function getRefreshToken(): string | null {
  try {
    return window.sessionStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

export function hasSession(): boolean {
  return accessToken !== null || getRefreshToken() !== null;
}

export function setTokens(pair: Pick<TokenPair, 'access_token' | 'refresh_token'>): void {
  accessToken = pair.access_token;
  // People always get a refresh token (only machine clients go without one).
  if (pair.refresh_token) window.sessionStorage.setItem(REFRESH_KEY, pair.refresh_token);
  else window.sessionStorage.removeItem(REFRESH_KEY);
}

export function clearTokens(): void {
  accessToken = null;
  window.sessionStorage.removeItem(REFRESH_KEY);
}

/** Called when the session cannot be renewed; the app sends the user to sign in and back. */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export function expireSession(): void {
  clearTokens();
  for (const listener of expiredListeners) listener();
}

export async function signIn(username: string, password: string): Promise<void> {
  const body: SignInForm = { grant_type: 'password', username, password };
  const pair = await unwrap(
    tokenClient.POST('/api/v1/auth/token', {
      body,
      bodySerializer: (form) => new URLSearchParams(form as Record<string, string>),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }),
  );
  setTokens(pair);
}

/** Revokes the refresh token on the server (best effort) and forgets both tokens. */
export async function signOut(): Promise<void> {
  const refreshToken = getRefreshToken();
  clearTokens();
  if (!refreshToken) return;
  try {
    await tokenClient.POST('/api/v1/auth/logout', { body: { refresh_token: refreshToken } });
  } catch {
    // Offline: the token is gone from this tab and expires on the server by itself.
  }
}

/**
 * Trades the refresh token for a new pair. Resolves false when the server refuses it (expired,
 * reused, revoked); throws ApiError when the server could not be reached, so a network blip does
 * not sign anyone out.
 */
export function refreshSession(): Promise<boolean> {
  inflightRefresh ??= doRefresh().finally(() => {
    inflightRefresh = null;
  });
  return inflightRefresh;
}

async function doRefresh(): Promise<boolean> {
  const refreshToken = getRefreshToken();
  if (!refreshToken) return false;
  try {
    const pair = await unwrap(tokenClient.POST('/api/v1/auth/refresh', { body: { refresh_token: refreshToken } }));
    setTokens(pair);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status !== 0 && error.status < 500) {
      clearTokens();
      return false;
    }
    throw error;
  }
}
