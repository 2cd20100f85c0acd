import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from './client';
import { unwrap, ApiError } from './problem';
import { clearTokens, getAccessToken, onSessionExpired, setTokens } from '../auth/session';

type Handler = (request: Request) => Response | Promise<Response>;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
const me = { id: 'u1', username: 'officer', full_name: 'สมศรี ใจดี', organisation: { id: 'o1', code: '1', name_th: 'เทศบาล', name_en: 'M', kind: 'municipality' }, roles: ['officer'], permissions: [] };

let calls: { url: string; auth: string | null; body: string }[] = [];

function serve(handler: Handler) {
  vi.stubGlobal('fetch', async (request: Request) => {
    calls.push({ url: new URL(request.url).pathname, auth: request.headers.get('Authorization'), body: await request.clone().text() });
    return handler(request);
  });
}

/** A fake API: access tokens "A1", "A2"…; refresh tokens rotate and work once. */
function fakeApi() {
  let valid = 'A1';
  let refresh = 'R1';
  let n = 1;
  return {
    expireAccess: () => {
      valid = 'none';
    },
    handler: (async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/auth/refresh') {
        const { refresh_token } = (await request.json()) as { refresh_token: string };
        if (refresh_token !== refresh) return json(401, { status: 401, code: 'auth.refresh_reused', title: 'x', type: 'x' });
        n += 1;
        valid = `A${n}`;
        refresh = `R${n}`;
        return json(200, { access_token: valid, refresh_token: refresh, token_type: 'bearer', expires_in: 900 });
      }
      if (request.headers.get('Authorization') !== `Bearer ${valid}`) return json(401, { status: 401, code: 'auth.token_expired', title: 'x', type: 'x' });
      return json(200, me);
    }) as Handler,
  };
}

beforeEach(() => {
  calls = [];
  setTokens({ access_token: 'A1', refresh_token: 'R1' });
});
afterEach(() => {
  vi.unstubAllGlobals();
  clearTokens();
});

describe('authFetch', () => {
  it('sends the bearer token', async () => {
    serve(fakeApi().handler);
    await expect(unwrap(api.GET('/api/v1/me'))).resolves.toMatchObject({ username: 'officer' });
    expect(calls).toEqual([{ url: '/api/v1/me', auth: 'Bearer A1', body: '' }]);
  });

  it('refreshes once on 401 and retries the request', async () => {
    const server = fakeApi();
    server.expireAccess();
    serve(server.handler);
    await expect(unwrap(api.GET('/api/v1/me'))).resolves.toMatchObject({ username: 'officer' });
    expect(calls.map((c) => `${c.url} ${c.auth ?? ''}`)).toEqual(['/api/v1/me Bearer A1', '/api/v1/auth/refresh ', '/api/v1/me Bearer A2']);
    expect(getAccessToken()).toBe('A2');
    expect(window.sessionStorage.getItem('chumchon.refresh')).toBe('R2');
  });

  it('shares one refresh between concurrent requests (refresh tokens work once)', async () => {
    const server = fakeApi();
    server.expireAccess();
    serve(server.handler);
    const results = await Promise.all([1, 2, 3].map(() => unwrap(api.GET('/api/v1/me'))));
    expect(results).toHaveLength(3);
    expect(calls.filter((c) => c.url === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('renews first after a reload, when only the refresh token survived', async () => {
    serve(fakeApi().handler);
    setTokens({ access_token: 'A1', refresh_token: 'R1' });
    // Simulate a reload: memory is gone, sessionStorage is not.
    clearTokens();
    window.sessionStorage.setItem('chumchon.refresh', 'R1');
    await unwrap(api.GET('/api/v1/me'));
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh', '/api/v1/me']);
  });

  it('ends the session when the refresh is refused', async () => {
    const server = fakeApi();
    server.expireAccess();
    serve(server.handler);
    window.sessionStorage.setItem('chumchon.refresh', 'stolen-and-used');
    const expired = vi.fn();
    const stop = onSessionExpired(expired);
    const error = await unwrap(api.GET('/api/v1/me')).catch((e: unknown) => e);
    stop();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(window.sessionStorage.getItem('chumchon.refresh')).toBeNull();
  });

  it('does not sign out on a network failure', async () => {
    setTokens({ access_token: 'A1', refresh_token: 'R1' });
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const error = await unwrap(api.GET('/api/v1/me')).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(0);
    expect(window.sessionStorage.getItem('chumchon.refresh')).toBe('R1');
  });
});
