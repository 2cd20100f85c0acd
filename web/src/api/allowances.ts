// Allowances (allowances/router.py): programmes, registration windows, registrations with their
// eligibility and request form, the monthly payrolls with their lines and files, and the
// beneficiaries export (imports/router.py `exports_router`). Both processes (registration,
// payroll) go through workflow.ts like every other step process.
import { api } from './client';
import { fetchFile as fetchFileAt, saveBlob } from './files';
import { unwrap } from './problem';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';
import { apiBase } from '../auth/session';

type S = components['schemas'];
export type Programme = S['ProgrammeRead'];
export type ProgrammeCode = S['ProgrammeCode'];
export type RegistrationKind = S['RegistrationKind'];
export type DocumentKind = S['chumchon__allowances__programmes__DocumentKind'];
export type Registration = S['RegistrationRead'];
export type RegistrationCreate = S['RegistrationCreate'];
export type RegistrationUpdate = S['RegistrationUpdate'];
export type DocumentIn = S['DocumentIn'];
export type Eligibility = S['EligibilityRead'];
export type EligibilityCheck = S['EligibilityCheck'];
export type Window = S['WindowRead'];
export type Payroll = S['PayrollRead'];
export type PayrollLine = S['PayrollLineRead'];
export type PayrollCreate = S['PayrollCreate'];
export type LineFailure = S['LineFailure'];
export type FailureReason = S['FailureReason'];

type RegistrationQuery = NonNullable<paths['/api/v1/allowances/registrations']['get']['parameters']['query']>;
type PayrollQuery = NonNullable<paths['/api/v1/allowances/payrolls']['get']['parameters']['query']>;
type LineQuery = NonNullable<paths['/api/v1/allowances/payrolls/{payroll_id}/lines']['get']['parameters']['query']>;

export const REGISTRATION_SUBJECT = '/api/v1/allowances/registrations/{registration_id}' as const;
export const PAYROLL_SUBJECT = '/api/v1/allowances/payrolls/{payroll_id}' as const;

export const WRITE_ALLOWANCES = 'allowances:write';
export const PREPARE_PAYROLL = 'payroll:prepare';
export const PAY_PAYROLL = 'payroll:pay';

export const READ_SENSITIVE = 'sensitive:read';

export const PROGRAMMES = ['elderly', 'disability', 'hiv'] as const satisfies readonly ProgrammeCode[];
/** Health data (HIV/AIDS): listed, counted and computed only for people with `sensitive:read`. */
export const SENSITIVE_PROGRAMMES: readonly ProgrammeCode[] = ['hiv'];
// The states of allowances/workflow.py, in the order a registration moves through them.
export const REGISTRATION_STATES = ['documents_received', 'recorded', 'verified', 'approved', 'rejected', 'active', 'suspended', 'ended'] as const;
export const PAYROLL_STATES = ['draft', 'checked', 'approved', 'exported', 'paid', 'partly_failed'] as const;
export const LINE_STATUSES = ['pending', 'exported', 'paid', 'failed'] as const;
export const FAILURE_REASONS = ['account_closed', 'account_not_found', 'returned', 'other'] as const satisfies readonly FailureReason[];

const paging = (params: ListParams) => ({ page: params.page, page_size: params.pageSize, ...(params.sort ? { sort: params.sort } : {}) });
const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => ((values as readonly string[]).includes(value ?? '') ? (value as T) : undefined);
const year = (text: string | undefined) => (text !== undefined && /^\d{4}$/.test(text) ? Number(text) : undefined);

// --- programmes and windows -------------------------------------------------------------------

export const programmesKey = ['allowance-programmes'] as const;

export function fetchProgrammes() {
  return unwrap(api.GET('/api/v1/allowances/programmes'));
}

export function fetchWindows(programme: ProgrammeCode) {
  return unwrap(api.GET('/api/v1/allowances/windows', { params: { query: { programme } } }));
}

// --- registrations ------------------------------------------------------------------------------

export function fetchRegistrations(params: ListParams) {
  const { programme, state, village_id, fiscal_year, citizen_id } = params.filters;
  const p = oneOf(PROGRAMMES, programme);
  const s = oneOf(REGISTRATION_STATES, state);
  const fy = year(fiscal_year);
  const query: RegistrationQuery = {
    ...paging(params),
    ...(p ? { programme: p } : {}),
    ...(s ? { state: s } : {}),
    ...(village_id ? { village_id } : {}),
    ...(citizen_id ? { citizen_id } : {}),
    ...(fy ? { fiscal_year: fy } : {}),
  };
  return unwrap(api.GET('/api/v1/allowances/registrations', { params: { query } }));
}

export const registrationKey = (id: string) => ['allowance-registration', id] as const;
/** What a registration's step may change: the record, its checks, the lists it is in. */
export const registrationStaleKeys = (id: string, citizenId?: string) =>
  [registrationKey(id), ['allowance-eligibility', id], ['list', 'registrations'], ['list', 'citizen-registrations'], ...(citizenId ? [['citizen', citizenId]] : [])] as const;

