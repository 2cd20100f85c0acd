// Errors from the API are RFC 9457 problem+json with a stable `code`. ApiError carries one through
// TanStack Query to the screen, where `problemText` turns the code into Thai or English.
import type { TFunction } from 'i18next';
import i18n from '../i18n';
import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
export type FieldProblem = NonNullable<Problem['errors']>[number];

/** `status` 0 means the request never got an answer (network down, server stopped). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Partial<Problem> | null;
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: Partial<Problem> | null, retryAfterSeconds: number | null = null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get code(): string | null {
    return this.problem?.code ?? null;
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, { code: 'network' });
    error.cause = cause;
    return error;
  }

  static fromResponse(response: Response, body: unknown): ApiError {
    const problem = body !== null && typeof body === 'object' ? (body as Partial<Problem>) : null;
    const retryAfter = Number(response.headers.get('Retry-After'));
    return new ApiError(response.status, problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws ApiError. Keeps the generated
 * response type, so screens never restate what the contract already says.
 */
export async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<NonNullable<R['data']>> {
  let result: R;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw ApiError.network(cause);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) throw ApiError.fromResponse(response, error);
  return data as NonNullable<R['data']>;
}

/**
 * Our words for a stable code from the API, or null when we have none. Code tables are flat
 * (`codes`, `roles`, `orgKinds` in the locale files) because codes contain dots and one code may
 * be a prefix of another (`forbidden`, `forbidden.permission`).
 */
export function translateCode(table: 'codes' | 'roles' | 'orgKinds' | 'timelineActions' | 'transitions', code: string | null | undefined): string | null {
  if (!code) return null;
  for (const lng of [i18n.language, 'th']) {
    const words = (i18n.getResource(lng, 'translation', table) as Record<string, unknown> | undefined)?.[code];
    if (typeof words === 'string') return words;
  }
  return null;
}

/** What to tell a person about an error: our words for a known code, else the server's detail. */
export function problemText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  if (error.status === 0) return t('errors.network');
  return translateCode('codes', error.code) ?? error.problem?.detail ?? error.problem?.title ?? t('errors.generic');
}
