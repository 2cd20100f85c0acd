// Where to send someone to sign in, and where to bring them back afterwards.
export const SIGN_IN_PATH = '/sign-in';

export function signInUrl(returnTo: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  if (returnTo && returnTo !== '/') params.set('next', returnTo);
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return query ? `${SIGN_IN_PATH}?${query}` : SIGN_IN_PATH;
}

/** Only same-app paths: a crafted ?next=https://evil.example must not become a redirect. */
export function safeReturnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith(SIGN_IN_PATH)) return '/';
  return next;
}