export function fetchRegistration(id: string) {
  return unwrap(api.GET('/api/v1/allowances/registrations/{registration_id}', { params: { path: { registration_id: id } } }));
}

export function createRegistration(body: RegistrationCreate) {
  return unwrap(api.POST('/api/v1/allowances/registrations', { body }));
}

/** A correction made from the version on screen: a stale one gets 409. */
export function updateRegistration(id: string, version: number, body: RegistrationUpdate) {
  return unwrap(
    api.PATCH('/api/v1/allowances/registrations/{registration_id}', {
      params: { path: { registration_id: id }, header: { 'If-Match': `"${version}"` } },
      body,
    }),
  );
}

export function fetchEligibility(id: string) {
  return unwrap(api.GET('/api/v1/allowances/registrations/{registration_id}/eligibility', { params: { path: { registration_id: id } } }));
}

// --- payrolls -------------------------------------------------------------------------------------

export function fetchPayrolls(params: ListParams) {
  const { programme, state, fiscal_year } = params.filters;
  const p = oneOf(PROGRAMMES, programme);
  const s = oneOf(PAYROLL_STATES, state);
  const fy = year(fiscal_year);
  const query: PayrollQuery = { ...paging(params), ...(p ? { programme: p } : {}), ...(s ? { state: s } : {}), ...(fy ? { fiscal_year: fy } : {}) };
  return unwrap(api.GET('/api/v1/allowances/payrolls', { params: { query } }));
}

export const payrollKey = (id: string) => ['allowance-payroll', id] as const;
export const payrollStaleKeys = (id: string) => [payrollKey(id), ['list', 'payroll-lines'], ['list', 'payrolls']] as const;

export function fetchPayroll(id: string) {
  return unwrap(api.GET('/api/v1/allowances/payrolls/{payroll_id}', { params: { path: { payroll_id: id } } }));
}

export function createPayroll(body: PayrollCreate) {
  return unwrap(api.POST('/api/v1/allowances/payrolls', { body }));
}

export function recomputePayroll(id: string) {
  return unwrap(api.POST('/api/v1/allowances/payrolls/{payroll_id}/recompute', { params: { path: { payroll_id: id } } }));
}

export function fetchPayrollLines(id: string, params: ListParams) {
  const status = oneOf(LINE_STATUSES, params.filters.status);
  const query: LineQuery = { ...paging(params), ...(status ? { status } : {}) };
  return unwrap(api.GET('/api/v1/allowances/payrolls/{payroll_id}/lines', { params: { path: { payroll_id: id }, query } }));
}

export function failLine(payrollId: string, lineId: string, body: LineFailure) {
  return unwrap(api.POST('/api/v1/allowances/payrolls/{payroll_id}/lines/{line_id}/fail', { params: { path: { payroll_id: payrollId, line_id: lineId } }, body }));
}

// --- files -------------------------------------------------------------------------------------------

/** The files this domain hands out, by the contract's paths (so a renamed route fails the build). */
type FilePath =
  | '/api/v1/allowances/registrations/{registration_id}/request-form.pdf'
  | '/api/v1/allowances/programmes/{programme}/notice.pdf'
  | '/api/v1/allowances/payrolls/{payroll_id}/roster.xlsx'
  | '/api/v1/allowances/payrolls/{payroll_id}/roster.pdf'
  | '/api/v1/allowances/payrolls/{payroll_id}/bank-file'
  | '/api/v1/exports/beneficiaries.xlsx';

export interface FileRequest {
  path: FilePath;
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
}

/** The request's path under the API base, with its parameters filled in. */
function filePath({ path, params = {}, query = {} }: FileRequest): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  return `${filled}${search.size ? `?${search}` : ''}`;
}

export function fileUrl(request: FileRequest): string {
  return `${apiBase()}${filePath(request)}`;
}

export { fileNameOf } from './files';

/** Fetches a file of this domain with the session's token and hands back its bytes and name. */
export function fetchFile(request: FileRequest): Promise<{ blob: Blob; name: string }> {
  return fetchFileAt(filePath(request), request.path.split('/').pop() ?? 'file');
}

/** Saves a file the way a link with `download` does. */
export async function downloadFile(request: FileRequest): Promise<void> {
  const { blob, name } = await fetchFile(request);
  saveBlob(blob, name);
}

/**
 * Opens a PDF in a new tab, to print. The tab is opened at the click (browsers block pop-ups
 * opened later, after an await) and given the file once it has arrived; if the browser blocks
 * it anyway, the file is saved instead.
 */
export async function openPdf(request: FileRequest): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const { blob, name } = await fetchFile(request);
    const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    if (tab) {
      tab.location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } else {
      URL.revokeObjectURL(url);
      saveBlob(blob, name);
    }
  } catch (error) {
    tab?.close();
    throw error;
  }
}
