// What the dashboard reads: the steps waiting for me (core/workflow_api.py) and the figures other
// domains already publish. Each card reads one endpoint; none of them computes what the API knows.
import { api } from './client';
import { ApiError, unwrap } from './problem';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';
import { fiscalYearBe } from '../lib/thai';

type S = components['schemas'];
export type Waiting = S['WaitingRead'];
export type WaitingPage = S['Page_WaitingRead_'];
export type Payroll = S['PayrollRead'];
export type ExpiringCard = S['ExpiringCardRead'];
export type ProjectReport = S['ProjectReport'];
export type ReportRow = S['ReportRow'];

type WaitingQuery = NonNullable<paths['/api/v1/workflow/waiting']['get']['parameters']['query']>;

/** The processes the API lists, in the order the filter offers them. */
export const PROCESSES = [
  'allowance_registration',
  'allowance_payroll',
  'disability_card_request',
  'group_formation',
  'community_plan',
  'project',
] as const;

export function fetchWaiting(params: ListParams): Promise<WaitingPage> {
  const process = params.filters.process;
  const query: WaitingQuery = {
    page: params.page,
    page_size: params.pageSize,
    ...(process && (PROCESSES as readonly string[]).includes(process) ? { process: [process] } : {}),
  };
  return unwrap(api.GET('/api/v1/workflow/waiting', { params: { query } }));
}

/**
 * A card the signed-in person may not read is left out, not shown as an error: a 403 becomes
 * `null`, which the card takes to mean "do not render".
 */
export async function unlessForbidden<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  }
}

/** The first day of this month, as the API writes a payroll's month. */
export function thisMonth(today: Date = new Date()): string {
  const m = String(today.getMonth() + 1).padStart(2, '0');
  return `${today.getFullYear()}-${m}-01`;
}

/** This month's payrolls, one per programme at most (the API has no month filter; a fiscal year holds twelve). */
export async function fetchMonthPayrolls(month: string = thisMonth()): Promise<Payroll[] | null> {
  const page = await unlessForbidden(
    unwrap(api.GET('/api/v1/allowances/payrolls', { params: { query: { fiscal_year: fiscalYearBe(month), sort: '-month', page_size: 50 } } })),
  );
  return page === null ? null : page.items.filter((p) => p.month === month);
}

export const EXPIRING_DAYS = 60;
export const EXPIRING_PREVIEW = 5;

export function fetchExpiringCards(): Promise<S['Page_ExpiringCardRead_'] | null> {
  return unlessForbidden(
    unwrap(api.GET('/api/v1/disability-cards/expiring', { params: { query: { days: EXPIRING_DAYS, page_size: EXPIRING_PREVIEW, sort: 'expires_on' } } })),
  );
}

export function fetchProjectReport(): Promise<ProjectReport | null> {
  return unlessForbidden(unwrap(api.GET('/api/v1/projects/report')));
}

// --- beneficiaries by programme and village ---------------------------------------------------------

export type BeneficiaryReport = S['BeneficiaryReport'];
export type BeneficiaryRow = S['BeneficiaryRow'];

export function fetchBeneficiaries(): Promise<BeneficiaryReport | null> {
  return unlessForbidden(unwrap(api.GET('/api/v1/allowances/reports/beneficiaries', { params: { query: { by: ['programme', 'village'] } } })));
}

export interface ProgrammeTotal {
  programme: string;
  count: number;
}

export interface VillageRow {
  key: string;
  village_no: number | null;
  village_name: string | null;
  byProgramme: Record<string, number>;
  total: number;
}

/** The report's rows folded two ways: a total per programme, and one line per village with its programmes. */
export function foldBeneficiaries(rows: readonly BeneficiaryRow[]): { programmes: ProgrammeTotal[]; villages: VillageRow[] } {
  const programmes = new Map<string, number>();
  const villages = new Map<string, VillageRow>();
  for (const row of rows) {
    const programme: string = row.programme ?? '';
    programmes.set(programme, (programmes.get(programme) ?? 0) + row.count);
    const key = row.village_id ?? '';
    const village: VillageRow = villages.get(key) ?? { key, village_no: row.village_no ?? null, village_name: row.village_name ?? null, byProgramme: {}, total: 0 };
    village.byProgramme[programme] = (village.byProgramme[programme] ?? 0) + row.count;
    village.total += row.count;
    villages.set(key, village);
  }
  return {
    programmes: [...programmes].map(([programme, count]) => ({ programme, count })).sort((a, b) => b.count - a.count),
    // Villages by their number, as the office lists them; people with no village last.
    villages: [...villages.values()].sort((a, b) => (a.village_no ?? Infinity) - (b.village_no ?? Infinity)),
  };
}
